package dev.keyless.common.encoding;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * PEM (RFC 7468 textual encoding) written byte-identical to Go's {@code encoding/pem.Encode}:
 * {@code -----BEGIN T-----\n}, standard base64 in 64-column lines each ending in LF, {@code -----END T-----\n}.
 * Real clients compare these bytes (Rekor stores re-encoded keys; cosign and sigstore-java compare chains).
 *
 * <p>Parsing accepts what a careful PEM producer writes (LF or CRLF line ends, any line width, whitespace
 * between blocks) and rejects everything else: text outside blocks, headers, mismatched END labels,
 * invalid base64, and more blocks than the caller allows.
 */
public final class Pem {
    private static final int LINE = 64;
    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    /** One decoded block. */
    public record Block(String type, byte[] der) {
        public Block {
            der = der.clone();
        }

        @Override
        public byte[] der() {
            return der.clone();
        }
    }

    private Pem() {
    }

    /** Encodes one block exactly as Go's {@code pem.EncodeToMemory} does (no headers). */
    public static String encode(String type, byte[] der) {
        String b64 = Base64.getEncoder().encodeToString(der);
        StringBuilder sb = new StringBuilder(b64.length() + b64.length() / LINE + 2 * type.length() + 40);
        sb.append(BEGIN).append(type).append(DASHES).append('\n');
        for (int i = 0; i < b64.length(); i += LINE) {
            sb.append(b64, i, Math.min(b64.length(), i + LINE)).append('\n');
        }
        sb.append(END).append(type).append(DASHES).append('\n');
        return sb.toString();
    }

    /**
     * Decodes every block of {@code text}.
     *
     * @param maxBlocks the most blocks accepted (bounds chains read from requests)
     * @throws EncodingException if the text is not a sequence of 1..maxBlocks well-formed blocks
     */
    public static List<Block> decodeAll(String text, int maxBlocks) {
        if (maxBlocks < 1) {
            throw new IllegalArgumentException("maxBlocks is " + maxBlocks + ", want >= 1");
        }
        List<Block> blocks = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int i = 0;
        while (true) {
            while (i < lines.length && stripCr(lines[i]).isBlank()) {
                i++;
            }
            if (i == lines.length) {
                break;
            }
            String begin = stripCr(lines[i]).strip();
            if (!begin.startsWith(BEGIN) || !begin.endsWith(DASHES) || begin.length() < BEGIN.length() + DASHES.length() + 1) {
                throw new EncodingException("PEM: expected a BEGIN line at line " + (i + 1));
            }
            String type = begin.substring(BEGIN.length(), begin.length() - DASHES.length());
            String endLine = END + type + DASHES;
            StringBuilder b64 = new StringBuilder();
            i++;
            while (true) {
                if (i == lines.length) {
                    throw new EncodingException("PEM: missing END line for " + type);
                }
                String line = stripCr(lines[i]).strip();
                i++;
                if (line.equals(endLine)) {
                    break;
                }
                if (line.startsWith(DASHES)) {
                    throw new EncodingException("PEM: END line does not match BEGIN " + type);
                }
                if (line.indexOf(':') >= 0) {
                    throw new EncodingException("PEM: headers are not supported");
                }
                b64.append(line);
            }
            if (blocks.size() == maxBlocks) {
                throw new EncodingException("PEM: more than " + maxBlocks + " blocks");
            }
            byte[] der;
            try {
                der = Base64.getDecoder().decode(b64.toString());
            } catch (IllegalArgumentException e) {
                throw new EncodingException("PEM: invalid base64 in " + type, e);
            }
            if (der.length == 0) {
                throw new EncodingException("PEM: empty " + type + " block");
            }
            blocks.add(new Block(type, der));
        }
        if (blocks.isEmpty()) {
            throw new EncodingException("PEM: no blocks");
        }
        return blocks;
    }

    /** Decodes text that must hold exactly one block of {@code expectedType}. */
    public static byte[] decodeSingle(String text, String expectedType) {
        Block block = decodeAll(text, 1).get(0);
        if (!block.type().equals(expectedType)) {
            throw new EncodingException("PEM: block type is \"" + block.type() + "\", want \"" + expectedType + "\"");
        }
        return block.der();
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
