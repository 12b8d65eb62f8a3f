package dev.keyless.ca.identity;

/**
 * The configured issuer's discovery document or key set could not be fetched, so no token of that issuer can be
 * checked right now. Not the client's fault: answered 503 so that clients retry (sigstore-go/js retry 5xx).
 */
public class IdentityProviderUnavailableException extends RuntimeException {
    public IdentityProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
