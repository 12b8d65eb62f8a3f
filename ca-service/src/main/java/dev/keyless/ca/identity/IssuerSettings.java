package dev.keyless.ca.identity;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One configured OIDC issuer (fulcio.md §3.2). A URL containing {@code *} is a meta-issuer: a pattern whose
 * {@code *} matches one non-empty run of {@code [-_a-zA-Z0-9]}, anchored at both ends (GHSA-59jp-pj84-45mr), so a
 * wildcard can never span a dot, slash or colon into another host.
 *
 * @param url issuer URL ({@code iss}) or meta-issuer pattern
 * @param clientId the audience tokens must carry
 * @param type identity mapping
 * @param subjectDomain {@code uri}: scheme://host that {@code sub} must have; {@code username}: domain appended to
 *     the user name
 * @param spiffeTrustDomain {@code spiffe}: the trust domain SPIFFE IDs must be in
 * @param skipEmailVerification {@code email}: accept tokens without {@code email_verified: true} (Entra ID, ADFS)
 * @param ciProvider the template of a {@code ci-provider} issuer (null for other types)
 */
public record IssuerSettings(String url, String clientId, IssuerType type, String subjectDomain,
        String spiffeTrustDomain, boolean skipEmailVerification, CiProviderTemplate ciProvider) {

    public IssuerSettings {
        URI parsed = URI.create(url.replace("*", "x"));
        if (!("https".equals(parsed.getScheme()) || "http".equals(parsed.getScheme())) || parsed.getHost() == null) {
            throw new IllegalArgumentException("issuer url must be an http(s) URL: " + url);
        }
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("issuer " + url + " needs a client-id (the token audience)");
        }
        switch (type) {
            case URI -> {
                URI domain = subjectDomain == null ? null : URI.create(subjectDomain);
                if (domain == null || domain.getScheme() == null || domain.getHost() == null) {
                    throw new IllegalArgumentException("uri issuer " + url + " needs subject-domain scheme://host");
                }
                if (!domain.getScheme().equals(parsed.getScheme())
                        || !lastTwoLabels(domain.getHost()).equals(lastTwoLabels(parsed.getHost()))) {
                    throw new IllegalArgumentException("uri issuer " + url + ": subject-domain must share the issuer's scheme and domain");
                }
            }
            case USERNAME -> {
                if (subjectDomain == null || subjectDomain.isBlank() || subjectDomain.contains("://")) {
                    throw new IllegalArgumentException("username issuer " + url + " needs a subject-domain without scheme");
                }
            }
            case SPIFFE -> {
                if (spiffeTrustDomain == null || spiffeTrustDomain.isBlank()) {
                    throw new IllegalArgumentException("spiffe issuer " + url + " needs a spiffe-trust-domain");
                }
                if (url.contains("*")) {
                    throw new IllegalArgumentException("spiffe issuers cannot be meta-issuers (Fulcio refuses them too)");
                }
            }
            case CI_PROVIDER -> {
                if (ciProvider == null) {
                    throw new IllegalArgumentException("ci-provider issuer " + url + " needs a ci-provider template name");
                }
            }
            default -> {
            }
        }
    }

    /** Whether {@link #url()} is a wildcard pattern. */
    public boolean isMeta() {
        return url.contains("*");
    }

    /** The anchored regex of a meta-issuer pattern (Fulcio {@code config.MetaRegex}). */
    public Pattern metaPattern() {
        StringBuilder regex = new StringBuilder("^");
        String[] parts = url.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append("[-_a-zA-Z0-9]+");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.append('$').toString());
    }

    /** This issuer's settings for one concrete URL that matched the meta pattern. */
    public IssuerSettings forConcreteUrl(String concrete) {
        return new IssuerSettings(concrete, clientId, type, subjectDomain, spiffeTrustDomain, skipEmailVerification, ciProvider);
    }

    private static String lastTwoLabels(String host) {
        String[] labels = host.toLowerCase(Locale.ROOT).split("\\.");
        return labels.length <= 2 ? String.join(".", labels) : labels[labels.length - 2] + "." + labels[labels.length - 1];
    }
}
