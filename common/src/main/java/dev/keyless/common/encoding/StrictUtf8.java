package dev.keyless.common.encoding;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 that refuses what the JDK's defaults silently replace: malformed bytes on decode, unpaired surrogates
 * on encode. Signed and hashed text must round-trip exactly, so a replacement character is never acceptable.
 */
public final class StrictUtf8 {
    private StrictUtf8() {
    }

    /** @throws EncodingException if {@code bytes} is not well-formed UTF-8 */
    public static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new EncodingException("not well-formed UTF-8", e);
        }
    }

    /** @throws EncodingException if {@code text} has an unpaired surrogate */
    public static byte[] encode(String text) {
        try {
            ByteBuffer buf = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            byte[] out = new byte[buf.remaining()];
            buf.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new EncodingException("text has an unpaired surrogate", e);
        }
    }
}
