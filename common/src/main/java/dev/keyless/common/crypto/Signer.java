package dev.keyless.common.crypto;

import java.security.PublicKey;

/**
 * Something that signs messages with one key and one {@link SigningAlgorithm}: the log's checkpoint and SET key, or a
 * CA key. Output verifies with {@link SignatureVerifier#verifyMessage}. Implementations are thread-safe.
 */
public interface Signer {
    SigningAlgorithm algorithm();

    PublicKey publicKey();

    /** Signs {@code message} (hashing it first if the algorithm signs a digest). */
    byte[] sign(byte[] message);
}
