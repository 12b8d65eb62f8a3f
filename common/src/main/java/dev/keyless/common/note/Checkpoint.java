package dev.keyless.common.note;

import dev.keyless.common.encoding.Decimal;
import dev.keyless.common.encoding.EncodingException;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.encoding.StrictBase64;
import java.util.List;
import java.util.Objects;

/**
 * The note text of a transparency log checkpoint (c2sp.org/tlog-checkpoint; Rekor v1 {@code pkg/util/checkpoint.go};
 * rekor.md §2.5): {@code origin}, tree size in decimal without leading zeros, base64 of the 32-byte RFC 6962 root
 * hash, then optional extension lines, each line ending in a newline. Rekor v1 origins look like
 * {@code "rekor.example - 1193050959916656506"}; pre-2024 Rekor checkpoints carry a {@code Timestamp: <nanos>}
 * extension line.
 *
 * <p>{@link #fromNoteText} is strict and {@link #toNoteText} is its exact inverse.
 */
public record Checkpoint(String origin, long size, Hash rootHash, List<String> extensionLines) {
    public Checkpoint {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(rootHash, "rootHash");
        if (origin.isEmpty()) {
            throw new NoteParseException("checkpoint origin is empty");
        }
        NoteText.requireLine("checkpoint origin", origin);
        if (size < 0) {
            throw new NoteParseException("checkpoint size is " + size + ", want >= 0");
        }
        extensionLines = List.copyOf(extensionLines);
        for (int i = 0; i < extensionLines.size(); i++) {
            String line = extensionLines.get(i);
            if (line.isEmpty()) {
                throw new NoteParseException("checkpoint extension line " + i + " is empty");
            }
            NoteText.requireLine("checkpoint extension line " + i, line);
        }
    }

    /** A checkpoint without extension lines (the recommended form). */
    public static Checkpoint of(String origin, long size, Hash rootHash) {
        return new Checkpoint(origin, size, rootHash, List.of());
    }

    /** The note text to sign. */
    public String toNoteText() {
        StringBuilder sb = new StringBuilder(origin.length() + 70);
        sb.append(origin).append('\n').append(size).append('\n').append(StrictBase64.encode(rootHash.toByteArray())).append('\n');
        for (String line : extensionLines) {
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    /** Parses note text (for example {@link SignedNote#text()}); the signature is not checked here. */
    public static Checkpoint fromNoteText(String text) {
        if (text.isEmpty() || text.charAt(text.length() - 1) != '\n') {
            throw new NoteParseException("checkpoint text must end with a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw new NoteParseException("checkpoint has " + lines.length + " lines, want at least 3");
        }
        long size;
        try {
            size = Decimal.parseUnsigned(lines[1]);
        } catch (EncodingException e) {
            throw new NoteParseException("checkpoint size: " + e.getMessage(), e);
        }
        byte[] root;
        try {
            root = StrictBase64.decode(lines[2]);
        } catch (EncodingException e) {
            throw new NoteParseException("checkpoint root hash: " + e.getMessage(), e);
        }
        if (root.length != Hash.SIZE) {
            throw new NoteParseException("checkpoint root hash has " + root.length + " bytes, want " + Hash.SIZE);
        }
        return new Checkpoint(lines[0], size, Hash.of(root), List.of(lines).subList(3, lines.length));
    }
}
