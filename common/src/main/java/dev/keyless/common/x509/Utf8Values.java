package dev.keyless.common.x509;

import dev.keyless.common.encoding.EncodingException;
import dev.keyless.common.encoding.StrictUtf8;
import java.io.ByteArrayOutputStream;

/**
 * The two value encodings of Fulcio's extensions, with strict decoders: raw UTF-8 (v1, OIDs .1–.6) and one DER
 * UTF8String (X.690 §8.23, tag 0x0C, definite minimal length; v2, OIDs .8 onward). Fulcio's Go parser
 * ({@code ParseDERString}) rejects trailing bytes; we also reject non-minimal lengths and malformed UTF-8, so every
 * accepted value re-encodes to exactly the bytes read.
 */
final class Utf8Values {
    static final int UTF8_STRING_TAG = 0x0C;

    private Utf8Values() {
    }

    /** UTF-8 bytes of {@code s}; unpaired surrogates are rejected rather than replaced with '?'. */
    static byte[] encodeRaw(String s) {
        try {
            return StrictUtf8.encode(s);
        } catch (EncodingException e) {
            throw new IllegalArgumentException("value has an unpaired surrogate, want well-formed UTF-16", e);
        }
    }

    /** Decodes well-formed UTF-8; malformed input (overlongs, surrogates, truncation) is an error. */
    static String decodeRaw(byte[] bytes, String what) {
        try {
            return StrictUtf8.decode(bytes);
        } catch (EncodingException e) {
            throw new ExtensionParseException(what + ": value is not well-formed UTF-8", e);
        }
    }

    /** DER encoding of one UTF8String holding {@code s}. */
    static byte[] encodeDer(String s) {
        byte[] content = encodeRaw(s);
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(UTF8_STRING_TAG);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int lenBytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
            out.write(0x80 | lenBytes);
            for (int i = lenBytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /**
     * Decodes bytes that must be exactly one DER UTF8String: tag 0x0C, minimal definite length, the declared
     * number of content bytes and nothing after them.
     */
    static String decodeDer(byte[] der, String what) {
        if (der.length < 2) {
            throw new ExtensionParseException(what + ": DER UTF8String has " + der.length + " bytes, want >= 2");
        }
        int tag = der[0] & 0xff;
        if (tag != UTF8_STRING_TAG) {
            throw new ExtensionParseException(what + ": DER tag is 0x" + Integer.toHexString(tag)
                    + ", want 0x0c (UTF8String)");
        }
        int first = der[1] & 0xff;
        int pos = 2;
        long length;
        if (first < 0x80) {
            length = first;
        } else {
            int lenBytes = first & 0x7f;
            if (lenBytes == 0) {
                throw new ExtensionParseException(what + ": DER indefinite length, want definite");
            }
            if (lenBytes > 4) {
                throw new ExtensionParseException(what + ": DER length has " + lenBytes + " bytes, want <= 4");
            }
            if (der.length < pos + lenBytes) {
                throw new ExtensionParseException(what + ": DER length is truncated");
            }
            length = 0;
            for (int i = 0; i < lenBytes; i++) {
                length = (length << 8) | (der[pos++] & 0xff);
            }
            if (length < 0x80 || (der[2] & 0xff) == 0) {
                throw new ExtensionParseException(what + ": DER length is not minimally encoded");
            }
        }
        long remaining = der.length - pos;
        if (length > remaining) {
            throw new ExtensionParseException(what + ": DER UTF8String declares " + length + " content bytes, got "
                    + remaining);
        }
        if (length < remaining) {
            throw new ExtensionParseException(what + ": " + (remaining - length)
                    + " trailing bytes after the DER UTF8String, want 0");
        }
        byte[] content = new byte[(int) length];
        System.arraycopy(der, pos, content, 0, content.length);
        return decodeRaw(content, what);
    }
}
