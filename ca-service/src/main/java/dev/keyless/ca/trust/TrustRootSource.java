package dev.keyless.ca.trust;

import dev.keyless.ca.trust.TrustRoot.Ca;
import dev.keyless.ca.trust.TrustRoot.Log;
import dev.keyless.ca.trust.TrustRoot.Validity;
import dev.keyless.common.crypto.PublicKeys;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the served {@link TrustRoot} from this CA's chain, the CT log key and what tlog-service publishes at the
 * configured Rekor URL (or the separate read URL): its public key ({@code /api/v1/log/publicKey}) and the time of its genesis entry
 * ({@code /api/v1/log/entries?logIndex=0}), before which nothing was logged. The result is kept for
 * {@link #REFRESH}, so a rotated Rekor key shows up without a restart; a failed fetch is not cached.
 *
 * <p>Validity: the current CA chain and keys start where the latest retired entry of their kind ended, else at
 * the earlier of the genesis entry and the CA's oldest certificate, less a minute. Thread-safe.
 */
public final class TrustRootSource {
    static final Duration REFRESH = Duration.ofMinutes(5);
    static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A rotated key or chain, already read from its file. */
    public sealed interface Retired {
        Validity validFor();
    }

    public record RetiredLog(boolean rekor, URI url, PublicKey key, Validity validFor) implements Retired {
    }

    public record RetiredCa(URI url, List<X509Certificate> chain, Validity validFor) implements Retired {
    }

    private final Supplier<URI> caUrlSupplier;
    private final List<X509Certificate> caChain;
    private final URI rekorUrl;
    private final URI rekorReadUrl;
    private final URI ctUrl;
    private final PublicKey ctKey;
    private final List<Retired> retired;
    private final HttpClient http;
    private final Clock clock;
    private record Cached(TrustRoot root, Instant at) {
    }
    private volatile Cached cached;

    /**
     * @param caUrl this CA's URL as clients use it (read when first needed: the port may be known only then)
     * @param rekorUrl the Rekor URL clients are told; null when not configured
     * @param rekorReadUrl where the Rekor key and genesis entry are read; null: {@code rekorUrl}
     * @param ctUrl the CT log's URL, with {@code ctKey} its key; both null when SCTs are not configured
     */
    public TrustRootSource(Supplier<URI> caUrl, List<X509Certificate> caChain, URI rekorUrl, URI rekorReadUrl, URI ctUrl,
            PublicKey ctKey,
            List<Retired> retired, HttpClient http, Clock clock) {
        this.caUrlSupplier = caUrl;
        this.caChain = List.copyOf(caChain);
        this.rekorUrl = rekorUrl;
        this.rekorReadUrl = rekorReadUrl != null ? rekorReadUrl : rekorUrl;
        this.ctUrl = ctUrl;
        this.ctKey = ctKey;
        this.retired = List.copyOf(retired);
        this.http = http;
        this.clock = clock;
    }

    /**
     * @throws TrustRootNotConfiguredException when no Rekor URL is configured
     * @throws TrustRootUnavailableException when tlog-service did not answer as expected
     */
    public TrustRoot current() {
        if (rekorUrl == null) {
            throw new TrustRootNotConfiguredException();
        }
        Cached c = cached;
        Instant now = clock.instant();
        if (c != null && now.isBefore(c.at().plus(REFRESH))) {
            return c.root();
        }
        TrustRoot root = build();
        cached = new Cached(root, now);
        return root;
    }

    private TrustRoot build() {
        URI caUrl = caUrlSupplier.get();
        PublicKey rekorKey;
        Instant genesis;
        try {
            rekorKey = PublicKeys.parsePem(get("/api/v1/log/publicKey"));
            JsonNode entries = JSON.readTree(get("/api/v1/log/entries?logIndex=0"));
            JsonNode first = entries.isObject() && entries.size() == 1 ? entries.values().iterator().next() : null;
            if (first == null || !first.path("integratedTime").canConvertToLong()) {
                throw new IOException("the genesis entry has no integratedTime");
            }
            genesis = Instant.ofEpochSecond(first.path("integratedTime").asLong());
        } catch (IOException | RuntimeException e) {
            throw new TrustRootUnavailableException("Rekor at " + rekorReadUrl + ": " + e.getMessage(), e);
        }
        Instant caStart = caChain.stream().map(x -> x.getNotBefore().toInstant()).min(Comparator.naturalOrder()).orElseThrow();
        Instant since = (genesis.isBefore(caStart) ? genesis : caStart).minusSeconds(60);

        List<Ca> cas = new ArrayList<>();
        List<Log> tlogs = new ArrayList<>();
        List<Log> ctlogs = new ArrayList<>();
        for (Retired r : retired) {
            switch (r) {
                case RetiredCa ca -> cas.add(new Ca(ca.url() == null ? caUrl : ca.url(), ca.chain(), ca.validFor()));
                case RetiredLog l when l.rekor() -> tlogs.add(new Log(l.url() == null ? rekorUrl : l.url(), l.key(), l.validFor()));
                case RetiredLog l -> ctlogs.add(new Log(l.url() == null ? ctUrl : l.url(), l.key(), l.validFor()));
            }
        }
        cas.add(new Ca(caUrl, caChain, new Validity(startAfter(cas.stream().map(Ca::validFor).toList(), since), null)));
        tlogs.add(new Log(rekorUrl, rekorKey, new Validity(startAfter(tlogs.stream().map(Log::validFor).toList(), since), null)));
        if (ctKey != null) {
            ctlogs.add(new Log(ctUrl, ctKey, new Validity(startAfter(ctlogs.stream().map(Log::validFor).toList(), since), null)));
        }
        return new TrustRoot(cas, tlogs, ctlogs, caUrl, rekorUrl, since);
    }

    /** The current entry starts where the last retired one of its kind ended, so their validities do not overlap. */
    private static Instant startAfter(List<Validity> retired, Instant otherwise) {
        return retired.stream().map(Validity::end).max(Comparator.naturalOrder()).orElse(otherwise);
    }

    private String get(String pathAndQuery) throws IOException {
        URI uri = URI.create(rekorReadUrl.toString().replaceAll("/+$", "") + pathAndQuery);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("GET " + pathAndQuery + " answered HTTP " + response.statusCode());
                }
                byte[] body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
                if (body.length > MAX_RESPONSE_BYTES) {
                    throw new IOException("GET " + pathAndQuery + " answered more than " + MAX_RESPONSE_BYTES + " bytes");
                }
                return new String(body, StandardCharsets.UTF_8);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
