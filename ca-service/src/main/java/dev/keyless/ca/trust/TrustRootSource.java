package dev.keyless.ca.trust;

import dev.keyless.ca.trust.TrustRoot.Ca;
import dev.keyless.ca.trust.TrustRoot.Log;
import dev.keyless.ca.trust.TrustRoot.Tsa;
import dev.keyless.ca.trust.TrustRoot.Validity;
import dev.keyless.common.crypto.PublicKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the served {@link TrustRoot} from this CA's chain, the CT log key and what tlog-service publishes at the
 * configured Rekor URL (or the separate read URL): its public key ({@code /api/v1/log/publicKey}), the time of
 * its genesis entry ({@code /api/v1/log/entries?logIndex=0}), before which nothing was logged, and the keys of
 * frozen shards ({@link FrozenRekorShards}), which a Rekor key rotation leaves behind.
 *
 * <p>A built root is kept for {@code refresh} ({@code keyless.ca.trust-root.refresh}), so a rotated Rekor key shows up without a restart. One thread
 * refreshes at a time; while it does, and when a refresh fails, the last root is served (it stays correct until
 * the log's key changes). A failure is remembered for {@link #RETRY_AFTER_FAILURE}, so an unreachable log is not
 * asked on every request. Retired entries are checked when the source is made, so bad configuration stops the
 * start instead of failing requests.
 *
 * <p>Validity: the current CA chain and keys start where the latest retired entry of their kind ended, else at
 * the earlier of the genesis entry and the CA's oldest certificate, less a minute. Thread-safe.
 */
public final class TrustRootSource {
    /** Where this service answers timestamp requests, below its URL. */
    static final String TSA_PATH = "/api/v1/timestamp";
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(15);
    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(TrustRootSource.class);

    /** A rotated key or chain, already read from its file. */
    public sealed interface Retired {
        Validity validFor();
    }

    /**
     * @param url where it was served; null: the current URL of its kind
     * @param successorStart when the key that replaced it came into use (its end, unless a rotation without restart
     *     let the two overlap)
     */
    public record RetiredLog(boolean rekor, URI url, PublicKey key, Validity validFor, Instant successorStart)
            implements Retired {
        public RetiredLog(boolean rekor, URI url, PublicKey key, Validity validFor) {
            this(rekor, url, key, validFor, validFor.end());
        }
    }

    /**
     * @param url where it was served; null: the current CA URL
     * @param successorStart when the chain that replaced it came into use: its end, unless a grace period let the two
     *     overlap (a rotation without restart, {@code rotation.RetiredFiles})
     */
    public record RetiredCa(URI url, List<X509Certificate> chain, Validity validFor, Instant successorStart)
            implements Retired {
        public RetiredCa(URI url, List<X509Certificate> chain, Validity validFor) {
            this(url, chain, validFor, validFor.end());
        }
    }

    /** A rotated timestamp authority chain, TSA certificate first. */
    public record RetiredTsa(List<X509Certificate> chain, Validity validFor, Instant successorStart) implements Retired {
    }

    /**
     * A rotated key of the Rekor v2 log: the tree went on under a new key from {@code successorStart}, at the same
     * URL (clients require the checkpoint origin to be the URL's host).
     */
    public record RetiredRekorV2(PublicKey key, Validity validFor, Instant successorStart) implements Retired {
    }

    /** Built from these chains: a rotation without restart makes the cached root stale at once. */
    private record Cached(TrustRoot root, Instant at, List<X509Certificate> caChain, List<X509Certificate> tsaChain,
            PublicKey ctKey) {
    }

    private record Failure(TrustRootUnavailableException error, Instant at) {
    }

    private final Supplier<URI> caUrlSupplier;
    private final Supplier<List<X509Certificate>> caChain;
    private final URI rekorUrl;
    private final URI rekorReadUrl;
    private final URI ctUrl;
    private final Supplier<PublicKey> ctKey;
    /** Retired CA chains whose URL is the current CA URL, known only when first needed. */
    private final List<RetiredCa> retiredCas;
    private final List<Log> retiredTlogs;
    private final List<Log> retiredCtlogs;
    private final HttpClient http;
    private final Clock clock;
    private final Duration refresh;
    private final ReentrantLock refreshing = new ReentrantLock();
    private final Supplier<List<X509Certificate>> tsaChain;
    /** Entries a rotation retired while running, read on every build. */
    private final Supplier<List<Retired>> rotated;
    private final URI rekorV2Url;
    private volatile Cached cached;
    private volatile Failure failure;

    /**
     * @param caUrl this CA's URL as clients use it (read when first needed: the port may be known only then)
     * @param rekorUrl the Rekor URL clients are told; null when not configured
     * @param rekorReadUrl where the Rekor key and genesis entry are read; null: {@code rekorUrl}
     * @param ctUrl the CT log's URL, with {@code ctKey} its key; both null when SCTs are not configured
     * @param refresh how long a built root is served before it is built again
     * @throws IllegalArgumentException if a retired log key is not P-256, or has no URL and there is no current one
     */
    public TrustRootSource(Supplier<URI> caUrl, List<X509Certificate> caChain, URI rekorUrl, URI rekorReadUrl, URI ctUrl,
            PublicKey ctKey, List<Retired> retired, HttpClient http, Clock clock, Duration refresh) {
        this(caUrl, caChain, rekorUrl, rekorReadUrl, ctUrl, ctKey, retired, http, clock, refresh, List.of(), null);
    }

    /**
     * As above, with this service's timestamp authority.
     *
     * @param tsaChain its chain, TSA certificate first; empty when it is off
     * @param rekorV2Url the Rekor v2 log's URL as clients use it, or null; its key is read at {@code rekorReadUrl}
     */
    public TrustRootSource(Supplier<URI> caUrl, List<X509Certificate> caChain, URI rekorUrl, URI rekorReadUrl, URI ctUrl,
            PublicKey ctKey, List<Retired> retired, HttpClient http, Clock clock, Duration refresh,
            List<X509Certificate> tsaChain, URI rekorV2Url) {
        this(caUrl, () -> caChain, rekorUrl, rekorReadUrl, ctUrl, () -> ctKey, retired, http, clock, refresh,
                () -> tsaChain, rekorV2Url, List::of);
    }

    /**
     * As above, with the CA and TSA chains read on every use (they follow their files, {@code rotation.Reloadable})
     * and the entries rotations retired while running.
     *
     * @param rotated read on every build; a CA entry whose chain is still the current one is a rotation not yet
     *     switched to, and is left out until it is
     */
    public TrustRootSource(Supplier<URI> caUrl, Supplier<List<X509Certificate>> caChain, URI rekorUrl, URI rekorReadUrl,
            URI ctUrl, Supplier<PublicKey> ctKey, List<Retired> retired, HttpClient http, Clock clock, Duration refresh,
            Supplier<List<X509Certificate>> tsaChain, URI rekorV2Url, Supplier<List<Retired>> rotated) {
        this.tsaChain = tsaChain;
        this.rotated = rotated;
        this.rekorV2Url = rekorV2Url;
        this.caUrlSupplier = caUrl;
        this.caChain = caChain;
        this.rekorUrl = rekorUrl;
        this.rekorReadUrl = rekorReadUrl != null ? rekorReadUrl : rekorUrl;
        this.ctUrl = ctUrl;
        this.ctKey = ctKey;
        List<RetiredCa> cas = new ArrayList<>();
        List<Log> tlogs = new ArrayList<>();
        List<Log> ctlogs = new ArrayList<>();
        for (Retired r : retired) {
            switch (r) {
                case RetiredCa ca -> cas.add(new RetiredCa(ca.url(), List.copyOf(ca.chain()), ca.validFor(),
                        ca.successorStart()));
                case RetiredTsa tsa -> throw new IllegalArgumentException("retired TSA chains come from rotations only");
                case RetiredRekorV2 v2 -> throw new IllegalArgumentException("retired Rekor v2 keys come from rotations only");
                case RetiredLog l when l.rekor() -> tlogs.add(new Log(urlOf(l, rekorUrl, "rekor"), l.key(), l.validFor()));
                case RetiredLog l -> ctlogs.add(new Log(urlOf(l, ctUrl, "ct"), l.key(), l.validFor()));
            }
        }
        this.retiredCas = List.copyOf(cas);
        this.retiredTlogs = List.copyOf(tlogs);
        this.retiredCtlogs = List.copyOf(ctlogs);
        this.http = http;
        this.clock = clock;
        this.refresh = refresh;
    }

    private static URI urlOf(RetiredLog l, URI current, String kind) {
        if (l.url() == null && current == null) {
            throw new IllegalArgumentException("a retired " + kind + " key needs a url: there is no current " + kind + " URL");
        }
        return l.url() != null ? l.url() : current;
    }

    /**
     * @throws TrustRootNotConfiguredException when no Rekor URL is configured
     * @throws TrustRootUnavailableException when tlog-service did not answer as expected and no earlier root exists
     */
    public TrustRoot current() {
        if (rekorUrl == null) {
            throw new TrustRootNotConfiguredException();
        }
        Cached c = cached;
        if (c != null && (c.caChain() != caChain.get() || c.tsaChain() != tsaChain.get() || c.ctKey() != ctKey.get())) {
            refreshing.lock(); // the chains rotated: what was built is wrong from now on, so wait for the new root
            try {
                if (cached == c) {
                    cached = null;
                    failure = null;
                }
            } finally {
                refreshing.unlock();
            }
            c = cached;
        }
        if (c != null && clock.instant().isBefore(c.at().plus(refresh))) {
            return c.root();
        }
        if (c != null && !refreshing.tryLock()) {
            return c.root(); // another thread is refreshing
        }
        if (c == null) {
            refreshing.lock();
        }
        try {
            Instant now = clock.instant();
            c = cached;
            if (c != null && now.isBefore(c.at().plus(refresh))) {
                return c.root();
            }
            Failure f = failure;
            if (f != null && now.isBefore(f.at().plus(RETRY_AFTER_FAILURE))) {
                if (c != null) {
                    return c.root();
                }
                throw f.error();
            }
            try {
                List<X509Certificate> ca = caChain.get();
                List<X509Certificate> tsa = tsaChain.get();
                PublicKey ct = ctKey.get();
                TrustRoot root = build(ca, tsa, ct);
                cached = new Cached(root, now, ca, tsa, ct);
                failure = null;
                return root;
            } catch (TrustRootUnavailableException e) {
                failure = new Failure(e, now);
                if (c != null) {
                    log.warn("serving the trust root built at {}: {}", c.at(), e.getMessage());
                    return c.root();
                }
                throw e;
            }
        } finally {
            refreshing.unlock();
        }
    }

    private TrustRoot build(List<X509Certificate> caChain, List<X509Certificate> tsaChain, PublicKey ctKey) {
        URI caUrl = caUrlSupplier.get();
        List<RetiredCa> rotatedCas = new ArrayList<>();
        List<RetiredTsa> rotatedTsas = new ArrayList<>();
        List<Log> rotatedCts = new ArrayList<>();
        List<RetiredRekorV2> rotatedV2 = new ArrayList<>();
        Instant ctStart = null;
        // The v2 key before the retired entries: a rotation writes its entry before the key, so a key read first is
        // never newer than the entries read after it (read the other way round, a switch in between would list the
        // new key alone and drop the old one).
        PublicKey v2Key = null;
        if (rekorV2Url != null) {
            try {
                v2Key = PublicKeys.parsePem(get("/api/v2/log/publicKey"));
            } catch (IOException | RuntimeException e) {
                throw new TrustRootUnavailableException("Rekor v2 at " + rekorReadUrl + ": " + e.getMessage(), e);
            }
        }
        try {
            for (Retired r : rotated.get()) {
                switch (r) {
                    case RetiredRekorV2 v2 -> rotatedV2.add(v2); // compared with the key the log serves, below
                    case RetiredCa ca when !ca.chain().equals(caChain) -> rotatedCas.add(ca);
                    case RetiredTsa tsa when !tsa.chain().equals(tsaChain) -> rotatedTsas.add(tsa);
                    case RetiredLog ct when !ct.rekor() && ctKey != null && !ct.key().equals(ctKey) && ctUrl != null -> {
                        rotatedCts.add(new Log(ct.url() != null ? ct.url() : ctUrl, ct.key(), ct.validFor()));
                        ctStart = ctStart == null || ct.successorStart().isAfter(ctStart) ? ct.successorStart() : ctStart;
                    }
                    default -> {
                        // a rotation written but not switched to yet: the chain is still the current one
                    }
                }
            }
        } catch (RuntimeException e) {
            throw new TrustRootUnavailableException("retired entries: " + e.getMessage(), e);
        }
        Log rekor;
        Instant since;
        List<Log> tlogs;
        try {
            PublicKey rekorKey = PublicKeys.parsePem(get("/api/v1/log/publicKey"));
            Instant genesis = FrozenRekorShards.integratedTime(this::get, 0);
            Instant caStart = caChain.stream().map(x -> x.getNotBefore().toInstant()).min(Comparator.naturalOrder()).orElseThrow();
            since = (genesis.isBefore(caStart) ? genesis : caStart).minusSeconds(60);
            // Keys of frozen shards that the configuration does not already list as retired.
            FrozenRekorShards.Keys frozen = FrozenRekorShards.read(this::get, rekorUrl, rekorKey, since);
            tlogs = new ArrayList<>(retiredTlogs);
            for (Log f : frozen.retired()) {
                if (tlogs.stream().noneMatch(t -> t.key().equals(f.key()))) {
                    tlogs.add(f);
                }
            }
            Instant currentStart = startAfter(tlogs.stream().map(Log::validFor).toList(), since);
            if (frozen.currentKeySince() != null && frozen.currentKeySince().isBefore(currentStart)) {
                currentStart = frozen.currentKeySince(); // an earlier shard used this key too
            }
            // Checked here: a key the trust root cannot describe is the log's problem (503), not the request's.
            rekor = new Log(rekorUrl, rekorKey, new Validity(currentStart, null));
        } catch (IOException | RuntimeException e) {
            throw new TrustRootUnavailableException("Rekor at " + rekorReadUrl + ": " + e.getMessage(), e);
        }
        List<Ca> cas = new ArrayList<>();
        Instant caStart = since;
        for (RetiredCa r : concat(retiredCas, rotatedCas)) {
            cas.add(new Ca(r.url() != null ? r.url() : caUrl, r.chain(), r.validFor()));
            caStart = r.successorStart().isAfter(caStart) ? r.successorStart() : caStart;
        }
        cas.add(new Ca(caUrl, caChain, new Validity(caStart, null)));
        tlogs.add(rekor);
        if (rekorV2Url != null) {
            tlogs.addAll(rekorV2Keys(rekorV2Url, v2Key, rotatedV2, since));
        }
        List<Log> ctlogs = new ArrayList<>(retiredCtlogs);
        ctlogs.addAll(rotatedCts);
        if (ctKey != null) {
            Instant start = startAfter(retiredCtlogs.stream().map(Log::validFor).toList(), since);
            ctlogs.add(new Log(ctUrl, ctKey, new Validity(ctStart != null && ctStart.isAfter(start) ? ctStart : start,
                    null)));
        }
        String base = caUrl.toString().replaceAll("/+$", "");
        List<Tsa> tsas = new ArrayList<>();
        URI tsaUrl = URI.create(base + TSA_PATH);
        Instant tsaStart = tsaChain.isEmpty() ? null : tsaChain.get(0).getNotBefore().toInstant();
        for (RetiredTsa r : rotatedTsas) {
            tsas.add(new Tsa(tsaUrl, r.chain(), r.validFor()));
            tsaStart = tsaStart == null || r.successorStart().isAfter(tsaStart) ? r.successorStart() : tsaStart;
        }
        if (!tsaChain.isEmpty()) {
            tsas.add(new Tsa(tsaUrl, tsaChain, new Validity(tsaStart, null)));
        }
        return new TrustRoot(cas, tlogs, ctlogs, tsas, caUrl, rekorUrl, since, rekorV2Url);
    }

    /**
     * The Rekor v2 log's keys: each retired one once (a rotation repeated after a crash before its switch wrote a second
     * entry for the same key; the latest counts), in the order they were used, then the served key from the latest
     * switch. An entry for the key the log still serves is a rotation not switched to yet, and is left out.
     */
    static List<Log> rekorV2Keys(URI url, PublicKey served, List<RetiredRekorV2> rotated, Instant since) {
        // Keyed by encoding: keys read by different providers need not be equal() for the same bytes.
        String servedDer = Base64.getEncoder().encodeToString(PublicKeys.toDer(served));
        Map<String, RetiredRekorV2> latest = new HashMap<>();
        for (RetiredRekorV2 r : rotated) {
            String der = Base64.getEncoder().encodeToString(PublicKeys.toDer(r.key()));
            if (!der.equals(servedDer)) {
                latest.merge(der, r, (a, b) -> b.successorStart().isAfter(a.successorStart()) ? b : a);
            }
        }
        List<RetiredRekorV2> ordered = new ArrayList<>(latest.values());
        ordered.sort(Comparator.comparing(RetiredRekorV2::successorStart));
        List<Log> out = new ArrayList<>();
        Instant start = since;
        for (RetiredRekorV2 r : ordered) {
            out.add(new Log(url, r.key(), r.validFor()));
            start = r.successorStart().isAfter(start) ? r.successorStart() : start;
        }
        out.add(new Log(url, served, new Validity(start, null)));
        return out;
    }

    private static <T> List<T> concat(List<? extends T> a, List<? extends T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** The current entry starts where the last retired one of its kind ended, so their validities do not overlap. */
    private static Instant startAfter(List<Validity> retired, Instant otherwise) {
        return retired.stream().map(Validity::end).max(Comparator.naturalOrder()).orElse(otherwise);
    }

    /** One GET, bounded in time (the whole exchange) and size. */
    private String get(String pathAndQuery) throws IOException {
        URI uri = URI.create(rekorReadUrl.toString().replaceAll("/+$", "") + pathAndQuery);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(FETCH_TIMEOUT).GET().build();
        CompletableFuture<String> body = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).thenApply(r -> {
            try (InputStream in = r.body()) {
                if (r.statusCode() != 200) {
                    throw new IOException("GET " + pathAndQuery + " answered HTTP " + r.statusCode());
                }
                byte[] bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
                if (bytes.length > MAX_RESPONSE_BYTES) {
                    throw new IOException("GET " + pathAndQuery + " answered more than " + MAX_RESPONSE_BYTES + " bytes");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            return body.get(FETCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            body.cancel(true);
            throw new IOException("GET " + pathAndQuery + " did not finish within " + FETCH_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause);
        }
    }
}
