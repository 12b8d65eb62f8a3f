package dev.keyless.common.note;

import java.util.Locale;

/** Character rules shared by notes, key names and checkpoints (C2SP signed-note, "Format"). */
final class NoteText {
    private NoteText() {
    }

    /**
     * Signed notes are valid UTF-8 without ASCII control characters other than newline. A Java string is valid UTF-8
     * exactly when it has no unpaired surrogate.
     *
     * @return a description of the first offending character, or null if {@code s} is acceptable
     */
    static String firstInvalidCharacter(String s, boolean allowNewline) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && !(allowNewline && c == '\n')) {
                return String.format(Locale.ROOT, "control character U+%04X at offset %d", (int) c, i);
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "unpaired surrogate at offset " + i;
            }
            if (Character.isLowSurrogate(c)) {
                return "unpaired surrogate at offset " + i;
            }
        }
        return null;
    }

    /**
     * Key names are non-empty and contain no Unicode spaces and no '+' (C2SP signed-note; Go's {@code isValidName} uses
     * {@code unicode.IsSpace}, which is Java's space separators plus U+0085 and the ASCII controls rejected above).
     *
     * @throws NoteParseException if {@code name} is not a valid key name
     */
    static void requireKeyName(String name) {
        if (name == null || name.isEmpty()) {
            throw new NoteParseException("key name is empty");
        }
        String bad = firstInvalidCharacter(name, false);
        if (bad != null) {
            throw new NoteParseException("key name has " + bad);
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (cp == '+' || cp == 0x85 || Character.isSpaceChar(cp) || Character.isWhitespace(cp)) {
                throw new NoteParseException(String.format(Locale.ROOT, "key name has U+%04X at offset %d; spaces and '+' are not allowed", cp, i));
            }
            i += Character.charCount(cp);
        }
    }

    /** Requires a single line: valid characters and no newline. */
    static void requireLine(String what, String line) {
        String bad = firstInvalidCharacter(line, false);
        if (bad != null) {
            throw new NoteParseException(what + " has " + bad);
        }
    }
}
