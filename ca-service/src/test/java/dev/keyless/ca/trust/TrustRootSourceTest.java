package dev.keyless.ca.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.keyless.ca.trust.TrustRoot.Validity;
import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.testing.Ports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The served trust root, from a stand-in for tlog-service's two read endpoints. */
class TrustRootSourceTest {
    private static final Duration REFRESH = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final URI CA = URI.create("https://ca.example:5555");
    private static final Instant GENESIS = Instant.parse("2026-03-01T00:00:00Z");
    private final PublicKey rekorKey = PrivateKeys.generateEc(EcCurve.P256, RANDOM).getPublic();
    private final PublicKey ctKey = PrivateKeys.generateEc(EcCurve.P256, RANDOM).getPublic();
    private final AtomicInteger keyRequests = new AtomicInteger();
    /** What the stand-in answers for the key: the Rekor key, HTTP 500, or a P-384 key. */
    private volatile String keyAnswer = "ok";
    /** What the stand-in's {@code /api/v1/log} lists, its frozen shards' keys by tree ID, entry times by index. */
    private volatile String logInfo = "{\"treeID\":\"1\",\"treeSize\":1,\"inactiveShards\":[]}";
    private final Map<String, PublicKey> shardKeys = new ConcurrentHashMap<>();
    private final Map<Long, Instant> entryTimes = new ConcurrentHashMap<>(Map.of(0L, GENESIS));
    private final HttpClient http = HttpClient.newHttpClient();
    /** The key the stand-in's Rekor v2 log serves. */
    private final java.util.concurrent.atomic.AtomicReference<PublicKey> v2Key = new java.util.concurrent.atomic.AtomicReference<>(
            PrivateKeys.generateEc(EcCurve.P256, RANDOM).getPublic());
    private HttpServer rekor;
    private URI rekorUrl;
    private List<X509Certificate> chain;

    @BeforeEach
    void start() throws Exception {
        chain = List.of(TrustRootTest.selfSigned("intermediate"), TrustRootTest.selfSigned("root"));
        rekor = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        rekor.createContext("/api/v1/log", ex -> reply(ex, 200, logInfo));
        rekor.createContext("/api/v1/log/publicKey", ex -> {
            String query = ex.getRequestURI().getQuery();
            if (query != null && query.startsWith("treeID=")) {
                PublicKey shardKey = shardKeys.get(query.substring("treeID=".length()));
                reply(ex, shardKey == null ? 400 : 200, shardKey == null ? "{}" : PublicKeys.toPem(shardKey));
                return;
            }
            keyRequests.incrementAndGet();
            switch (keyAnswer) {
                case "broken" -> reply(ex, 500, "");
                case "p384" -> reply(ex, 200, PublicKeys.toPem(PrivateKeys.generateEc(EcCurve.P384, RANDOM).getPublic()));
                default -> reply(ex, 200, PublicKeys.toPem(rekorKey));
            }
        });
        rekor.createContext("/api/v1/log/entries", ex -> {
            String query = String.valueOf(ex.getRequestURI().getQuery());
            Instant at = query.startsWith("logIndex=") ? entryTimes.get(Long.parseLong(query.substring(9))) : null;
            reply(ex, at == null ? 404 : 200, at == null ? "{}" : "{\"2f\":{\"integratedTime\":" + at.getEpochSecond() + "}}");
        });
        rekor.createContext("/api/v2/log/publicKey", ex -> reply(ex, 200, PublicKeys.toPem(v2Key.get())));
        rekor.start();
        rekorUrl = URI.create("http://localhost:" + rekor.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        rekor.stop(0);
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private TrustRootSource source(URI rekor, List<TrustRootSource.Retired> retired, Clock clock) {
        return new TrustRootSource(() -> CA, chain, rekor, null, rekor, ctKey, retired, http, clock, REFRESH);
    }

    @Test
    void aRotationWithoutRestartListsTheOldChainUntilItsGraceEndsAndTheNewOneFromTheSwitchAtOnce() throws Exception {
        List<X509Certificate> next = List.of(TrustRootTest.selfSigned("intermediate 2"), chain.get(1));
        java.util.concurrent.atomic.AtomicReference<List<X509Certificate>> current = new java.util.concurrent.atomic.AtomicReference<>(chain);
        Instant switched = Instant.parse("2026-12-07T12:00:00Z");
        Instant graceEnd = switched.plus(java.time.Duration.ofMinutes(12));
        Instant start = Instant.parse("2025-12-31T23:59:00Z");
        List<X509Certificate> oldTsa = List.of(TrustRootTest.selfSigned("tsa 1"), TrustRootTest.selfSigned("tsa root"));
        List<X509Certificate> newTsa = List.of(TrustRootTest.selfSigned("tsa 2"), oldTsa.get(1));
        java.util.concurrent.atomic.AtomicReference<List<X509Certificate>> tsa = new java.util.concurrent.atomic.AtomicReference<>(oldTsa);
        Instant tsaEnd = switched.plusSeconds(120);
        List<TrustRootSource.Retired> rotated = List.of(new TrustRootSource.RetiredCa(null, chain,
                new Validity(start, graceEnd), switched), new TrustRootSource.RetiredTsa(oldTsa, new Validity(start, tsaEnd),
                switched));
        // A refresh of a day: only the chain's change can make the cached root be built again.
        TrustRootSource source = new TrustRootSource(() -> CA, current::get, rekorUrl, null, rekorUrl, () -> ctKey, List.of(),
                http, Clock.systemUTC(), java.time.Duration.ofDays(1), tsa::get, null, () -> rotated);

        // Written but not switched to: the entry names the chain still in use, so it is left out.
        assertThat(source.current().cas()).singleElement().satisfies(c -> {
            assertThat(c.chain()).isEqualTo(chain);
            assertThat(c.validFor().end()).isNull();
        });
        current.set(next);
        TrustRoot after = source.current();
        assertThat(after.cas()).hasSize(2);
        assertThat(after.cas().get(0).chain()).isEqualTo(chain);
        assertThat(after.cas().get(0).validFor()).isEqualTo(new Validity(start, graceEnd));
        assertThat(after.cas().get(1).chain()).isEqualTo(next);
        assertThat(after.cas().get(1).validFor()).as("from the switch, overlapping the grace")
                .isEqualTo(new Validity(switched, null));
        assertThat(after.tsas()).singleElement().satisfies(t -> assertThat(t.chain()).isEqualTo(oldTsa));
        tsa.set(newTsa);
        TrustRoot tsaRotated = source.current();
        assertThat(tsaRotated.tsas()).hasSize(2);
        assertThat(tsaRotated.tsas().get(0).validFor()).isEqualTo(new Validity(start, tsaEnd));
        assertThat(tsaRotated.tsas().get(1).chain()).isEqualTo(newTsa);
        assertThat(tsaRotated.tsas().get(1).validFor()).isEqualTo(new Validity(switched, null));
    }

    @Test
    void currentKeysStartBeforeTheFirstCertificateAndEntry() {
        TrustRoot root = source(rekorUrl, List.of(), Clock.systemUTC()).current();
        Instant caStart = Instant.parse("2026-01-01T00:00:00Z"); // the test chain's notBefore, earlier than genesis
        assertThat(root.tlogs()).singleElement().satisfies(l -> {
            assertThat(l.key()).isEqualTo(rekorKey);
            assertThat(l.baseUrl()).isEqualTo(rekorUrl);
            assertThat(l.validFor()).isEqualTo(new Validity(caStart.minusSeconds(60), null));
        });
        assertThat(root.ctlogs()).singleElement().satisfies(l -> assertThat(l.key()).isEqualTo(ctKey));
        assertThat(root.cas()).singleElement().satisfies(c -> assertThat(c.chain()).isEqualTo(chain));
        assertThat(root.caUrl()).isEqualTo(CA);
    }

    @Test
    void retiredEntriesAreListedAndTheCurrentOnesStartWhereTheyEnded() throws Exception {
        PublicKey oldRekor = PrivateKeys.generateEc(EcCurve.P256, RANDOM).getPublic();
        Instant rotated = Instant.parse("2026-05-01T00:00:00Z");
        List<X509Certificate> oldChain = List.of(TrustRootTest.selfSigned("old"));
        TrustRoot root = source(rekorUrl, List.of(
                new TrustRootSource.RetiredLog(true, null, oldRekor, new Validity(GENESIS, rotated)),
                new TrustRootSource.RetiredCa(null, oldChain, new Validity(GENESIS, rotated))), Clock.systemUTC()).current();
        assertThat(root.tlogs()).extracting(TrustRoot.Log::key).containsExactly(oldRekor, rekorKey);
        assertThat(root.tlogs().get(0).validFor().end()).isEqualTo(rotated);
        assertThat(root.tlogs().get(1).validFor()).isEqualTo(new Validity(rotated, null));
        assertThat(root.cas()).extracting(TrustRoot.Ca::chain).containsExactly(oldChain, chain);
        assertThat(root.cas().get(1).validFor().start()).isEqualTo(rotated);
        assertThat(root.ctlogs()).singleElement().satisfies(l -> assertThat(l.validFor().end()).isNull());
        assertThat(root.trustedRootJson()).contains("\"end\" : \"2026-05-01T00:00:00Z\"");
    }

    @Test
    void rekorV2KeysAreListedInTheOrderTheyWereUsedOnceEachAndOnlyAfterTheLogSwitched() {
        URI v2 = URI.create("https://log2.example");
        PublicKey first = PrivateKeys.generateEc(EcCurve.P256, RANDOM).getPublic();
        PublicKey second = PrivateKeys.generateEc(EcCurve.P256, RANDOM).getPublic();
        PublicKey served = PrivateKeys.generateEc(EcCurve.P256, RANDOM).getPublic();
        Instant t1 = GENESIS.plus(Duration.ofDays(10));
        Instant t2 = GENESIS.plus(Duration.ofDays(20));
        Instant t3 = GENESIS.plus(Duration.ofDays(30));
        Duration grace = Duration.ofMinutes(2);
        List<TrustRootSource.RetiredRekorV2> rotated = List.of(
                new TrustRootSource.RetiredRekorV2(second, new Validity(t1, t2.plus(grace)), t2),
                // the first rotation, cut off before its switch and run again a minute later: one entry counts
                new TrustRootSource.RetiredRekorV2(first, new Validity(GENESIS, t1.plus(grace)), t1.minusSeconds(60)),
                new TrustRootSource.RetiredRekorV2(first, new Validity(GENESIS, t1.plus(grace)), t1),
                // written for the served key: the log has not switched yet
                new TrustRootSource.RetiredRekorV2(served, new Validity(t2, t3.plus(grace)), t3));
        List<TrustRoot.Log> logs = TrustRootSource.rekorV2Keys(v2, served, rotated, GENESIS);
        assertThat(logs).extracting(TrustRoot.Log::key).containsExactly(first, second, served);
        assertThat(logs).extracting(TrustRoot.Log::baseUrl).containsOnly(v2);
        assertThat(logs.get(1).validFor()).isEqualTo(new Validity(t1, t2.plus(grace)));
        assertThat(logs.get(2).validFor()).as("from the latest switch").isEqualTo(new Validity(t2, null));
        assertThat(TrustRootSource.rekorV2Keys(v2, served, List.of(), GENESIS)).singleElement()
                .satisfies(l -> assertThat(l.validFor()).isEqualTo(new Validity(GENESIS, null)));
    }

    /**
     * A rotation that writes its retired entry and switches the log while a root is being built: the build must not
     * list the new key alone (that would drop the old key, and every bundle it signed). The stand-in does both the
     * moment the retired entries are read, which is the worst moment for a build that reads the key afterwards.
     */
    @Test
    void aRekorV2RotationDuringABuildNeverDropsTheOldKey() {
        PublicKey old = v2Key.get();
        PublicKey next = PrivateKeys.generateEc(EcCurve.P256, RANDOM).getPublic();
        Instant switched = Instant.parse("2026-12-07T12:00:00Z");
        List<TrustRootSource.Retired> written = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.function.Supplier<List<TrustRootSource.Retired>> rotated = () -> {
            List<TrustRootSource.Retired> seen = List.copyOf(written);
            if (written.isEmpty()) { // the rotation runs right after this read
                written.add(new TrustRootSource.RetiredRekorV2(old, new Validity(GENESIS, switched.plusSeconds(120)),
                        switched));
                v2Key.set(next);
            }
            return seen;
        };
        URI v2 = URI.create("http://log2.example");
        TrustRootSource source = new TrustRootSource(() -> CA, () -> chain, rekorUrl, null, rekorUrl, () -> ctKey,
                List.of(), http, Clock.systemUTC(), Duration.ZERO, List::of, v2, rotated);
        List<PublicKey> first = source.current().tlogs().stream().filter(l -> l.baseUrl().equals(v2))
                .map(TrustRoot.Log::key).toList();
        assertThat(first).as("built before the rotation showed: the old key alone").containsExactly(old);
        List<TrustRoot.Log> second = source.current().tlogs().stream().filter(l -> l.baseUrl().equals(v2)).toList();
        assertThat(second).extracting(TrustRoot.Log::key).containsExactly(old, next);
        assertThat(second.get(0).validFor().end()).isEqualTo(switched.plusSeconds(120));
        assertThat(second.get(1).validFor()).isEqualTo(new Validity(switched, null));
    }

    @Test
    void frozenShardKeysAreListedUntilTheNextShardBeganAndTheCurrentKeyStartsThere() {
        PublicKey first = PrivateKeys.generateEc(EcCurve.P256, RANDOM).getPublic();
        PublicKey second = PrivateKeys.generateEc(EcCurve.P256, RANDOM).getPublic();
        Instant rotated1 = Instant.parse("2026-04-01T00:00:00Z");
        Instant rotated2 = Instant.parse("2026-05-01T00:00:00Z");
        shardKeys.put("11", first);
        shardKeys.put("12", second);
        entryTimes.put(5L, rotated1);   // genesis entry of the second shard, after the first's 5 entries
        entryTimes.put(8L, rotated2);   // genesis entry of the current shard
        // Tree 10 was frozen before its genesis entry (no key asked for); tree 11 follows it at index 0.
        logInfo = "{\"treeID\":\"13\",\"treeSize\":2,\"inactiveShards\":[{\"treeID\":\"10\",\"treeSize\":0},"
                + "{\"treeID\":\"11\",\"treeSize\":5},{\"treeID\":\"12\",\"treeSize\":3}]}";
        TrustRoot root = source(rekorUrl, List.of(), Clock.systemUTC()).current();
        Instant since = Instant.parse("2026-01-01T00:00:00Z").minusSeconds(60);
        assertThat(root.tlogs()).extracting(TrustRoot.Log::key).containsExactly(first, second, rekorKey);
        assertThat(root.tlogs()).extracting(TrustRoot.Log::validFor).containsExactly(
                new Validity(since, rotated1), new Validity(rotated1, rotated2), new Validity(rotated2, null));
        assertThat(root.tlogs()).allSatisfy(l -> assertThat(l.baseUrl()).isEqualTo(rekorUrl));
    }

    @Test
    void aConfiguredRetiredKeyIsNotListedTwiceAndShardsOfOneKeyAreOneEntry() {
        PublicKey old = PrivateKeys.generateEc(EcCurve.P256, RANDOM).getPublic();
        Instant rotated = Instant.parse("2026-04-01T00:00:00Z");
        shardKeys.put("11", old);
        shardKeys.put("12", old);
        entryTimes.put(5L, Instant.parse("2026-03-15T00:00:00Z"));
        entryTimes.put(8L, rotated);
        logInfo = "{\"treeID\":\"13\",\"treeSize\":2,\"inactiveShards\":[{\"treeID\":\"11\",\"treeSize\":5},"
                + "{\"treeID\":\"12\",\"treeSize\":3}]}";
        Instant since = Instant.parse("2026-01-01T00:00:00Z").minusSeconds(60);
        assertThat(source(rekorUrl, List.of(), Clock.systemUTC()).current().tlogs())
                .extracting(TrustRoot.Log::validFor).containsExactly(new Validity(since, rotated), new Validity(rotated, null));
        Validity configured = new Validity(GENESIS, Instant.parse("2026-04-02T00:00:00Z"));
        TrustRoot withRetired = source(rekorUrl, List.of(new TrustRootSource.RetiredLog(true, null, old, configured)),
                Clock.systemUTC()).current();
        assertThat(withRetired.tlogs()).extracting(TrustRoot.Log::validFor)
                .containsExactly(configured, new Validity(configured.end(), null));
    }

    @Test
    void frozenShardsThatCannotBeReadMakeTheRootUnavailable() {
        logInfo = "{\"treeID\":\"13\",\"treeSize\":2,\"inactiveShards\":[{\"treeID\":\"99\",\"treeSize\":5}]}";
        assertThatThrownBy(() -> source(rekorUrl, List.of(), Clock.systemUTC()).current())
                .isInstanceOf(TrustRootUnavailableException.class);
        logInfo = "{\"inactiveShards\":[{\"treeID\":\"x; rm\",\"treeSize\":5}]}";
        assertThatThrownBy(() -> source(rekorUrl, List.of(), Clock.systemUTC()).current())
                .isInstanceOf(TrustRootUnavailableException.class);
    }

    @Test
    void theLogIsAskedAgainOnlyAfterTheRefreshInterval() {
        TestClock clock = new TestClock();
        TrustRootSource source = source(rekorUrl, List.of(), clock);
        source.current();
        source.current();
        assertThat(keyRequests).hasValue(1);
        clock.now = clock.now.plus(REFRESH);
        source.current();
        assertThat(keyRequests).hasValue(2);
    }

    @Test
    void theKeyIsReadFromTheReadUrlWhileClientsAreToldTheRekorUrl() {
        URI advertised = URI.create("http://rekor.example:3000");
        TrustRoot root = new TrustRootSource(() -> CA, chain, advertised, rekorUrl, rekorUrl, ctKey, List.of(), http,
                Clock.systemUTC(), REFRESH).current();
        assertThat(root.tlogs()).singleElement().satisfies(l -> {
            assertThat(l.baseUrl()).isEqualTo(advertised);
            assertThat(l.key()).isEqualTo(rekorKey);
        });
        assertThat(root.rekorUrl()).isEqualTo(advertised);
    }

    /** A movable clock. */
    private static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-06-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aFailedRefreshServesTheLastRootAndIsRetriedOnlyAfterAPause() {
        TestClock clock = new TestClock();
        TrustRootSource source = source(rekorUrl, List.of(), clock);
        TrustRoot first = source.current();
        keyAnswer = "broken";
        clock.now = clock.now.plus(REFRESH);
        assertThat(source.current()).isSameAs(first); // refresh failed: the last root is still served
        assertThat(keyRequests).hasValue(2);
        clock.now = clock.now.plusSeconds(1);
        assertThat(source.current()).isSameAs(first);
        assertThat(keyRequests).as("no new attempt within the pause").hasValue(2);
        keyAnswer = "ok";
        clock.now = clock.now.plus(TrustRootSource.RETRY_AFTER_FAILURE);
        assertThat(source.current()).isNotSameAs(first);
        assertThat(keyRequests).hasValue(3);
    }

    @Test
    void withoutAnEarlierRootAFailureIs503UntilTheLogAnswers() {
        TestClock clock = new TestClock();
        TrustRootSource source = source(rekorUrl, List.of(), clock);
        keyAnswer = "broken";
        assertThatThrownBy(source::current).isInstanceOf(TrustRootUnavailableException.class).hasMessageContaining("HTTP 500");
        assertThatThrownBy(source::current).isInstanceOf(TrustRootUnavailableException.class);
        assertThat(keyRequests).as("the failure is remembered").hasValue(1);
        keyAnswer = "ok";
        clock.now = clock.now.plus(TrustRootSource.RETRY_AFTER_FAILURE);
        assertThat(source.current().tlogs()).singleElement().satisfies(l -> assertThat(l.key()).isEqualTo(rekorKey));
    }

    @Test
    void aRekorKeyTheTrustRootCannotDescribeIs503() {
        keyAnswer = "p384";
        assertThatThrownBy(() -> source(rekorUrl, List.of(), Clock.systemUTC()).current())
                .isInstanceOf(TrustRootUnavailableException.class).hasMessageContaining("P-256");
    }

    @Test
    void retiredEntriesAreCheckedWhenTheSourceIsMade() {
        PublicKey oldCt = PrivateKeys.generateEc(EcCurve.P256, RANDOM).getPublic();
        Validity old = new Validity(GENESIS, GENESIS.plusSeconds(3600));
        // No current CT URL (SCTs off) and none given for the retired key: nothing to write as its baseUrl.
        assertThatThrownBy(() -> new TrustRootSource(() -> CA, chain, rekorUrl, null, null, null,
                List.of(new TrustRootSource.RetiredLog(false, null, oldCt, old)), http, Clock.systemUTC(), REFRESH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a url");
        PublicKey p384 = PrivateKeys.generateEc(EcCurve.P384, RANDOM).getPublic();
        assertThatThrownBy(() -> source(rekorUrl, List.of(new TrustRootSource.RetiredLog(true, null, p384, old)), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("P-256");
    }

    @Test
    void withoutARekorUrlThereIsNothingToServe() {
        assertThatThrownBy(() -> source(null, List.of(), Clock.systemUTC()).current())
                .isInstanceOf(TrustRootNotConfiguredException.class);
    }

    @Test
    void anUnreachableOrMisbehavingLogIsUnavailable() throws Exception {
        int closedPort = Ports.unused();
        assertThatThrownBy(() -> source(URI.create("http://127.0.0.1:" + closedPort), List.of(), Clock.systemUTC()).current())
                .isInstanceOf(TrustRootUnavailableException.class);
        rekor.createContext("/bad/api/v1/log/publicKey", ex -> reply(ex, 200, "not a key"));
        assertThatThrownBy(() -> source(URI.create(rekorUrl + "/bad"), List.of(), Clock.systemUTC()).current())
                .isInstanceOf(TrustRootUnavailableException.class);
        rekor.createContext("/big/api/v1/log/publicKey", ex -> reply(ex, 200, "x".repeat(TrustRootSource.MAX_RESPONSE_BYTES + 1)));
        assertThatThrownBy(() -> source(URI.create(rekorUrl + "/big"), List.of(), Clock.systemUTC()).current())
                .isInstanceOf(TrustRootUnavailableException.class).hasMessageContaining("more than");
    }
}
