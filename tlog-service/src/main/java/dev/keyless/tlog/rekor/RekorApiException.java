package dev.keyless.tlog.rekor;

/**
 * A request the Rekor API refuses, of a {@link Kind} and with the fixed client-facing message of Rekor's
 * {@code {code, message}} error body. The message never contains request data or internals. Which HTTP status each
 * kind is, and how it is logged, is the web layer's catalogue ({@code rekor.web.ApiErrorHandler}).
 */
public class RekorApiException extends RuntimeException {
    /** Why the request is refused. */
    public enum Kind {
        /** The request is malformed (parameters, JSON shape). */
        BAD_REQUEST,
        /** The proposed entry fails validation: Rekor's {@code error processing entry: <reason>}. */
        INVALID_ENTRY,
        /** The entry is already in the log; {@link #location()} names it. */
        DUPLICATE,
        /** The request asks for more than one request may. */
        TOO_MANY
    }

    private final Kind kind;
    private final String location;
    private final long existingIndex;

    private RekorApiException(Kind kind, String message, String location) {
        this(kind, message, location, -1);
    }

    private RekorApiException(Kind kind, String message, String location, long existingIndex) {
        super(message);
        this.kind = kind;
        this.location = location;
        this.existingIndex = existingIndex;
    }

    public Kind kind() {
        return kind;
    }

    /** For {@link Kind#DUPLICATE}: the path of the existing entry. */
    public String location() {
        return location;
    }

    public static RekorApiException badRequest(String message) {
        return new RekorApiException(Kind.BAD_REQUEST, message, null);
    }

    /** An entry that fails validation: {@code error processing entry: <reason>}, as Rekor words it. */
    public static RekorApiException invalidEntry(String reason) {
        return new RekorApiException(Kind.INVALID_ENTRY, "error processing entry: " + reason, null);
    }

    /** The entry with this UUID already exists. */
    public static RekorApiException duplicate(String uuid) {
        return new RekorApiException(Kind.DUPLICATE,
                "an equivalent entry already exists in the transparency log with UUID " + uuid,
                "/api/v1/log/entries/" + uuid);
    }

    /** For a Rekor v2 {@link Kind#DUPLICATE}: the index of the existing entry, else -1. */
    public long existingIndex() {
        return existingIndex;
    }

    /** Rekor v2: the entry is already in the log at {@code index} (rekor-tiles' message and {@code x-log-index}). */
    public static RekorApiException duplicateAt(long index) {
        return new RekorApiException(Kind.DUPLICATE,
                "an equivalent entry already exists in the transparency log with index " + index, null, index);
    }

    public static RekorApiException tooMany(String message) {
        return new RekorApiException(Kind.TOO_MANY, message, null);
    }
}
