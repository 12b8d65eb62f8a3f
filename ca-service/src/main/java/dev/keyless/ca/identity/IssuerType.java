package dev.keyless.ca.identity;

import java.util.Arrays;
import java.util.Locale;

/**
 * How an issuer's tokens map to a certificate identity (fulcio.md §3.3). The configuration name is Fulcio's
 * {@code type} value.
 */
public enum IssuerType {
    EMAIL("email"),
    GITHUB_WORKFLOW("github-workflow"),
    GITLAB_PIPELINE("gitlab-pipeline"),
    KUBERNETES("kubernetes"),
    SPIFFE("spiffe"),
    URI("uri"),
    USERNAME("username"),
    BUILDKITE_JOB("buildkite-job"),
    CI_PROVIDER("ci-provider");

    private final String configName;

    IssuerType(String configName) {
        this.configName = configName;
    }

    /** Fulcio's name, e.g. {@code github-workflow}; also what {@code GET /api/v2/configuration} reports. */
    public String configName() {
        return configName;
    }

    /** The claim a client signs for proof of possession: {@code email} for email issuers, {@code sub} otherwise. */
    public String challengeClaim() {
        return this == EMAIL ? "email" : "sub";
    }

    /** Accepts Fulcio's name ({@code github-workflow}) and the enum name ({@code GITHUB_WORKFLOW}), any case. */
    public static IssuerType fromConfig(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(t -> t.configName.equals(v)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown issuer type \"" + value + "\"; want one of "
                        + Arrays.stream(values()).map(IssuerType::configName).toList()));
    }
}
