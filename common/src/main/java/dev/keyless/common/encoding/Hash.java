package dev.keyless.common.encoding;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A SHA-256 value: exactly 32 bytes, immutable, compared in constant time.
 * Records holding a {@code byte[]} compare by reference; this type gives value semantics.
 */
public final class Hash {
    public static final int SIZE = 32;

    private final byte[] bytes;

    private Hash(byte[] bytes) {
        this.bytes = bytes;
    }

    /** @throws IllegalArgumentException unless {@code bytes} has exactly 32 bytes */
    public static Hash of(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("hash is null, want " + SIZE + " bytes");
        }
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("hash has " + bytes.length + " bytes, want " + SIZE);
        }
        return new Hash(bytes.clone());
    }

    /** Finishes {@code digest} (which must be SHA-256) into a Hash without copying the fresh result. */
    public static Hash fromDigest(MessageDigest digest) {
        byte[] out = digest.digest();
        if (out.length != SIZE) {
            throw new IllegalArgumentException("digest " + digest.getAlgorithm() + " gives " + out.length + " bytes, want " + SIZE);
        }
        return new Hash(out);
    }

    /** Parses 64 hex digits. */
    public static Hash fromHex(String hex) {
        if (hex.length() != 2 * SIZE) {
            throw new EncodingException("hash has " + hex.length() + " hex digits, want " + 2 * SIZE);
        }
        return new Hash(Hex.decode(hex));
    }

    public static Hash sha256(byte[] data) {
        return new Hash(Digests.sha256().digest(data));
    }

    /** A copy of the 32 bytes. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** Writes the bytes into {@code digest} without copying. */
    public void updateDigest(MessageDigest digest) {
        digest.update(bytes);
    }

    public String toHex() {
        return Hex.encode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hash other && MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
