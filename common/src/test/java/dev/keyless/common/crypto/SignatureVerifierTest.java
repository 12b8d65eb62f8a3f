package dev.keyless.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.encoding.Hex;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignatureVerifierTest {
    private static final byte[] MESSAGE = "hashedrekord artifact".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @EnumSource(EcCurve.class)
    void ecdsaSignThenVerifyMessageAndDigest(EcCurve curve) throws Exception {
        EcdsaSigner signer = EcdsaSigner.of(TestKeys.ec(curve));
        byte[] signature = signer.sign(MESSAGE);
        SigningAlgorithm alg = signer.algorithm();
        SignatureVerifier.verifyMessage(signer.publicKey(), alg, MESSAGE, signature);
        SignatureVerifier.verifyDigest(signer.publicKey(), alg, alg.hash().orElseThrow().digest(MESSAGE), signature);
        assertThatThrownBy(() -> SignatureVerifier.verifyMessage(signer.publicKey(), alg, "other".getBytes(StandardCharsets.UTF_8), signature))
                .isInstanceOf(SignatureVerificationException.class).hasMessageContaining("does not verify");
    }

    @Test
    void ecdsaEveryOneBitMutationOfSignatureOrMessageFails() throws Exception {
        EcdsaSigner signer = EcdsaSigner.of(TestKeys.ec(EcCurve.P256));
        byte[] signature = signer.sign(MESSAGE);
        for (int bit = 0; bit < signature.length * 8; bit++) {
            byte[] mutated = signature.clone();
            mutated[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThatThrownBy(() -> SignatureVerifier.verifyMessage(signer.publicKey(), signer.algorithm(), MESSAGE, mutated))
                    .as("bit %d", bit).isInstanceOf(SignatureVerificationException.class);
        }
        for (int bit = 0; bit < MESSAGE.length * 8; bit++) {
            byte[] mutated = MESSAGE.clone();
            mutated[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThatThrownBy(() -> SignatureVerifier.verifyMessage(signer.publicKey(), signer.algorithm(), mutated, signature))
                    .as("bit %d", bit).isInstanceOf(SignatureVerificationException.class);
        }
    }

    @Test
    void ecdsaCrossChecksWithJdkInBothDirections() throws Exception {
        for (EcCurve curve : new EcCurve[] {EcCurve.P256, EcCurve.P384}) {
            KeyPair pair = TestKeys.ec(curve);
            String jca = curve == EcCurve.P256 ? "SHA256withECDSA" : "SHA384withECDSA";
            EcdsaSigner ours = EcdsaSigner.of(pair);

            Signature jdkSign = Signature.getInstance(jca);
            jdkSign.initSign(pair.getPrivate());
            jdkSign.update(MESSAGE);
            SignatureVerifier.verifyMessage(pair.getPublic(), ours.algorithm(), MESSAGE, jdkSign.sign());

            Signature jdkVerify = Signature.getInstance(jca);
            jdkVerify.initVerify(pair.getPublic());
            jdkVerify.update(MESSAGE);
            assertThat(jdkVerify.verify(ours.sign(MESSAGE))).isTrue();
        }
    }

    @Test
    void ecdsaSignaturesAreDeterministicPerRfc6979() {
        EcdsaSigner signer = EcdsaSigner.of(TestKeys.ec(EcCurve.P256));
        assertThat(signer.sign(MESSAGE)).isEqualTo(signer.sign(MESSAGE));
        assertThat(signer.sign(MESSAGE)).isNotEqualTo(signer.sign("x".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void ecdsaWhenSignatureNotStrictDerThenRejected() {
        EcdsaSigner signer = EcdsaSigner.of(TestKeys.ec(EcCurve.P256));
        byte[] signature = signer.sign(MESSAGE);
        byte[] trailing = Arrays.copyOf(signature, signature.length + 1);
        assertThatThrownBy(() -> SignatureVerifier.verifyMessage(signer.publicKey(), signer.algorithm(), MESSAGE, trailing))
                .isInstanceOf(SignatureVerificationException.class).hasMessageContaining("DER");
        // Same SEQUENCE with a long-form length (BER): 30 81 LL ...
        byte[] ber = new byte[signature.length + 1];
        ber[0] = 0x30;
        ber[1] = (byte) 0x81;
        System.arraycopy(signature, 1, ber, 2, signature.length - 1);
        assertThatThrownBy(() -> SignatureVerifier.verifyMessage(signer.publicKey(), signer.algorithm(), MESSAGE, ber))
                .isInstanceOf(SignatureVerificationException.class).hasMessageContaining("DER");
        // Raw r||s (IEEE P1363) is not accepted either.
        assertThatThrownBy(() -> SignatureVerifier.verifyMessage(signer.publicKey(), signer.algorithm(), MESSAGE, new byte[64]))
                .isInstanceOf(SignatureVerificationException.class);
    }

    @Test
    void randomGarbageSignaturesOnlyEverRaiseTheCheckedException() {
        Random random = new Random(42);
        KeyPair ec = TestKeys.ec(EcCurve.P256);
        KeyPair ed = TestKeys.ed25519();
        for (int i = 0; i < 500; i++) {
            byte[] junk = new byte[random.nextInt(120)];
            random.nextBytes(junk);
            if (junk.length > 2 && i % 2 == 0) {
                junk[0] = 0x30;
                junk[1] = (byte) (junk.length - 2);
            }
            assertThatThrownBy(() -> SignatureVerifier.verifyMessage(ec.getPublic(), SigningAlgorithm.ECDSA_P256_SHA256, MESSAGE, junk))
                    .isInstanceOf(SignatureVerificationException.class);
            byte[] edJunk = Arrays.copyOf(junk, 64);
            assertThatThrownBy(() -> SignatureVerifier.verifyMessage(ed.getPublic(), SigningAlgorithm.ED25519, MESSAGE, edJunk))
                    .isInstanceOf(SignatureVerificationException.class);
        }
    }

    @Test
    void verifyDigestWhenWrongLengthThenGotWantMessageBeforeAnythingElse() {
        KeyPair pair = TestKeys.ec(EcCurve.P256);
        assertThatThrownBy(() -> SignatureVerifier.verifyDigest(pair.getPublic(), SigningAlgorithm.ECDSA_P256_SHA256, new byte[31], new byte[0]))
                .isInstanceOf(SignatureVerificationException.class).hasMessage("digest has 31 bytes, want 32 for sha256");
        assertThatThrownBy(() -> SignatureVerifier.verifyDigest(pair.getPublic(), SigningAlgorithm.ECDSA_P384_SHA384, new byte[32], new byte[0]))
                .hasMessage("digest has 32 bytes, want 48 for sha384");
    }

    @Test
    void verifyDigestWhenPureEd25519ThenError() {
        Ed25519Signer signer = Ed25519Signer.of(TestKeys.ed25519());
        byte[] sig = signer.sign(MESSAGE);
        assertThatThrownBy(() -> SignatureVerifier.verifyDigest(signer.publicKey(), SigningAlgorithm.ED25519, HashAlgorithm.SHA512.digest(MESSAGE), sig))
                .isInstanceOf(SignatureVerificationException.class).hasMessageContaining("cannot verify a digest");
    }

    @Test
    void verifyWhenKeyDoesNotFitAlgorithmThenError() {
        KeyPair p384 = TestKeys.ec(EcCurve.P384);
        byte[] sig = EcdsaSigner.of(p384).sign(MESSAGE);
        assertThatThrownBy(() -> SignatureVerifier.verifyMessage(p384.getPublic(), SigningAlgorithm.ECDSA_P256_SHA256, MESSAGE, sig))
                .isInstanceOf(SignatureVerificationException.class).hasMessageContaining("EC P-384");
        KeyPair ed = TestKeys.ed25519();
        assertThatThrownBy(() -> SignatureVerifier.verifyMessage(ed.getPublic(), SigningAlgorithm.RSA_PKCS1V15_2048_SHA256, MESSAGE, sig))
                .isInstanceOf(SignatureVerificationException.class).hasMessageContaining("Ed25519");
    }

    @Test
    void rsa2048OverDigestCrossCheckedWithJdk() throws Exception {
        KeyPair pair = TestKeys.rsa(2048);
        Signature jdk = Signature.getInstance("SHA256withRSA");
        jdk.initSign(pair.getPrivate());
        jdk.update(MESSAGE);
        byte[] signature = jdk.sign();
        byte[] digest = HashAlgorithm.SHA256.digest(MESSAGE);

        SignatureVerifier.verifyDigest(pair.getPublic(), SigningAlgorithm.RSA_PKCS1V15_2048_SHA256, digest, signature);
        SignatureVerifier.verifyMessage(pair.getPublic(), SigningAlgorithm.RSA_PKCS1V15_2048_SHA256, MESSAGE, signature);

        byte[] otherDigest = digest.clone();
        otherDigest[0] ^= 1;
        assertThatThrownBy(() -> SignatureVerifier.verifyDigest(pair.getPublic(), SigningAlgorithm.RSA_PKCS1V15_2048_SHA256, otherDigest, signature))
                .isInstanceOf(SignatureVerificationException.class).hasMessageContaining("does not verify");
        byte[] mutated = signature.clone();
        mutated[100] ^= 0x10;
        assertThatThrownBy(() -> SignatureVerifier.verifyDigest(pair.getPublic(), SigningAlgorithm.RSA_PKCS1V15_2048_SHA256, digest, mutated))
                .isInstanceOf(SignatureVerificationException.class);
        byte[] shortSig = Arrays.copyOf(signature, 255);
        assertThatThrownBy(() -> SignatureVerifier.verifyDigest(pair.getPublic(), SigningAlgorithm.RSA_PKCS1V15_2048_SHA256, digest, shortSig))
                .hasMessage("RSA signature has 255 bytes, want 256");

        // A PKCS#1 v1.5 signature over the same digest but labelled SHA-512 in DigestInfo must not verify.
        Signature raw = Signature.getInstance("NONEwithRSA");
        raw.initSign(pair.getPrivate());
        byte[] sha512Info = SignatureVerifier.digestInfo(HashAlgorithm.SHA512, HashAlgorithm.SHA512.digest(MESSAGE));
        raw.update(sha512Info);
        byte[] wrongLabel = raw.sign();
        assertThatThrownBy(() -> SignatureVerifier.verifyMessage(pair.getPublic(), SigningAlgorithm.RSA_PKCS1V15_2048_SHA256, MESSAGE, wrongLabel))
                .isInstanceOf(SignatureVerificationException.class);
    }

    @Test
    void ed25519CrossChecksWithJdkInBothDirections() throws Exception {
        KeyPair pair = TestKeys.ed25519();
        Ed25519Signer ours = Ed25519Signer.of(pair);
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initSign(pair.getPrivate());
        jdk.update(MESSAGE);
        byte[] jdkSig = jdk.sign();
        assertThat(ours.sign(MESSAGE)).isEqualTo(jdkSig); // Ed25519 is deterministic
        SignatureVerifier.verifyMessage(pair.getPublic(), SigningAlgorithm.ED25519, MESSAGE, jdkSig);
        byte[] mutated = jdkSig.clone();
        mutated[0] ^= 1;
        assertThatThrownBy(() -> SignatureVerifier.verifyMessage(pair.getPublic(), SigningAlgorithm.ED25519, MESSAGE, mutated))
                .isInstanceOf(SignatureVerificationException.class);
        // A pure Ed25519 signature is not an Ed25519ph signature (domain separation, RFC 8032 §5.1).
        assertThatThrownBy(() -> SignatureVerifier.verifyMessage(pair.getPublic(), SigningAlgorithm.ED25519PH, MESSAGE, jdkSig))
                .isInstanceOf(SignatureVerificationException.class);
    }

    /**
     * RFC 8032 §7.3, test "abc" for Ed25519ph (https://www.rfc-editor.org/rfc/rfc8032#section-7.3). Values as printed
     * in the RFC; the same vector appears in Tink's and ed25519-dalek's test suites.
     */
    @Test
    void ed25519phMatchesRfc8032Section73Vector() throws Exception {
        byte[] seed = Hex.decode("833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42");
        byte[] publicRaw = Hex.decode("ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf");
        byte[] message = Hex.decode("616263");
        byte[] expected = Hex.decode("98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae41"
                + "31f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406");
        // PKCS#8 v1 wrapping of the seed (RFC 8410 §7): 30 2e 02 01 00 30 05 06 03 2b 65 70 04 22 04 20 || seed.
        byte[] pkcs8 = Hex.decode("302e020100300506032b657004220420" + Hex.encode(seed));
        PrivateKey privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        PublicKey publicKey = PublicKeys.ed25519FromRaw(publicRaw);

        Ed25519Signer signer = Ed25519Signer.of(new KeyPair(publicKey, privateKey), SigningAlgorithm.ED25519PH);
        assertThat(signer.sign(message)).isEqualTo(expected);
        SignatureVerifier.verifyMessage(publicKey, SigningAlgorithm.ED25519PH, message, expected);
        SignatureVerifier.verifyDigest(publicKey, SigningAlgorithm.ED25519PH, HashAlgorithm.SHA512.digest(message), expected);
        assertThatThrownBy(() -> SignatureVerifier.verifyMessage(publicKey, SigningAlgorithm.ED25519PH, Hex.decode("616264"), expected))
                .isInstanceOf(SignatureVerificationException.class);
        assertThatThrownBy(() -> SignatureVerifier.verifyMessage(publicKey, SigningAlgorithm.ED25519PH, message, Arrays.copyOf(expected, 63)))
                .hasMessage("Ed25519 signature has 63 bytes, want 64");
    }

    @Test
    void signersRejectMismatchedKeyPairs() {
        KeyPair a = TestKeys.ec(EcCurve.P256);
        KeyPair b = TestKeys.ec(EcCurve.P256);
        assertThatThrownBy(() -> EcdsaSigner.of(new KeyPair(a.getPublic(), b.getPrivate()))).hasMessageContaining("does not match");
        KeyPair c = TestKeys.ed25519();
        KeyPair d = TestKeys.ed25519();
        assertThatThrownBy(() -> Ed25519Signer.of(new KeyPair(c.getPublic(), d.getPrivate()))).hasMessageContaining("does not match");
        assertThatThrownBy(() -> Ed25519Signer.of(c, SigningAlgorithm.ECDSA_P256_SHA256)).hasMessageContaining("want ED25519");
        assertThatThrownBy(() -> EcdsaSigner.of(c)).hasMessageContaining("want EC");
        assertThatCode(() -> EcdsaSigner.of(a)).doesNotThrowAnyException();
    }
}
