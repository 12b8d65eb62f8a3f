package dev.keyless.common.encoding;

/** Strict unsigned decimal, as checkpoints and tile paths use it: digits only, no sign, no leading zeros. */
public final class Decimal {
    private Decimal() {
    }

    /**
     * Parses a non-negative {@code long} written without sign, whitespace or leading zeros ("0" itself is allowed).
     *
     * @throws EncodingException on any other form or on overflow
     */
    public static long parseUnsigned(String s) {
        if (s.isEmpty()) {
            throw new EncodingException("decimal is empty");
        }
        if (s.length() > 1 && s.charAt(0) == '0') {
            throw new EncodingException("decimal has a leading zero: \"" + s + "\"");
        }
        long value = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new EncodingException("decimal has a non-digit at offset " + i);
            }
            try {
                value = Math.addExact(Math.multiplyExact(value, 10), c - '0');
            } catch (ArithmeticException e) {
                throw new EncodingException("decimal exceeds " + Long.MAX_VALUE);
            }
        }
        return value;
    }
}
