package dev.keyless.ca.ct;

import dev.keyless.ca.issuance.CtLogUnavailableException;
import dev.keyless.common.ct.SignedCertificateTimestamp;
import dev.keyless.common.encoding.EncodingException;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.encoding.StrictBase64;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client side of RFC 6962 §4.2 {@code add-pre-chain}: posts {@code {"chain":[base64 DER, …]}} and parses the
 * §4.1 answer {@code {sct_version, id, timestamp, extensions, signature}} strictly into a
 * {@link SignedCertificateTimestamp}. It does not verify the SCT; {@link CtLogTransparency} does.
 *
 * <p>Every exchange is bounded: connection by {@code connectTimeout}, the whole exchange (the log sequences the
 * entry before it answers) by {@code timeout}, the answer by {@value #MAX_RESPONSE_BYTES} bytes. Redirects are not
 * followed. Any failure is a {@link CtLogUnavailableException} whose message names the check, never the body.
 * Thread-safe.
 */
public final class CtLogClient {
    static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private static final Set<String> FIELDS = Set.of("sct_version", "id", "timestamp", "extensions", "signature");
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final URI addPreChain;
    private final HttpClient client;
    private final Duration timeout;

    /** @param logUrl base URL of the log; {@code ct/v1/add-pre-chain} is resolved below it */
    public CtLogClient(URI logUrl, Duration connectTimeout, Duration timeout) {
        String base = logUrl.toString();
        this.addPreChain = URI.create(base.endsWith("/") ? base : base + "/").resolve("ct/v1/add-pre-chain");
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(connectTimeout).build();
        this.timeout = timeout;
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
        HttpRequest request = HttpRequest.newBuilder(addPreChain).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(requestBody(chain), StandardCharsets.US_ASCII)).build();
        byte[] body = exchange(request);
        return parseSct(body);
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
    private byte[] exchange(HttpRequest request) {
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<HttpResponse<InputStream>> sent = client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> response = await(sent, deadline, null);
        InputStream in = response.body();
        try (in) {
            if (response.statusCode() != 200) {
                throw new CtLogUnavailableException("CT log " + addPreChain + " answered HTTP " + response.statusCode());
            }
            CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
                try {
                    return in.readNBytes(MAX_RESPONSE_BYTES + 1);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, task -> Thread.ofVirtual().name("ct-log-read").start(task));
            byte[] body = await(read, deadline, in);
            if (body.length > MAX_RESPONSE_BYTES) {
                throw new CtLogUnavailableException("CT log answer is longer than " + MAX_RESPONSE_BYTES + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw new CtLogUnavailableException("CT log answer could not be read: " + e.getMessage(), e);
        }
    }

    /** Waits until {@code deadline}; on timeout cancels the future and closes {@code toClose}, which aborts a read. */
    private <T> T await(CompletableFuture<T> future, long deadline, InputStream toClose) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            closeQuietly(toClose);
            throw new CtLogUnavailableException("CT log " + addPreChain + " did not answer within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            closeQuietly(toClose);
            throw new CtLogUnavailableException("interrupted while waiting for the CT log", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CtLogUnavailableException unavailable) {
                throw unavailable;
            }
            throw new CtLogUnavailableException("CT log " + addPreChain + " unreachable: "
                    + cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        }
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // Closing is only to abort the read; the timeout is what gets reported.
            }
        }
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
        byte[] signed = base64(json.get("signature"), "signature");
        if (signed.length < 4) {
            throw invalid("signature is " + signed.length + " bytes, want a DigitallySigned of at least 4");
        }
        int length = ((signed[2] & 0xff) << 8) | (signed[3] & 0xff);
        if (length == 0 || signed.length != 4 + length) {
            throw invalid("signature length prefix is " + length + " for " + (signed.length - 4) + " bytes");
        }
        byte[] signature = java.util.Arrays.copyOfRange(signed, 4, signed.length);
        try {
            return new SignedCertificateTimestamp(SignedCertificateTimestamp.VERSION_V1, Hash.of(id),
                    timestamp.longValue(), extensions, signed[0] & 0xff, signed[1] & 0xff, signature);
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
