package dev.keyless.tlog.engine;

/** The log is overloaded or its store unavailable: the caller should retry later (HTTP 503 with Retry-After). */
public class PushbackException extends RuntimeException {
    public PushbackException(String message) {
        super(message);
    }

    public PushbackException(String message, Throwable cause) {
        super(message, cause);
    }
}
