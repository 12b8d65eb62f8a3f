package dev.keyless.ca.ct;

import dev.keyless.ca.issuance.CertificateTransparencyException;
import dev.keyless.ca.issuance.CtLogUnavailableException;
import dev.keyless.ca.wire.Http;
import dev.keyless.ca.wire.Json;
import dev.keyless.common.ct.CtParseException;
import dev.keyless.common.ct.DigitallySigned;
import dev.keyless.common.ct.SignedCertificateTimestamp;
import dev.keyless.common.encoding.EncodingException;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.encoding.StrictBase64;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client side of RFC 6962 §4.2 {@code add-pre-chain}: posts {@code {"chain":[base64 DER, …]}} and parses the
 * §4.1 answer {@code {sct_version, id, timestamp, extensions, signature}} strictly into a
 * {@link SignedCertificateTimestamp}. It does not verify the SCT; {@link CtLogTransparency} does.
 *
 * <p>The exchange runs on the calling thread over a pool of kept-alive HTTP/1.1 connections (Apache HttpClient's
 * classic API): one certificate request, one blocking exchange, no hand-offs between threads. Every exchange is
 * bounded: connection by {@code connectTimeout}, the whole exchange (the log sequences the entry before it
 * answers) by {@code timeout}, which aborts the connection when it passes, a 200 answer by
 * {@value #MAX_RESPONSE_BYTES} bytes (an error answer is not read: its connection is dropped). Redirects are not
 * followed. One thing is retried, once, within the same deadline: a kept-alive connection that the log closed
 * or reset before answering (it restarted, or dropped the idle connection just as it was reused). Resubmitting
 * is safe with a log that deduplicates submissions, as tlog-service's does and RFC 6962 §4.1 recommends: it
 * answers a chain it already holds with an SCT for that entry. A refusal (a 4xx answer other than 408 and 429) is
 * a {@link CertificateTransparencyException} (500: retrying cannot help); any other failure a
 * {@link CtLogUnavailableException} (503). Either message names the check, never the body. Thread-safe.
 */
public final class CtLogClient implements AutoCloseable {
    static final int MAX_RESPONSE_BYTES = 64 * 1024;
    /**
     * Fewest connections kept to the log: one per certificate in progress, which
     * {@code keyless.ca.max-concurrent-requests} bounds (200 by default).
     */
    static final int MIN_CONNECTIONS = 256;
    private static final ContentType JSON_TYPE = ContentType.create("application/json");
    private static final Set<String> FIELDS = Set.of("sct_version", "id", "timestamp", "extensions", "signature");
    private static final JsonMapper JSON = Json.MAPPER;

    private final URI addPreChain;
    private final CloseableHttpClient client;
    private final Duration timeout;
    /** Aborts exchanges that pass their deadline; one daemon thread for all of them. */
    private final ScheduledThreadPoolExecutor deadlines;

    /** @param logUrl base URL of the log; {@code ct/v1/add-pre-chain} is resolved below it */
    public CtLogClient(URI logUrl, Duration connectTimeout, Duration timeout) {
        this(logUrl, connectTimeout, timeout, MIN_CONNECTIONS);
    }

    /**
     * @param maxConnections connections kept to the log, at least {@value #MIN_CONNECTIONS}: a certificate waiting
     *     for a pooled connection spends its CT deadline there
     */
    public CtLogClient(URI logUrl, Duration connectTimeout, Duration timeout, int maxConnections) {
        int connectionLimit = Math.max(MIN_CONNECTIONS, maxConnections);
        String base = logUrl.toString();
        this.addPreChain = URI.create(base.endsWith("/") ? base : base + "/").resolve("ct/v1/add-pre-chain");
        this.timeout = timeout;
        this.client = Http.pooled(connectionLimit, connectTimeout, timeout, new RetryUnansweredOnce());
        this.deadlines = new ScheduledThreadPoolExecutor(1, task -> Thread.ofPlatform().daemon().name("ct-log-deadlines").unstarted(task));
        this.deadlines.setRemoveOnCancelPolicy(true);
    }

    /**
     * Retries once when the connection failed before any answer arrived: the log closed it (Apache HttpClient's
     * {@code NoHttpResponseException}) or reset it. A connection that could not be made (refused, no route: the
     * log is down) and every answer, including 503, are final.
     */
    static final class RetryUnansweredOnce implements HttpRequestRetryStrategy {
        @Override
        public boolean retryRequest(HttpRequest request, IOException exception, int execCount, HttpContext context) {
            boolean closedUnanswered = exception instanceof NoHttpResponseException
                    || (exception instanceof SocketException && !(exception instanceof ConnectException
                            || exception instanceof NoRouteToHostException || exception instanceof PortUnreachableException));
            return execCount <= 1 && closedUnanswered;
        }

        @Override
        public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
            return false;
        }

        @Override
        public TimeValue getRetryInterval(HttpResponse response, int execCount, HttpContext context) {
            return TimeValue.ZERO_MILLISECONDS;
        }
    }

    /**
     * Whether an answer refuses the submission itself (a client error other than 408 Request Timeout and 429 Too
     * Many Requests): the log does not accept this CA's chain, or the URL is not a log's. The same request would be
     * refused again, so it is not worth a client's retry.
     */
    static boolean refusal(int status) {
        return status >= 400 && status < 500 && status != 408 && status != 429;
    }

    public URI endpoint() {
        return addPreChain;
    }

    /**
     * Submits the precertificate chain: precertificate first, then the issuing certificate … root.
     *
     * @throws CtLogUnavailableException if no well-formed SCT came back within the timeout
     */
    public SignedCertificateTimestamp addPreChain(List<X509Certificate> chain) {
        HttpPost request = new HttpPost(addPreChain);
        request.setHeader("Accept", "application/json");
        // Plain "application/json", no charset parameter, as RFC 6962 clients send it.
        request.setEntity(new ByteArrayEntity(requestBody(chain).getBytes(StandardCharsets.US_ASCII), JSON_TYPE));
        return parseSct(exchange(request));
    }

    /** {@code {"chain":["<b64>",…]}}; base64 needs no JSON escaping. */
    static String requestBody(List<X509Certificate> chain) {
        StringBuilder json = new StringBuilder("{\"chain\":[");
        for (int i = 0; i < chain.size(); i++) {
            try {
                json.append(i == 0 ? "\"" : ",\"").append(StrictBase64.encode(chain.get(i).getEncoded())).append('"');
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("certificate " + i + " of the chain does not encode", e);
            }
        }
        return json.append("]}").toString();
    }

    /** The 200 body, read within the one deadline of the whole exchange. */
    private byte[] exchange(HttpPost request) {
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline;
        try {
            deadline = deadlines.schedule(() -> {
                expired.set(true);
                request.cancel(); // closes the connection: a blocked connect, write or read fails at once
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            throw new CtLogUnavailableException("CT log client is closed", e);
        }
        try {
            return client.execute(request, response -> body(request, response));
        } catch (CertificateTransparencyException e) { // a refusal or an unavailable log, already named
            throw e;
        } catch (IOException | RuntimeException e) {
            if (expired.get() || e instanceof SocketTimeoutException) {
                throw new CtLogUnavailableException("CT log " + addPreChain + " did not answer within " + timeout, e);
            }
            throw new CtLogUnavailableException("CT log " + addPreChain + " unreachable: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } finally {
            deadline.cancel(false);
        }
    }

    private byte[] body(HttpPost request, ClassicHttpResponse response) throws IOException {
        int code = response.getCode();
        if (code != 200) {
            request.cancel(); // drop the connection rather than read an error body of any length
            String answered = "CT log " + addPreChain + " answered HTTP " + code;
            throw refusal(code) ? new CertificateTransparencyException(answered + ": it refuses the submission", null)
                    : new CtLogUnavailableException(answered);
        }
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return new byte[0];
        }
        try (InputStream in = entity.getContent()) {
            byte[] body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
            if (body.length > MAX_RESPONSE_BYTES) {
                request.cancel(); // drop the connection rather than read the rest of an oversized answer
                throw new CtLogUnavailableException("CT log answer is longer than " + MAX_RESPONSE_BYTES + " bytes");
            }
            return body;
        }
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        client.close(CloseMode.GRACEFUL);
    }

    /**
     * The §4.1 JSON, strictly: an object with no duplicate keys and nothing after it; {@code sct_version} the integer
     * 0; {@code id} base64 of 32 bytes; {@code timestamp} a non-negative integer; {@code extensions} base64 (possibly
     * empty); {@code signature} base64 of a TLS {@code DigitallySigned} (u8 hash, u8 signature, u16-prefixed bytes,
     * nothing after). Fields beyond these five are ignored, as RFC 6962 clients do.
     *
     * @throws CtLogUnavailableException naming the first deviation
     */
    static SignedCertificateTimestamp parseSct(byte[] body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JacksonException e) {
            throw invalid("is not JSON");
        }
        if (json == null || !json.isObject()) {
            throw invalid("is not a JSON object");
        }
        for (String field : FIELDS) {
            if (!json.has(field)) {
                throw invalid("has no " + field);
            }
        }
        JsonNode version = json.get("sct_version");
        if (!version.isIntegralNumber() || !version.canConvertToInt() || version.intValue() != SignedCertificateTimestamp.VERSION_V1) {
            throw invalid("sct_version is not " + SignedCertificateTimestamp.VERSION_V1 + " (v1)");
        }
        byte[] id = base64(json.get("id"), "id");
        if (id.length != Hash.SIZE) {
            throw invalid("id is " + id.length + " bytes, want " + Hash.SIZE);
        }
        JsonNode timestamp = json.get("timestamp");
        if (!timestamp.isIntegralNumber() || !timestamp.canConvertToLong() || timestamp.longValue() < 0) {
            throw invalid("timestamp is not a non-negative 64-bit integer");
        }
        byte[] extensions = base64(json.get("extensions"), "extensions");
        DigitallySigned signed;
        try {
            signed = DigitallySigned.parse(base64(json.get("signature"), "signature"));
        } catch (CtParseException e) {
            throw invalid("signature is not a DigitallySigned: " + e.getMessage());
        }
        if (signed.signature().length == 0) {
            throw invalid("signature is empty");
        }
        try {
            return SignedCertificateTimestamp.of(Hash.of(id), timestamp.longValue(), extensions, signed);
        } catch (IllegalArgumentException e) {
            throw invalid("is not a valid SCT: " + e.getMessage());
        }
    }

    private static byte[] base64(JsonNode node, String field) {
        if (!node.isString()) {
            throw invalid(field + " is not a string");
        }
        try {
            return StrictBase64.decode(node.stringValue());
        } catch (EncodingException e) {
            throw invalid(field + " is not canonical base64");
        }
    }

    private static CtLogUnavailableException invalid(String what) {
        return new CtLogUnavailableException("CT log answer " + what);
    }
}
