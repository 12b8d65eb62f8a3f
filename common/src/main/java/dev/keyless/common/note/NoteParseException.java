package dev.keyless.common.note;

/** Text that is not a well-formed signed note, checkpoint or verifier key. Unchecked: it reports bad input. */
public class NoteParseException extends IllegalArgumentException {
    public NoteParseException(String message) {
        super(message);
    }

    public NoteParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
