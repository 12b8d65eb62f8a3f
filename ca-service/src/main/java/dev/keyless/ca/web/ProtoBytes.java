package dev.keyless.ca.web;

import dev.keyless.ca.errors.InvalidRequestException;
import java.util.Base64;

/**
 * Decodes a proto3 JSON {@code bytes} value: standard or URL-safe base64, padded or not, as protojson accepts.
 */
final class ProtoBytes {
    private ProtoBytes() {
    }

    /** @return null for null or empty input */
    static byte[] decode(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        String s = value.strip();
        try {
            return s.indexOf('-') >= 0 || s.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(s) : Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(InvalidRequestException.UNPARSEABLE_BODY);
        }
    }
}
