package dev.keyless.common.encoding;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Fresh {@link MessageDigest} instances; every JDK ships these algorithms, so absence is a bug. */
public final class Digests {
    private Digests() {
    }

    public static MessageDigest sha256() {
        return get("SHA-256");
    }

    public static MessageDigest get(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + algorithm, e);
        }
    }
}
