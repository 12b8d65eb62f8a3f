package dev.keyless.common.note;

import dev.keyless.common.encoding.EncodingException;
import dev.keyless.common.encoding.StrictUtf8;
import dev.keyless.common.encoding.EncodingException;
import dev.keyless.common.encoding.StrictBase64;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A C2SP signed note (c2sp.org/signed-note; rekor.md §2.5): text ending in a newline, a blank line, then one or
 * more lines {@code — <key name> <base64(4-byte key ID || signature)>}.
 *
 * <p>{@link #parse} is strict and {@link #format} is its exact inverse: {@code parse(n.format()).equals(n)} and
 * {@code parse(s).format().equals(s)} for every accepted {@code s}. Accepted means: valid UTF-8 with no control
 * characters except newline; the text (which may itself contain blank lines) is everything before the
 * <em>last</em> blank line; 1 to {@value #MAX_SIGNATURES} signature lines (Go's {@code note.Open} bound; the spec
 * requires accepting at least 16); each line exactly em dash, space, a valid key name, space, canonical base64 of at
 * least 5 bytes, newline; nothing else.
 */
public record SignedNote(String text, List<NoteSignature> signatures) {
    public static final int MAX_SIGNATURES = 100;
    private static final String SIGNATURE_PREFIX = "\u2014 ";

    public SignedNote {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty() || text.charAt(text.length() - 1) != '\n') {
            throw new NoteParseException("note text must end with a newline");
        }
        String bad = NoteText.firstInvalidCharacter(text, true);
        if (bad != null) {
            throw new NoteParseException("note text has " + bad);
        }
        signatures = List.copyOf(signatures);
        if (signatures.isEmpty()) {
            throw new NoteParseException("note has no signatures, want at least 1");
        }
        if (signatures.size() > MAX_SIGNATURES) {
            throw new NoteParseException("note has " + signatures.size() + " signatures, want at most " + MAX_SIGNATURES);
        }
    }

    /** Signs {@code text} with every signer, in order. */
    public static SignedNote sign(String text, List<? extends NoteSigner> signers) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<NoteSignature> signatures = new ArrayList<>(signers.size());
        for (NoteSigner signer : signers) {
            signatures.add(new NoteSignature(signer.keyName(), signer.keyHint(), signer.sign(bytes)));
        }
        return new SignedNote(text, signatures);
    }

    /** The wire form. */
    public String format() {
        StringBuilder sb = new StringBuilder(text.length() + 1 + signatures.size() * 120);
        sb.append(text).append('\n');
        for (NoteSignature s : signatures) {
            sb.append(SIGNATURE_PREFIX).append(s.keyName()).append(' ').append(StrictBase64.encode(s.hintAndSignature())).append('\n');
        }
        return sb.toString();
    }

    /** UTF-8 bytes of {@link #format()}. */
    public byte[] formatBytes() {
        return format().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses UTF-8 bytes, rejecting malformed UTF-8 before anything else. */
    public static SignedNote parse(byte[] utf8) {
        String text;
        try {
            text = StrictUtf8.decode(utf8);
        } catch (EncodingException e) {
            throw new NoteParseException("note is not valid UTF-8", e);
        }
        return parse(text);
    }

    /** Parses the wire form strictly; see the class comment for the grammar. */
    public static SignedNote parse(String note) {
        String bad = NoteText.firstInvalidCharacter(note, true);
        if (bad != null) {
            throw new NoteParseException("note has " + bad);
        }
        if (note.isEmpty() || note.charAt(note.length() - 1) != '\n') {
            throw new NoteParseException("note must end with a newline");
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw new NoteParseException("note has no blank line separating text from signatures");
        }
        String text = note.substring(0, split + 1);
        String block = note.substring(split + 2);
        if (block.isEmpty()) {
            throw new NoteParseException("note has no signatures, want at least 1");
        }
        List<NoteSignature> signatures = new ArrayList<>();
        int lineNo = 0;
        for (int start = 0; start < block.length(); lineNo++) {
            int end = block.indexOf('\n', start); // found: block ends with '\n'
            if (signatures.size() == MAX_SIGNATURES) {
                throw new NoteParseException("note has more than " + MAX_SIGNATURES + " signatures");
            }
            signatures.add(parseSignatureLine(block.substring(start, end), lineNo));
            start = end + 1;
        }
        return new SignedNote(text, signatures);
    }

    private static NoteSignature parseSignatureLine(String line, int lineNo) {
        if (!line.startsWith(SIGNATURE_PREFIX)) {
            throw new NoteParseException("signature line " + lineNo + " does not start with an em dash (U+2014) and a space");
        }
        String rest = line.substring(SIGNATURE_PREFIX.length());
        int space = rest.indexOf(' ');
        if (space < 0) {
            throw new NoteParseException("signature line " + lineNo + " has no space between key name and signature");
        }
        String name = rest.substring(0, space);
        try {
            NoteText.requireKeyName(name);
        } catch (NoteParseException e) {
            throw new NoteParseException("signature line " + lineNo + ": " + e.getMessage());
        }
        byte[] decoded;
        try {
            decoded = StrictBase64.decode(rest.substring(space + 1));
        } catch (EncodingException e) {
            throw new NoteParseException("signature line " + lineNo + ": " + e.getMessage(), e);
        }
        if (decoded.length < 5) {
            throw new NoteParseException("signature line " + lineNo + " decodes to " + decoded.length
                    + " bytes, want at least 5 (4-byte key hint and a signature)");
        }
        int hint = ByteBuffer.wrap(decoded, 0, 4).getInt();
        byte[] sig = new byte[decoded.length - 4];
        System.arraycopy(decoded, 4, sig, 0, sig.length);
        return new NoteSignature(name, hint, sig);
    }

    /**
     * Verifies this note against trusted keys (C2SP signed-note, "Signatures"). Signatures whose (name, hint) match no
     * verifier are ignored; a matching signature that fails rejects the note, as does a known key signing twice (as in
     * Go's {@code note.Open}) and a note that no known key signed.
     *
     * @return the verified signatures, in note order
     * @throws IllegalArgumentException if two verifiers share a (name, hint)
     */
    public List<NoteSignature> verify(Collection<? extends NoteVerifier> verifiers) throws NoteVerificationException {
        Map<KeyId, NoteVerifier> known = new HashMap<>();
        for (NoteVerifier v : verifiers) {
            if (known.put(new KeyId(v.keyName(), v.keyHint()), v) != null) {
                throw new IllegalArgumentException("two verifiers for key " + v.keyName() + "+" + String.format(Locale.ROOT, "%08x", v.keyHint()));
            }
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Set<KeyId> seen = new HashSet<>();
        List<NoteSignature> verified = new ArrayList<>();
        for (NoteSignature s : signatures) {
            KeyId id = new KeyId(s.keyName(), s.keyHint());
            NoteVerifier verifier = known.get(id);
            if (verifier == null) {
                continue;
            }
            if (!seen.add(id)) {
                throw new NoteVerificationException("key " + id + " signed the note more than once");
            }
            if (!verifier.verify(bytes, s.signature())) {
                throw new NoteVerificationException("signature by known key " + id + " does not verify");
            }
            verified.add(s);
        }
        if (verified.isEmpty()) {
            throw new NoteVerificationException("note has no signature by a known key (" + signatures.size()
                    + " signatures, " + known.size() + " verifiers)");
        }
        return List.copyOf(verified);
    }

    private record KeyId(String name, int hint) {
        @Override
        public String toString() {
            return name + "+" + String.format(Locale.ROOT, "%08x", hint);
        }
    }
}
