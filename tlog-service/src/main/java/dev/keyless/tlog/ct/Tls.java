package dev.keyless.tlog.ct;

import java.io.ByteArrayOutputStream;

/**
 * The few RFC 5246 §4 encodings the CT endpoints write themselves: big-endian integers, length-prefixed
 * vectors, and the §4.7 {@code DigitallySigned} struct of an ECDSA-with-SHA-256 signature.
 */
public final class Tls {
    public static final int MAX_U16 = (1 << 16) - 1;
    public static final int MAX_U24 = (1 << 24) - 1;
    /** RFC 5246 HashAlgorithm sha256. */
    public static final int HASH_SHA256 = 4;
    /** RFC 5246 SignatureAlgorithm ecdsa. */
    public static final int SIGNATURE_ECDSA = 3;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public Tls uint8(int v) {
        out.write(v);
        return this;
    }

    public Tls uint64(long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (v >>> shift));
        }
        return this;
    }

    public Tls fixed(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** {@code opaque<0..2^(8*prefixBytes)-1>}. */
    public Tls vector(int prefixBytes, byte[] bytes) {
        long max = (1L << (8 * prefixBytes)) - 1;
        if (bytes.length > max) {
            throw new IllegalArgumentException("vector has " + bytes.length + " bytes, want <= " + max);
        }
        for (int shift = 8 * (prefixBytes - 1); shift >= 0; shift -= 8) {
            out.write(bytes.length >>> shift);
        }
        out.writeBytes(bytes);
        return this;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    /** {@code DigitallySigned}: uint8 hash = sha256, uint8 signature = ecdsa, opaque signature&lt;0..2^16-1&gt;. */
    public static byte[] digitallySigned(byte[] derSignature) {
        return new Tls().uint8(HASH_SHA256).uint8(SIGNATURE_ECDSA).vector(2, derSignature).toByteArray();
    }
}
