package dev.keyless.tlog.rekor;

/**
 * A request the Rekor API refuses, with the status and the fixed client-facing message of Rekor's
 * {@code {code, message}} error body. The message never contains request data or internals.
 */
public class RekorApiException extends RuntimeException {
    private final int status;
    private final String location;

    public RekorApiException(int status, String message) {
        this(status, message, null);
    }

    public RekorApiException(int status, String message, String location) {
        super(message);
        this.status = status;
        this.location = location;
    }

    public int status() {
        return status;
    }

    /** For 409: the path of the existing entry, sent as {@code Location}. */
    public String location() {
        return location;
    }

    public static RekorApiException badRequest(String message) {
        return new RekorApiException(400, message);
    }

    /** Rekor's 400 for an entry that fails validation: {@code error processing entry: <reason>}. */
    public static RekorApiException invalidEntry(String reason) {
        return new RekorApiException(400, "error processing entry: " + reason);
    }
}
