package dev.keyless.common.ct;

import java.util.Arrays;

/**
 * A bounds-checked cursor over TLS presentation-language bytes (RFC 5246 §4). Every read checks that the bytes are
 * there, and every variable-length vector checks its RFC 6962 bound, before anything is copied, so a hostile
 * length prefix can never cause a large allocation or an out-of-range read.
 */
final class TlsReader {
    private final byte[] data;
    private final int end;
    private int pos;

    TlsReader(byte[] data) {
        this(data, 0, data.length);
    }

    private TlsReader(byte[] data, int start, int end) {
        this.data = data;
        this.pos = start;
        this.end = end;
    }

    int remaining() {
        return end - pos;
    }

    int uint8(String field) {
        require(1, field);
        return data[pos++] & 0xff;
    }

    int uint16(String field) {
        return (int) uint(2, field);
    }

    /** A uint64 that must fit a non-negative Java long (millisecond timestamps do until the year 292 million). */
    long uint64(String field) {
        int at = pos;
        long value = uint(8, field);
        if (value < 0) {
            throw new CtParseException(field + " at offset " + at + " is " + Long.toUnsignedString(value)
                    + ", want at most " + Long.MAX_VALUE);
        }
        return value;
    }

    byte[] fixed(int length, String field) {
        require(length, field);
        byte[] out = Arrays.copyOfRange(data, pos, pos + length);
        pos += length;
        return out;
    }

    /** An {@code opaque field<min..max>} whose length prefix takes {@code prefixBytes} bytes. */
    byte[] opaque(int prefixBytes, int min, int max, String field) {
        return fixed(vectorLength(prefixBytes, min, max, field), field);
    }

    /** A reader over the body of a length-prefixed vector, advancing this reader past it. */
    TlsReader vector(int prefixBytes, int min, int max, String field) {
        int length = vectorLength(prefixBytes, min, max, field);
        require(length, field);
        TlsReader inner = new TlsReader(data, pos, pos + length);
        pos += length;
        return inner;
    }

    /** Rejects trailing bytes: the strict parsers accept only what the encoders emit. */
    void requireEnd(String structure) {
        if (pos != end) {
            throw new CtParseException(structure + " has " + (end - pos) + " trailing bytes at offset " + pos + ", want 0");
        }
    }

    private int vectorLength(int prefixBytes, int min, int max, String field) {
        int at = pos;
        int length = (int) uint(prefixBytes, field + " length");
        if (length < min || length > max) {
            throw new CtParseException(field + " length at offset " + at + " is " + length + ", want " + min + ".." + max);
        }
        return length;
    }

    private long uint(int bytes, String field) {
        require(bytes, field);
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = (value << 8) | (data[pos++] & 0xff);
        }
        return value;
    }

    private void require(int length, String field) {
        if (end - pos < length) {
            throw new CtParseException(field + " at offset " + pos + " needs " + length + " bytes, got " + (end - pos));
        }
    }
}
