package dev.keyless.ca.trust;

/** The trust root cannot be built now: the transparency log did not answer as expected (503). */
public final class TrustRootUnavailableException extends RuntimeException {
    public TrustRootUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
