package dev.keyless.ca.trust;

/** No Rekor URL is configured (neither keyless.ca.trust-root.rekor-url nor keyless.ca.ct.url): nothing to serve (404). */
public final class TrustRootNotConfiguredException extends RuntimeException {
    public TrustRootNotConfiguredException() {
        super("no Rekor URL configured: set keyless.ca.trust-root.rekor-url or keyless.ca.ct.url");
    }
}
