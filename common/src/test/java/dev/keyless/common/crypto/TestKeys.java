package dev.keyless.common.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.RSAPublicKeySpec;

/** Shared key fixtures. Generated keys use a seeded-but-irrelevant SecureRandom; their values are never asserted. */
final class TestKeys {
    /**
     * Generated 2026-11-22 with OpenSSL 3.0.19: {@code openssl ecparam -name prime256v1 -genkey -noout} (SEC1),
     * {@code openssl pkcs8 -topk8 -nocrypt} (PKCS#8),
     * {@code openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256 -iter 2048 -passout pass:correct-horse}
     * (encrypted PKCS#8) and {@code openssl ec -pubout} (SPKI). All four hold the same key.
     */
    static final String OPENSSL_SEC1 = """
            -----BEGIN EC PRIVATE KEY-----
            MHcCAQEEIP4c51xy92G+YF9fpfFCyxTC4yYfBpsF4lXUHPiPRG8ZoAoGCCqGSM49
            AwEHoUQDQgAEKjSiQyoOaHma2qckRP7i7uZhHyT71T4LNJlJN5HUBquJC87QI3Ze
            JVYlnJ57y9nXaPpvly/BzmnpBZPhBM9WUA==
            -----END EC PRIVATE KEY-----
            """;
    static final String OPENSSL_PKCS8 = """
            -----BEGIN PRIVATE KEY-----
            MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg/hznXHL3Yb5gX1+l
            8ULLFMLjJh8GmwXiVdQc+I9EbxmhRANCAAQqNKJDKg5oeZrapyRE/uLu5mEfJPvV
            Pgs0mUk3kdQGq4kLztAjdl4lViWcnnvL2ddo+m+XL8HOaekFk+EEz1ZQ
            -----END PRIVATE KEY-----
            """;
    static final String OPENSSL_ENCRYPTED = """
            -----BEGIN ENCRYPTED PRIVATE KEY-----
            MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAg5o85YWP+tRAICCAAw
            DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEKhoyjFdmERiQ+UyRdNJRvAEgZDa
            My9A6uS75mYbMppJwc7jALF37Ad6SwQTKnrzsz5ypqXg0GGASusmTJz2Aav5y5cN
            dK9oV1ae2zKAcg+NeeFGNHzwVdhPvbmbi0hEx8tNwxbu8LWZAX3pEJ5dVABzCN1B
            idPqm71GxR+hlGF15juiYumLmfr9qwX/yEygzDrUQyqX3fSjvXwJCIULhP195m8=
            -----END ENCRYPTED PRIVATE KEY-----
            """;
    static final String OPENSSL_PASSWORD = "correct-horse";
    static final String OPENSSL_PUBLIC = """
            -----BEGIN PUBLIC KEY-----
            MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEKjSiQyoOaHma2qckRP7i7uZhHyT7
            1T4LNJlJN5HUBquJC87QI3ZeJVYlnJ57y9nXaPpvly/BzmnpBZPhBM9WUA==
            -----END PUBLIC KEY-----
            """;
    /** OpenSSL 3.0.19 {@code openssl genpkey -algorithm ed25519} and {@code openssl pkey -pubout}. */
    static final String OPENSSL_ED25519_PRIVATE = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEICKuQ4Q6OSXBaIRk13tjsBWQN2Ui7nEMHNaS1jaGeVUd
            -----END PRIVATE KEY-----
            """;
    static final String OPENSSL_ED25519_PUBLIC = """
            -----BEGIN PUBLIC KEY-----
            MCowBQYDK2VwAyEA5o2QJ6+4TSDhr2lVOiILXUTGG3filFg/JMHyGycjnhY=
            -----END PUBLIC KEY-----
            """;

    /**
     * The public-good Rekor v1 log key and its log ID, as pinned in sigstore-js
     * ({@code packages/verify/src/__tests__/tlog/set.test.ts}: logID base64 {@code wNI9atQGlz+VWfO6LRygH4QUfY/8W4RFwiT5i5WRgB0=}).
     */
    static final String REKOR_PUBLIC = """
            -----BEGIN PUBLIC KEY-----
            MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE2G2Y+2tabdTV5BcGiBIx0a9fAFwr
            kBbmLSGtks4L3qX6yYY0zufBnhC8Ur/iy55GhWP/9A/bY2LhC30M9+RYtw==
            -----END PUBLIC KEY-----
            """;
    static final String REKOR_LOG_ID = "c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d";

    private TestKeys() {
    }

    static SecureRandom random() {
        return new SecureRandom();
    }

    static KeyPair ec(EcCurve curve) {
        return PrivateKeys.generateEc(curve, random());
    }

    static KeyPair ed25519() {
        return PrivateKeys.generateEd25519(random());
    }

    static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits, random());
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * An RSA public key of exactly {@code bits} bits without generating primes (cheap; only its size matters for
     * algorithm matching). {@code jcaAlgorithm} is "RSA" or "RSASSA-PSS".
     */
    static PublicKey rsaPublicOfSize(String jcaAlgorithm, int bits) {
        BigInteger n = BigInteger.ONE.shiftLeft(bits - 1).add(BigInteger.valueOf(0x1234567));
        try {
            return KeyFactory.getInstance(jcaAlgorithm).generatePublic(new RSAPublicKeySpec(n, BigInteger.valueOf(65537)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
