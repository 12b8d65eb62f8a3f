package dev.keyless.ca.ct;

import dev.keyless.ca.identity.Claims;
import java.util.Map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.ca.identity.EmailPrincipal;
import dev.keyless.ca.issuance.CertificateAuthority;
import dev.keyless.ca.issuance.CertificateIssuer;
import dev.keyless.ca.issuance.CertificateTransparencyException;
import dev.keyless.ca.issuance.CodeSigningProfile;
import dev.keyless.ca.issuance.CtLogUnavailableException;
import dev.keyless.ca.issuance.DevelopmentCa;
import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.ct.CtOids;
import dev.keyless.common.ct.LogEntry;
import dev.keyless.common.ct.Precertificates;
import dev.keyless.common.ct.SctList;
import dev.keyless.common.ct.SignedCertificateTimestamp;
import dev.keyless.testing.Ports;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issuance with an embedded SCT against a fake RFC 6962 log on localhost, and every way the log can fail. */
class CtLogTransparencyTest {
    static final SecureRandom RANDOM = new SecureRandom();
    static final KeyPair CT_KEY = PrivateKeys.generateEc(EcCurve.P256, RANDOM);
    static final KeyPair OTHER_KEY = PrivateKeys.generateEc(EcCurve.P256, RANDOM);

    @TempDir
    static Path dir;
    static CertificateAuthority ca;
    static KeyPair subject;

    FakeCtLog log;

    @BeforeAll
    static void setUpCa() {
        ca = DevelopmentCa.loadOrCreate(dir, Clock.systemUTC());
        subject = PrivateKeys.generateEc(EcCurve.P256, RANDOM);
    }

    @BeforeEach
    void startLog() throws Exception {
        log = new FakeCtLog(CT_KEY);
    }

    /** Closed after each test, with their pooled connections and threads. */
    private final List<CtLogTransparency> opened = new ArrayList<>();

    @AfterEach
    void stopLog() {
        opened.forEach(CtLogTransparency::close);
        log.close();
    }

    CertificateIssuer issuer(URI url, boolean required, Duration timeout) {
        CtLogTransparency ct = new CtLogTransparency(new CtLogClient(url, Duration.ofSeconds(2), timeout),
                CT_KEY.getPublic(), required);
        opened.add(ct);
        return new CertificateIssuer(ca, new CodeSigningProfile(Clock.systemUTC(), Duration.ofMinutes(10), RANDOM), ct);
    }

    CertificateIssuer issuer() {
        return issuer(log.url(), true, Duration.ofSeconds(5));
    }

    static List<X509Certificate> issue(CertificateIssuer issuer) {
        return issuer.issue(new EmailPrincipal("https://accounts.example.com", "alice", "alice@example.com", new Claims(Map.of())), subject.getPublic());
    }

    static List<ASN1ObjectIdentifier> extensionOrder(X509Certificate c) throws Exception {
        return List.of(new X509CertificateHolder(c.getEncoded()).getExtensions().getExtensionOIDs());
    }

    @Test
    void issueWhenLogAnswersThenOneSctIsEmbeddedLastAndVerifiesOnTheFinalCertificate() throws Exception {
        List<X509Certificate> chain = issue(issuer());
        X509Certificate leaf = chain.get(0);

        assertThat(log.submissions).hasSize(1);
        List<X509Certificate> submitted = log.submissions.get(0);
        assertThat(submitted.subList(1, submitted.size())).isEqualTo(ca.chain()); // precert, then the chain as published
        assertThat(log.requestBodies.get(0)).startsWith("POST application/json {\"chain\":[");
        X509Certificate precert = submitted.get(0);
        assertThat(precert.getCriticalExtensionOIDs()).contains(CtOids.PRECERT_POISON.getId());

        List<SignedCertificateTimestamp> scts = SctList.fromCertificate(leaf);
        assertThat(scts).hasSize(1);
        assertThat(scts.get(0).logId()).isEqualTo(SignedCertificateTimestamp.logIdOf(CT_KEY.getPublic()));
        scts.get(0).verify(CT_KEY.getPublic(), Precertificates.fromFinalCertificate(leaf, ca.issuingCertificate().getPublicKey()));

        // Final TBS minus SCT list == precertificate TBS minus poison, byte for byte; SCT list last, poison gone.
        LogEntry.PrecertEntry fromPrecert = Precertificates.fromPrecertificate(precert, ca.issuingCertificate().getPublicKey());
        LogEntry.PrecertEntry fromFinal = Precertificates.fromFinalCertificate(leaf, ca.issuingCertificate().getPublicKey());
        assertThat(fromFinal.tbsCertificate()).isEqualTo(fromPrecert.tbsCertificate());
        List<ASN1ObjectIdentifier> precertOrder = extensionOrder(precert);
        List<ASN1ObjectIdentifier> finalOrder = extensionOrder(leaf);
        assertThat(precertOrder.get(precertOrder.size() - 1)).isEqualTo(CtOids.PRECERT_POISON);
        assertThat(finalOrder.get(finalOrder.size() - 1)).isEqualTo(CtOids.SCT_LIST);
        assertThat(finalOrder.subList(0, finalOrder.size() - 1)).isEqualTo(precertOrder.subList(0, precertOrder.size() - 1));
        assertThat(leaf.getCriticalExtensionOIDs()).doesNotContain(CtOids.PRECERT_POISON.getId());
        assertThat(leaf.getSerialNumber()).isEqualTo(precert.getSerialNumber());
        leaf.verify(ca.issuingCertificate().getPublicKey());
        assertThat(chain.subList(1, chain.size())).isEqualTo(ca.chain());
    }

    @Test
    void issueWhenSctSignedByAnotherKeyThenRefusedAsInternalAndNothingIssued() {
        log.signingKey = OTHER_KEY;
        assertThatThrownBy(() -> issue(issuer()))
                .isInstanceOf(CertificateTransparencyException.class)
                .isNotInstanceOf(CtLogUnavailableException.class)
                .hasMessageContaining("does not verify");
        assertThat(log.submissions).hasSize(1);
    }

    @Test
    void issueWhenNoLogKeyConfiguredThenSctIsEmbeddedUnverified() {
        log.signingKey = OTHER_KEY;
        CtLogTransparency ct = new CtLogTransparency(new CtLogClient(log.url(), Duration.ofSeconds(2), Duration.ofSeconds(5)),
                null, true);
        X509Certificate leaf = new CertificateIssuer(ca, new CodeSigningProfile(Clock.systemUTC(),
                Duration.ofMinutes(10), RANDOM), ct).issue(new EmailPrincipal("https://i.example", "a", "a@example.com", new Claims(Map.of())),
                subject.getPublic()).get(0);
        SignedCertificateTimestamp sct = SctList.fromCertificate(leaf).get(0);
        sct.verify(OTHER_KEY.getPublic(), Precertificates.fromFinalCertificate(leaf, ca.issuingCertificate().getPublicKey()));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 408, 429})
    void issueWhenLogAnswersAnErrorThenUnavailableAndNothingIssued(int status) {
        log.behaviour = (l, exchange, chain) -> l.respond(exchange, status, "{\"error\":\"nope\"}");
        assertThatThrownBy(() -> issue(issuer()))
                .isInstanceOf(CtLogUnavailableException.class)
                .hasMessageContaining("HTTP " + status);
    }

    /** A log that refuses the chain (or a URL that is not a log's) refuses it again: 500, not 503 with Retry-After. */
    @ParameterizedTest
    @ValueSource(ints = {400, 403, 404, 405})
    void issueWhenLogRefusesTheSubmissionThenInternalErrorAndNothingIssued(int status) {
        log.behaviour = (l, exchange, chain) -> l.respond(exchange, status, "{\"error\":\"nope\"}");
        assertThatThrownBy(() -> issue(issuer()))
                .isInstanceOf(CertificateTransparencyException.class)
                .isNotInstanceOf(CtLogUnavailableException.class)
                .hasMessageContaining("HTTP " + status).hasMessageContaining("refuses");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "not json", "[]", "null", "{}",
        "{\"sct_version\":1,\"id\":\"ID\",\"timestamp\":1,\"extensions\":\"\",\"signature\":\"SIG\"}",
        "{\"sct_version\":0,\"id\":\"AAAA\",\"timestamp\":1,\"extensions\":\"\",\"signature\":\"SIG\"}",
        "{\"sct_version\":0,\"id\":\"ID\",\"timestamp\":-1,\"extensions\":\"\",\"signature\":\"SIG\"}",
        "{\"sct_version\":0,\"id\":\"ID\",\"timestamp\":1.5,\"extensions\":\"\",\"signature\":\"SIG\"}",
        "{\"sct_version\":0,\"id\":\"ID\",\"timestamp\":\"1\",\"extensions\":\"\",\"signature\":\"SIG\"}",
        "{\"sct_version\":0,\"id\":\"ID\",\"timestamp\":1,\"extensions\":\"!\",\"signature\":\"SIG\"}",
        "{\"sct_version\":0,\"id\":\"ID\",\"timestamp\":1,\"extensions\":\"\",\"signature\":\"BAMAAQ==\"}",
        "{\"sct_version\":0,\"id\":\"ID\",\"timestamp\":1,\"extensions\":\"\",\"signature\":\"BAMAAgE=\"}",
        "{\"sct_version\":0,\"id\":\"ID\",\"timestamp\":1,\"extensions\":\"\",\"signature\":\"SIG\"} {}",
        "{\"sct_version\":0,\"sct_version\":0,\"id\":\"ID\",\"timestamp\":1,\"extensions\":\"\",\"signature\":\"SIG\"}",
        "{\"sct_version\":0,\"id\":\"ID\",\"timestamp\":1,\"signature\":\"SIG\"}",
    })
    void issueWhenLogAnswersGarbageThenUnavailableAndNothingIssued(String body) {
        log.behaviour = (l, exchange, chain) -> {
            // ID and SIG stand for a well-formed log id and DigitallySigned, so each case breaks exactly one thing.
            String sct = l.sctJson(chain);
            String id = sct.replaceAll(".*\"id\":\"([^\"]*)\".*", "$1");
            String sig = sct.replaceAll(".*\"signature\":\"([^\"]*)\".*", "$1");
            l.respond(exchange, 200, body.replace("\"ID\"", "\"" + id + "\"").replace("\"SIG\"", "\"" + sig + "\""));
        };
        assertThatThrownBy(() -> issue(issuer())).isInstanceOf(CtLogUnavailableException.class);
    }

    /** The control for the garbage cases: the same template, well-formed, parses (and then fails only to verify). */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"sct_version\":0,\"id\":\"ID\",\"timestamp\":1,\"extensions\":\"\",\"signature\":\"SIG\"}",
        "{\"signature\":\"SIG\",\"timestamp\":1,\"id\":\"ID\",\"extensions\":\"\",\"sct_version\":0,\"new\":[1]}",
    })
    void issueWhenGarbageTemplateIsWellFormedThenParsedAndOnlyTheSignatureFails(String body) {
        log.behaviour = (l, exchange, chain) -> {
            String sct = l.sctJson(chain);
            String id = sct.replaceAll(".*\"id\":\"([^\"]*)\".*", "$1");
            String sig = sct.replaceAll(".*\"signature\":\"([^\"]*)\".*", "$1");
            l.respond(exchange, 200, body.replace("\"ID\"", "\"" + id + "\"").replace("\"SIG\"", "\"" + sig + "\""));
        };
        assertThatThrownBy(() -> issue(issuer()))
                .isInstanceOf(CertificateTransparencyException.class)
                .isNotInstanceOf(CtLogUnavailableException.class)
                .hasMessageContaining("signature does not verify");
    }

    @Test
    void issueManyTimesThenOneKeptAliveConnectionCarriesEveryExchange() throws Exception {
        CertificateIssuer issuer = issuer();
        for (int i = 0; i < 5; i++) {
            issue(issuer);
        }
        assertThat(log.clientAddresses).hasSize(5);
        assertThat(new HashSet<>(log.clientAddresses)).as("one connection, reused").hasSize(1);
    }

    @Test
    void issueRightAfterTheLogRestartedThenTheClosedKeptAliveConnectionIsReplaced() throws Exception {
        CertificateIssuer issuer = issuer();
        issue(issuer);
        int port = log.url().getPort();
        log.close(); // drops the connection the client keeps alive
        log = new FakeCtLog(CT_KEY, port);
        // Reused at once, before the pool's idle check would look at it: the first try finds it closed.
        assertThat(issue(issuer)).isNotEmpty();
        assertThat(log.submissions).hasSize(1);
    }

    @Test
    void issueAfterAnErrorAnswerThenTheNextExchangeStillSucceeds() throws Exception {
        CertificateIssuer issuer = issuer();
        log.behaviour = (l, exchange, chain) -> l.respond(exchange, 503, "{\"error\":\"busy\"}");
        assertThatThrownBy(() -> issue(issuer)).isInstanceOf(CtLogUnavailableException.class)
                .hasMessageContaining("HTTP 503");
        log.behaviour = FakeCtLog.HONEST;
        for (int i = 0; i < 3; i++) {
            assertThat(issue(issuer)).isNotEmpty();
        }
        // The error answer's connection was dropped, not left checked out: the next ones share one new connection.
        assertThat(log.clientAddresses).hasSize(4);
        assertThat(new HashSet<>(log.clientAddresses.subList(1, 4))).hasSize(1);
        assertThat(log.clientAddresses.subList(1, 4)).doesNotContain(log.clientAddresses.get(0));
    }

    @Test
    void issueWhenLogAnswersTooSlowlyThenUnavailableWithinTheTimeout() {
        log.behaviour = (l, exchange, chain) -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        long start = System.nanoTime();
        assertThatThrownBy(() -> issue(issuer(log.url(), true, Duration.ofMillis(500))))
                .isInstanceOf(CtLogUnavailableException.class).hasMessageContaining("did not answer within");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void issueWhenLogSendsHeadersThenStallsTheBodyThenUnavailableWithinTheTimeout() {
        log.behaviour = (l, exchange, chain) -> {
            exchange.sendResponseHeaders(200, 1000);
            OutputStream out = exchange.getResponseBody();
            out.write('{');
            out.flush();
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        long start = System.nanoTime();
        assertThatThrownBy(() -> issue(issuer(log.url(), true, Duration.ofMillis(500))))
                .isInstanceOf(CtLogUnavailableException.class).hasMessageContaining("did not answer within");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void issueWhenLogAnswerIsOversizedThenUnavailable() {
        log.behaviour = (l, exchange, chain) -> l.respond(exchange, 200, " ".repeat(CtLogClient.MAX_RESPONSE_BYTES + 1));
        assertThatThrownBy(() -> issue(issuer())).isInstanceOf(CtLogUnavailableException.class)
                .hasMessageContaining("longer than");
    }

    @Test
    void issueWhenLogUnreachableThenUnavailable() throws Exception {
        int closedPort = Ports.unused();
        assertThatThrownBy(() -> issue(issuer(URI.create("http://127.0.0.1:" + closedPort), true, Duration.ofSeconds(2))))
                .isInstanceOf(CtLogUnavailableException.class).hasMessageContaining("unreachable");
    }

    @Test
    void issueWhenLogFailsAndSctNotRequiredThenCertificateWithoutSctOrPoison() throws Exception {
        log.behaviour = (l, exchange, chain) -> l.respond(exchange, 503, "");
        X509Certificate leaf = issue(issuer(log.url(), false, Duration.ofSeconds(5))).get(0);
        assertThat(SctList.fromCertificate(leaf)).isEmpty();
        assertThat(extensionOrder(leaf)).doesNotContain(CtOids.PRECERT_POISON, CtOids.SCT_LIST);
        leaf.verify(ca.issuingCertificate().getPublicKey());
    }

    @Test
    void issueWhenSctDoesNotVerifyAndSctNotRequiredThenCertificateWithoutSct() {
        log.signingKey = OTHER_KEY;
        X509Certificate leaf = issue(issuer(log.url(), false, Duration.ofSeconds(5))).get(0);
        assertThat(SctList.fromCertificate(leaf)).isEmpty();
    }

    @Test
    void endpointIsResolvedBelowTheConfiguredBaseUrl() {
        assertThat(new CtLogClient(URI.create("http://log.example:3000"), Duration.ofSeconds(1), Duration.ofSeconds(1))
                .endpoint()).hasToString("http://log.example:3000/ct/v1/add-pre-chain");
        assertThat(new CtLogClient(URI.create("https://log.example/shard1/"), Duration.ofSeconds(1), Duration.ofSeconds(1))
                .endpoint()).hasToString("https://log.example/shard1/ct/v1/add-pre-chain");
    }
}
