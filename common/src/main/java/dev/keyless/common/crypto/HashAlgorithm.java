package dev.keyless.common.crypto;

import dev.keyless.common.encoding.Digests;
import java.util.Optional;

/**
 * The artifact digests a hashedrekord entry may carry (Rekor {@code data.hash.algorithm} enum, sigstore
 * {@code algorithm_registry.go}). The Rekor name is the lowercase JSON value.
 */
public enum HashAlgorithm {
    SHA256("SHA-256", "sha256", 32),
    SHA384("SHA-384", "sha384", 48),
    SHA512("SHA-512", "sha512", 64);

    private final String jcaName;
    private final String rekorName;
    private final int digestLength;

    HashAlgorithm(String jcaName, String rekorName, int digestLength) {
        this.jcaName = jcaName;
        this.rekorName = rekorName;
        this.digestLength = digestLength;
    }

    /** The JCA {@link java.security.MessageDigest} name, e.g. {@code SHA-256}. */
    public String jcaName() {
        return jcaName;
    }

    /** The Rekor wire name, e.g. {@code sha256}. */
    public String rekorName() {
        return rekorName;
    }

    /** Digest length in bytes. */
    public int digestLength() {
        return digestLength;
    }

    public byte[] digest(byte[] message) {
        return Digests.get(jcaName).digest(message);
    }

    /** Looks up a Rekor wire name; exact, case-sensitive match as in Rekor's JSON schema enum. */
    public static Optional<HashAlgorithm> fromRekorName(String name) {
        for (HashAlgorithm h : values()) {
            if (h.rekorName.equals(name)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }
}
