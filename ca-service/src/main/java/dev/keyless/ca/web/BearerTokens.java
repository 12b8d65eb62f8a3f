package dev.keyless.ca.web;

/** Takes the token out of an {@code Authorization} header as Fulcio's gateway does (first {@code "Bearer "} removed). */
final class BearerTokens {
    private static final String PREFIX = "Bearer ";

    private BearerTokens() {
    }

    /** @return the token, or null if the header is absent or not a Bearer credential */
    static String fromHeader(String authorization) {
        if (authorization == null || authorization.length() <= PREFIX.length()
                || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return null;
        }
        return authorization.substring(PREFIX.length()).strip();
    }
}
