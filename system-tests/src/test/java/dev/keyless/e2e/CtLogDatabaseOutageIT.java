package dev.keyless.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.ca.CaApplication;
import dev.keyless.ca.errors.ErrorCatalogue;
import dev.keyless.ca.testing.SigningRequests;
import dev.keyless.ca.testing.TestClaims;
import dev.keyless.ca.testing.TestOidcProvider;
import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.ct.SctList;
import dev.keyless.e2e.testing.TlogInProcess;
import dev.keyless.localpg.LocalPostgres;
import dev.keyless.localpg.TemporaryPostgres;
import dev.keyless.testing.TempDirs;
import dev.keyless.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.ObjectMapper;

/**
 * ca-service while the CT log's database is down (stopped, then killed with SIGKILL): signing requests are answered
 * 503 with Retry-After and code 14, and no certificate is issued without an SCT; when the database is back the CA
 * issues again within 5 s, without a restart of either service, and the CT log holds exactly one entry per
 * certificate issued.
 */
@SpringBootTest(classes = CaApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CtLogDatabaseOutageIT {
    static final TestOidcProvider IDP = new TestOidcProvider();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final ObjectMapper JSON = new ObjectMapper();
    static LocalPostgres pg;
    static TlogInProcess tlog;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) throws IOException {
        pg = TemporaryPostgres.start(line -> { });
        Path caData = TempDirs.directory("ct-db-outage-it-ca");
        tlog = TlogInProcess.start(caData, TestDatabase.on(pg));
        r.add("keyless.ca.tls.enabled", () -> "false");
        r.add("keyless.ca.data-dir", caData::toString);
        r.add("keyless.ca.issuers[0].url", () -> IDP.issuer("/email"));
        r.add("keyless.ca.issuers[0].client-id", () -> "sigstore");
        r.add("keyless.ca.issuers[0].type", () -> "email");
        r.add("keyless.ca.ct.enabled", () -> "true");
        r.add("keyless.ca.ct.url", () -> "http://127.0.0.1:" + tlog.port());
        r.add("keyless.ca.ct.public-key", () -> tlog.ctPublicKey().toString());
    }

    @AfterAll
    static void stop() {
        IDP.close();
        if (tlog != null) {
            tlog.close();
        }
    }

    @Test
    void whileTheCtLogsDatabaseIsDownNoCertificateIsIssuedAndAfterItIssuingResumes() throws Exception {
        long issued = 0;
        assertThat(issue().statusCode()).isEqualTo(200);
        issued++;
        for (boolean kill : new boolean[] {false, true}) {
            String how = kill ? "killed" : "stopped";
            if (kill) {
                pg.kill();
            } else {
                pg.stopFast();
            }
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = issue();
                assertThat(r.statusCode()).as("a signing request while the CT log's database is %s: %s", how, r.body())
                        .isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).as("Retry-After").isPresent();
                assertThat(r.body()).isEqualTo("{\"code\":14,\"message\":\"" + ErrorCatalogue.CT_MESSAGE + "\",\"details\":[]}");
            }
            pg.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            HttpResponse<String> r = issue();
            while (r.statusCode() != 200 && System.nanoTime() < deadline) {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
                Thread.sleep(100);
                r = issue();
            }
            assertThat(r.statusCode()).as("issuing again within 5 s of the database's return after it was " + how)
                    .isEqualTo(200);
            issued++;
            X509Certificate leaf = Certificates.parsePem(CtLogIssuanceIT.certificates(r.body()).get(0));
            assertThat(SctList.fromCertificate(leaf)).hasSize(1);
        }
        long logged = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tlog.port()
                + "/ct/v1/get-sth")).build(), HttpResponse.BodyHandlers.ofString()).body()).get("tree_size").asLong();
        assertThat(logged).as("CT log entries, one per certificate issued").isEqualTo(issued);
    }

    private HttpResponse<String> issue() throws Exception {
        String token = IDP.mint(TestClaims.email(IDP.issuer("/email"), Instant.now()));
        String body = SigningRequests.aliceRequest(SigningRequests.p256(), token);
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v2/signingCert"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
