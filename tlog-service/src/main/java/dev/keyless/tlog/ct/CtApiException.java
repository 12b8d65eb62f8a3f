package dev.keyless.tlog.ct;

/**
 * A refused CT request. The message is a fixed client-facing string (RFC 6962 errors are plain HTTP statuses;
 * the body only helps a human); details of the cause go to the log, never to the client.
 */
public final class CtApiException extends RuntimeException {
    private final int status;

    private CtApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static CtApiException badRequest(String message) {
        return new CtApiException(400, message);
    }

    public static CtApiException notFound(String message) {
        return new CtApiException(404, message);
    }

    public int status() {
        return status;
    }
}
