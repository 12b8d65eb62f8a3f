package dev.keyless.ca.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The client trust files ca-service serves ({@code keyless.ca.trust-root.*}): {@code GET /trusted_root.json} and
 * {@code GET /signing_config.json}, built from this CA's chain, the CT log key ({@code keyless.ca.ct.public-key}) and
 * the Rekor key fetched from {@code rekor-url} (a configured URL, never one from a request).
 *
 * @param caUrl the URL clients use for this CA; unset, {@code https://localhost:<server.port>}. sigstore-java dials
 *     its host:port over gRPC with TLS, so the TLS certificate must be valid for that host
 * @param rekorUrl tlog-service's URL as clients use it; its host must be tlog-service's {@code keyless.tlog.hostname}
 *     (the checkpoint key name). Unset, {@code keyless.ca.ct.url} when CT is enabled; with neither, the files are
 *     not served (404)
 * @param rekorReadUrl where ca-service itself reads the Rekor key, when that differs from {@code rekorUrl} (in
 *     containers, e.g. {@code http://tlog-service:3000}); unset, {@code rekorUrl}
 * @param retired rotated keys and CA chains that stay listed, with the end of their validity
 * @param refresh how long a built trust root is served before tlog-service is read again: after a Rekor key
 *     rotation, the served root lists the new key within this time (0 to 1 day; default 5 minutes)
 * @param rekorV2Url tlog-service's Rekor v2 log as clients use it (its host must be {@code keyless.tlog.hostname}, the
 *     v2 checkpoint origin); when set, both files list it beside the v1 log, and signing_config.json with
 *     {@code majorApiVersion} 2, which cosign prefers. Its key is read from the same tlog-service as the v1 key
 */
@ConfigurationProperties("keyless.ca.trust-root")
public record TrustRootProperties(URI caUrl, URI rekorUrl, URI rekorReadUrl, @DefaultValue List<Retired> retired,
        @DefaultValue("5m") Duration refresh, URI rekorV2Url) {
    static final int MAX_RETIRED = 32;

    /** Without a Rekor v2 log. */
    public TrustRootProperties(URI caUrl, URI rekorUrl, URI rekorReadUrl, List<Retired> retired, Duration refresh) {
        this(caUrl, rekorUrl, rekorReadUrl, retired, refresh, null);
    }

    @ConstructorBinding
    public TrustRootProperties {
        if (refresh.isNegative() || refresh.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("keyless.ca.trust-root.refresh is " + refresh + ", want 0 to 1 day");
        }
        // An empty ${KEYLESS_CA_…:} means unset.
        caUrl = caUrl == null || caUrl.toString().isEmpty() ? null : caUrl;
        rekorUrl = rekorUrl == null || rekorUrl.toString().isEmpty() ? null : rekorUrl;
        rekorReadUrl = rekorReadUrl == null || rekorReadUrl.toString().isEmpty() ? null : rekorReadUrl;
        rekorV2Url = rekorV2Url == null || rekorV2Url.toString().isEmpty() ? null : rekorV2Url;
        for (URI url : new URI[] {caUrl, rekorUrl, rekorReadUrl, rekorV2Url}) {
            requireHttpUrl(url);
        }
        if (retired.size() > MAX_RETIRED) {
            throw new IllegalArgumentException("keyless.ca.trust-root.retired lists " + retired.size()
                    + " entries, at most " + MAX_RETIRED);
        }
    }

    /** Null, or an absolute http(s) URL with a host and no user info, query or fragment. */
    static void requireHttpUrl(URI url) {
        if (url == null) {
            return;
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null
                || url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("keyless.ca.trust-root URLs must be absolute http(s) URLs with a host and "
                    + "without user info, query or fragment, got " + url);
        }
    }

    /** What a retired entry was. */
    public enum Kind { REKOR, CT, CA }

    /**
     * @param kind {@code rekor} or {@code ct} (a log key) or {@code ca} (a CA chain)
     * @param file PEM public key (rekor, ct) or PEM chain, issuing certificate first (ca)
     * @param url the URL it was served at; unset, the current one
     * @param start when it came into use
     * @param end when it stopped being used (required: a retired entry without an end would still be trusted)
     */
    public record Retired(Kind kind, Path file, URI url, Instant start, Instant end) {
        public Retired {
            if (kind == null || file == null || start == null || end == null) {
                throw new IllegalArgumentException("keyless.ca.trust-root.retired entries need kind, file, start and end");
            }
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("keyless.ca.trust-root.retired entry " + file + " ends before it starts");
            }
            requireHttpUrl(url);
        }
    }
}
