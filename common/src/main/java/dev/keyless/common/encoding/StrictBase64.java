package dev.keyless.common.encoding;

import java.util.Base64;

/**
 * Standard (RFC 4648 §4) base64 with padding, decoded strictly: the input must be exactly the
 * canonical encoding of its bytes. The JDK decoder accepts non-zero trailing bits (so two strings
 * decode to the same bytes); re-encoding and comparing rules that out, which signed notes and
 * checkpoints need to round-trip exactly.
 */
public final class StrictBase64 {
    private StrictBase64() {
    }

    public static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** @throws EncodingException if {@code s} is not canonical padded standard base64 */
    public static byte[] decode(String s) {
        byte[] out;
        try {
            out = Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new EncodingException("invalid base64", e);
        }
        if (!Base64.getEncoder().encodeToString(out).equals(s)) {
            throw new EncodingException("base64 is not in canonical form (padding or trailing bits)");
        }
        return out;
    }
}
