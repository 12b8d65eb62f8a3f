package dev.keyless.common.ct;

import java.io.ByteArrayOutputStream;

/**
 * Writes TLS presentation-language bytes (RFC 5246 §4). Vector bounds are checked here too, so an encoder can never
 * emit bytes that {@link TlsReader} would refuse.
 */
final class TlsWriter {
    static final int MAX_U16 = (1 << 16) - 1;
    static final int MAX_U24 = (1 << 24) - 1;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    TlsWriter uint8(int value) {
        return uint(value, 1);
    }

    TlsWriter uint16(int value) {
        return uint(value, 2);
    }

    TlsWriter uint64(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("uint64 is " + value + ", want >= 0");
        }
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
        return this;
    }

    TlsWriter fixed(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** An {@code opaque field<min..max>} with a {@code prefixBytes}-byte length prefix. */
    TlsWriter opaque(int prefixBytes, int min, int max, byte[] bytes, String field) {
        checkLength(bytes.length, min, max, field);
        uint(bytes.length, prefixBytes);
        out.writeBytes(bytes);
        return this;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    static void checkLength(int length, int min, int max, String field) {
        if (length < min || length > max) {
            throw new IllegalArgumentException(field + " has " + length + " bytes, want " + min + ".." + max);
        }
    }

    private TlsWriter uint(int value, int bytes) {
        for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
            out.write(value >>> shift);
        }
        return this;
    }
}
