package dev.keyless.ca.ct;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.ca.admission.CpuSlots;
import dev.keyless.ca.testing.SigningRequests;
import dev.keyless.ca.testing.TestClaims;
import dev.keyless.ca.testing.TestOidcProvider;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.testing.TempDirs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The issuance slots in the running service, with one slot ({@code keyless.ca.issuance-concurrency=1}): a request
 * waiting for the CT log holds none, and overload is refused with 503 rather than queued without end.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IssuanceSlotsIT {
    static final TestOidcProvider IDP = new TestOidcProvider();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static FakeCtLog log;
    static Path logKey;

    @LocalServerPort
    int port;

    @Autowired
    CpuSlots slots;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) throws Exception {
        startLog();
        r.add("keyless.ca.tls.enabled", () -> "false");
        r.add("keyless.ca.data-dir", () -> tempDir("issuance-slots-it"));
        r.add("keyless.ca.issuers[0].url", () -> IDP.issuer("/email"));
        r.add("keyless.ca.issuers[0].client-id", () -> "sigstore");
        r.add("keyless.ca.issuers[0].type", () -> "email");
        r.add("keyless.ca.ct.enabled", () -> "true");
        r.add("keyless.ca.ct.url", () -> log.url().toString());
        r.add("keyless.ca.ct.public-key", () -> logKey.toString());
        r.add("keyless.ca.issuance-concurrency", () -> "1");
    }

    static synchronized void startLog() throws Exception {
        if (log != null) {
            return;
        }
        log = new FakeCtLog(SigningRequests.p256());
        logKey = TempDirs.file("issuance-slots-it", ".pem");
        Files.writeString(logKey, PublicKeys.toPem(log.signingKey.getPublic()), StandardCharsets.US_ASCII);
    }

    @AfterAll
    static void stop() {
        log.close();
        IDP.close();
    }

    /**
     * The log answers the first submission only once a second one has arrived. With one slot, that second request can
     * only get there if the first gave its slot back while it waited; otherwise it would be refused after 1 s and the
     * first would wait out the log's 5 s.
     */
    @Test
    void aRequestWaitingForTheCtLogHoldsNoSlot() throws Exception {
        CountDownLatch bothSubmitted = new CountDownLatch(2);
        log.behaviour = (l, exchange, chain) -> {
            bothSubmitted.countDown();
            try {
                bothSubmitted.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            FakeCtLog.HONEST.answer(l, exchange, chain);
        };
        try {
            int before = log.submissions.size();
            long start = System.nanoTime();
            CompletableFuture<HttpResponse<String>> first = postAsync();
            CompletableFuture<HttpResponse<String>> second = postAsync();
            assertThat(first.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(second.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("neither waited out the log").isLessThan(Duration.ofSeconds(5));
            assertThat(log.submissions.size() - before).isEqualTo(2);
            assertThat(bothSubmitted.getCount()).isZero();
        } finally {
            log.behaviour = FakeCtLog.HONEST;
        }
        assertThat(slots.waiting()).isZero();
    }

    @Test
    void whenTheOnlySlotStaysTakenThenARequestIsRefusedWith503AndNothingIsLogged() throws Exception {
        int before = log.submissions.size();
        HttpResponse<String> refused;
        try (CpuSlots.Slot taken = slots.enter(Duration.ofSeconds(5))) {
            refused = postAsync().get(20, TimeUnit.SECONDS);
        }
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(refused.body()).isEqualTo("{\"code\":14,\"message\":\"The server is busy; retry later\",\"details\":[]}");
        assertThat(log.submissions.size()).isEqualTo(before);

        assertThat(postAsync().get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(slots.waiting()).isZero();
    }

    /** A signing request for alice@example.com with a key of its own. */
    CompletableFuture<HttpResponse<String>> postAsync() throws Exception {
        String token = IDP.mint(TestClaims.email(IDP.issuer("/email"), Instant.now()));
        String body = SigningRequests.aliceRequest(SigningRequests.p256(), token);
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v2/signingCert"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String tempDir(String prefix) {
        return TempDirs.directory(prefix).toString();
    }
}
