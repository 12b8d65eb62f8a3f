package dev.keyless.common.crypto;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A prepared key verifies what the JDK signs, again and again and from several threads, and nothing else. */
class EcdsaVerifierTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static byte[] jdkSign(KeyPair pair, String algorithm, byte[] message) throws Exception {
        Signature s = Signature.getInstance(algorithm);
        s.initSign(pair.getPrivate());
        s.update(message);
        return s.sign();
    }

    @Test
    void verifiesJdkSignaturesOnEveryCurveAndRefusesOneMutation() throws Exception {
        Object[][] cases = {{EcCurve.P256, "SHA256withECDSA", HashAlgorithm.SHA256},
            {EcCurve.P384, "SHA384withECDSA", HashAlgorithm.SHA384}, {EcCurve.P521, "SHA512withECDSA", HashAlgorithm.SHA512},
            {EcCurve.P384, "SHA256withECDSA", HashAlgorithm.SHA256}};
        for (Object[] c : cases) {
            KeyPair pair = PrivateKeys.generateEc((EcCurve) c[0], RANDOM);
            EcdsaVerifier verifier = EcdsaVerifier.of(pair.getPublic());
            HashAlgorithm hash = (HashAlgorithm) c[2];
            for (int i = 0; i < 5; i++) {
                byte[] message = ("message " + i).getBytes(StandardCharsets.UTF_8);
                byte[] sig = jdkSign(pair, (String) c[1], message);
                assertThatCode(() -> verifier.verifyMessage(hash, message, sig)).doesNotThrowAnyException();
                byte[] changed = message.clone();
                changed[0] ^= 1;
                assertThatThrownBy(() -> verifier.verifyMessage(hash, changed, sig)).isInstanceOf(SignatureVerificationException.class);
                byte[] flipped = sig.clone();
                flipped[flipped.length - 1] ^= 1;
                assertThatThrownBy(() -> verifier.verifyMessage(hash, message, flipped)).isInstanceOf(SignatureVerificationException.class);
                byte[] trailing = Arrays.copyOf(sig, sig.length + 1);
                assertThatThrownBy(() -> verifier.verifyMessage(hash, message, trailing))
                        .isInstanceOf(SignatureVerificationException.class).hasMessageContaining("DER");
            }
        }
    }

    @Test
    void oneVerifierServesManyThreads() throws Exception {
        KeyPair pair = PrivateKeys.generateEc(EcCurve.P384, RANDOM);
        EcdsaVerifier verifier = EcdsaVerifier.of(pair.getPublic());
        List<byte[]> messages = new ArrayList<>();
        List<byte[]> sigs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            messages.add(("m" + i).getBytes(StandardCharsets.UTF_8));
            sigs.add(jdkSign(pair, "SHA384withECDSA", messages.get(i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int k = i;
                done.add(pool.submit(() -> {
                    verifier.verifyMessage(HashAlgorithm.SHA384, messages.get(k), sigs.get(k));
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void refusesKeysItCannotPrepare() {
        KeyPair ed = PrivateKeys.generateEd25519(RANDOM);
        assertThatThrownBy(() -> EcdsaVerifier.of(ed.getPublic())).isInstanceOf(CryptoParseException.class).hasMessageContaining("want EC");
    }
}
