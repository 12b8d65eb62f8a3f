package dev.keyless.tlog.rekor;

import dev.keyless.common.crypto.HashAlgorithm;
import dev.keyless.common.crypto.SigningAlgorithm;
import java.util.Arrays;
import java.util.Optional;

/**
 * The {@code PublicKeyDetails} a Rekor v2 verifier may name (protobuf-specs {@code sigstore_common.proto}), with the
 * signing algorithm it means and the hash algorithm the entry's {@code data.algorithm} then states. Pure Ed25519 is
 * not accepted for a digest (it signs messages), as in rekor-tiles.
 */
enum V2KeyDetails {
    PKIX_ECDSA_P256_SHA_256(SigningAlgorithm.ECDSA_P256_SHA256, "SHA2_256"),
    PKIX_ECDSA_P384_SHA_384(SigningAlgorithm.ECDSA_P384_SHA384, "SHA2_384"),
    PKIX_ECDSA_P521_SHA_512(SigningAlgorithm.ECDSA_P521_SHA512, "SHA2_512"),
    PKIX_RSA_PKCS1V15_2048_SHA256(SigningAlgorithm.RSA_PKCS1V15_2048_SHA256, "SHA2_256"),
    PKIX_RSA_PKCS1V15_3072_SHA256(SigningAlgorithm.RSA_PKCS1V15_3072_SHA256, "SHA2_256"),
    PKIX_RSA_PKCS1V15_4096_SHA256(SigningAlgorithm.RSA_PKCS1V15_4096_SHA256, "SHA2_256"),
    PKIX_ED25519_PH(SigningAlgorithm.ED25519PH, "SHA2_512");

    private final SigningAlgorithm algorithm;
    private final String hashName;

    V2KeyDetails(SigningAlgorithm algorithm, String hashName) {
        this.algorithm = algorithm;
        this.hashName = hashName;
    }

    SigningAlgorithm algorithm() {
        return algorithm;
    }

    HashAlgorithm hash() {
        return algorithm.hash().orElseThrow();
    }

    /** The protobuf {@code HashAlgorithm} name of the digest: {@code SHA2_256}, {@code SHA2_384} or {@code SHA2_512}. */
    String hashName() {
        return hashName;
    }

    static Optional<V2KeyDetails> named(String name) {
        return Arrays.stream(values()).filter(d -> d.name().equals(name)).findFirst();
    }
}
