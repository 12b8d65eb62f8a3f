package dev.keyless.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A JCA provider doing the ECDSA arithmetic. The JDK's SunEC stands in for the native provider the services use
 * (it is not on this module's class path): what is checked is the plumbing around any provider.
 */
class EcdsaBackendTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] MESSAGE = "a message".getBytes(StandardCharsets.UTF_8);

    private static final EcdsaBackend SUN_EC = EcdsaBackend.using(Security.getProvider("SunEC"));

    private static HashAlgorithm hashOf(EcCurve curve) {
        return switch (curve) {
            case P256 -> HashAlgorithm.SHA256;
            case P384 -> HashAlgorithm.SHA384;
            case P521 -> HashAlgorithm.SHA512;
        };
    }

    @ParameterizedTest
    @EnumSource(EcCurve.class)
    void withAProviderSignaturesComeFromItAndVerifyEitherWay(EcCurve curve) throws Exception {
        KeyPair pair = PrivateKeys.generateEc(curve, RANDOM);
        HashAlgorithm hash = hashOf(curve);
        byte[] bouncyCastle = EcdsaSigner.of(pair).sign(MESSAGE);
        assertThat(EcdsaSigner.of(pair).sign(MESSAGE)).as("RFC 6979 without a provider").isEqualTo(bouncyCastle);

        EcdsaSigner signer = EcdsaSigner.of(pair, SUN_EC);
        EcdsaVerifier verifier = EcdsaVerifier.of(pair.getPublic(), SUN_EC);
        byte[] first = signer.sign(MESSAGE);
        byte[] second = signer.sign(MESSAGE);
        assertThat(first).as("the provider's random nonces").isNotEqualTo(second);
        assertThat(signer.deterministic().sign(MESSAGE)).as("deterministic() keeps RFC 6979").isEqualTo(bouncyCastle);
        for (byte[] sig : new byte[][] {first, second, bouncyCastle}) {
            verifier.verifyMessage(hash, MESSAGE, sig);
            verifier.verifyDigestWithBouncyCastle(hash.digest(MESSAGE), sig);
            SignatureVerifier.verifyMessage(pair.getPublic(), signer.algorithm(), MESSAGE, sig);
            SignatureVerifier.verifyMessage(SUN_EC, pair.getPublic(), signer.algorithm(), MESSAGE, sig);
        }
        byte[] other = "another message".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> verifier.verifyMessage(hash, other, first)).isInstanceOf(SignatureVerificationException.class);
        KeyPair stranger = PrivateKeys.generateEc(curve, RANDOM);
        assertThatThrownBy(() -> EcdsaVerifier.of(stranger.getPublic(), SUN_EC).verifyMessage(hash, MESSAGE, first))
                .isInstanceOf(SignatureVerificationException.class);
    }

    @Test
    void withAProviderSignaturesAreStillParsedStrictlyHere() throws Exception {
        KeyPair pair = PrivateKeys.generateEc(EcCurve.P256, RANDOM);
        byte[] sig = EcdsaSigner.of(pair).sign(MESSAGE);
        EcdsaVerifier verifier = EcdsaVerifier.of(pair.getPublic(), SUN_EC);
        verifier.verifyMessage(HashAlgorithm.SHA256, MESSAGE, sig);

        byte[] trailing = Arrays.copyOf(sig, sig.length + 1);
        byte[] longForm = new byte[sig.length + 1]; // SEQUENCE length in BER long form: 30 81 LL ...
        longForm[0] = 0x30;
        longForm[1] = (byte) 0x81;
        System.arraycopy(sig, 1, longForm, 2, sig.length - 1);
        byte[] zeroR = {0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x01};
        for (byte[] bad : new byte[][] {trailing, longForm, zeroR, new byte[0]}) {
            assertThatThrownBy(() -> verifier.verifyMessage(HashAlgorithm.SHA256, MESSAGE, bad))
                    .isInstanceOf(SignatureVerificationException.class);
        }
    }

    @Test
    void aProviderThatAcceptsACorruptedSignatureIsRefused() {
        assertThatThrownBy(() -> EcdsaBackend.using(new AcceptsEverything()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("accepts a corrupted");
    }

    @Test
    void aProviderWithoutEcdsaIsRefused() {
        Provider empty = new Provider("Empty", "1", "nothing") {
        };
        assertThatThrownBy(() -> EcdsaBackend.using(empty)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("self-test");
    }

    @Test
    void configureNamesWhatIsUsedAndRefusesWhatItCannotHave() {
        // The native provider is not on this module's class path.
        assertThat(EcdsaBackend.amazonCorrettoIfHealthy()).isEmpty();
        EcdsaBackend auto = EcdsaBackend.configure("auto");
        assertThat(auto.provider()).isEmpty();
        assertThat(auto.description()).contains("Bouncy Castle").contains("not available");
        assertThatThrownBy(() -> EcdsaBackend.configure("native")).isInstanceOf(IllegalStateException.class);
        EcdsaBackend bouncyCastle = EcdsaBackend.configure("bouncycastle");
        assertThat(bouncyCastle.provider()).isEmpty();
        assertThat(bouncyCastle.description()).contains("Bouncy Castle");
        assertThat(SUN_EC.provider()).contains(Security.getProvider("SunEC"));
        assertThatThrownBy(() -> EcdsaBackend.configure("fast")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Signs honestly (through SunEC) and accepts any signature: what using() must catch. */
    static final class AcceptsEverything extends Provider {
        AcceptsEverything() {
            super("AcceptsEverything", "1", "test double");
            putService(new Service(this, "Signature", "NONEwithECDSA", Spi.class.getName(), null, null) {
                @Override
                public Object newInstance(Object parameter) {
                    return new Spi();
                }
            });
        }

        static final class Spi extends SignatureSpi {
            private Signature signing;

            @Override
            protected void engineInitVerify(PublicKey publicKey) {
            }

            @Override
            protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
                try {
                    signing = Signature.getInstance("NONEwithECDSA", "SunEC");
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
                signing.initSign(privateKey);
            }

            @Override
            protected void engineUpdate(byte b) throws SignatureException {
                if (signing != null) {
                    signing.update(b);
                }
            }

            @Override
            protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
                if (signing != null) {
                    signing.update(b, off, len);
                }
            }

            @Override
            protected byte[] engineSign() throws SignatureException {
                return signing.sign();
            }

            @Override
            protected boolean engineVerify(byte[] sigBytes) {
                return true;
            }

            @Override
            @Deprecated
            protected void engineSetParameter(String param, Object value) {
            }

            @Override
            @Deprecated
            protected Object engineGetParameter(String param) {
                return null;
            }
        }
    }
}
