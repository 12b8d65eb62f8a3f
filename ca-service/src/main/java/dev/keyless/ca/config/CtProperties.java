package dev.keyless.ca.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Certificate Transparency of ca-service ({@code keyless.ca.ct.*}, fulcio.md §5.1). Enabled (the default, as Fulcio's
 * {@code --ct-log-url} defaults to a local log), every leaf's precertificate is logged first and the SCT the log
 * returns is embedded in the final certificate; with the log unreachable nothing is issued. Disabled, leaves carry
 * no SCT (Fulcio with an empty {@code --ct-log-url}). The log URL comes only from here, never from a request.
 *
 * @param enabled log precertificates to {@code url}
 * @param url base URL of the RFC 6962 log, http or https, e.g. {@code http://localhost:3000} (tlog-service);
 *     {@code /ct/v1/add-pre-chain} is appended
 * @param publicKey PEM file of the log's public key; every SCT is verified against it before it is embedded. Unset,
 *     SCTs are embedded unverified and a warning is logged at startup
 * @param required when the log gives no usable SCT: refuse issuance (true, answered 503 or 500) or issue the
 *     certificate without an SCT (false; development only, sigstore-java refuses such certificates)
 * @param connectTimeout bound on opening a connection to the log
 * @param timeout bound on one whole submission: connection, the log's sequencing and the response body
 */
@ConfigurationProperties("keyless.ca.ct")
public record CtProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("http://localhost:3000") URI url,
        Path publicKey,
        @DefaultValue("true") boolean required,
        @DefaultValue("3s") Duration connectTimeout,
        @DefaultValue("15s") Duration timeout) {

    public CtProperties {
        if (publicKey != null && publicKey.toString().isEmpty()) {
            publicKey = null; // an empty ${KEYLESS_CA_CT_PUBLIC_KEY:} means unset
        }
        if (enabled) {
            if (url == null || !url.isAbsolute() || url.getHost() == null || url.getRawQuery() != null
                    || url.getRawFragment() != null || url.getRawUserInfo() != null) {
                throw new IllegalArgumentException(
                        "keyless.ca.ct.url must be an absolute http(s) URL without user info, query or fragment");
            }
            String scheme = url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("keyless.ca.ct.url must be http or https, is " + scheme);
            }
        }
        if (!connectTimeout.isPositive() || !timeout.isPositive()) {
            throw new IllegalArgumentException("keyless.ca.ct.connect-timeout and timeout must be positive");
        }
    }
}
