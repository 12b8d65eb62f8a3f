package dev.keyless.ca.identity;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import dev.keyless.ca.wire.Http;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Fetches OIDC discovery documents and key sets. Redirects are never followed (Fulcio #2354 refuses cross-host
 * redirects; an IdP that redirects its own well-known URL is rare enough to refuse outright), responses are
 * bounded in size and time, and only 200 counts.
 */
public final class HttpRetriever implements ResourceRetriever {
    private final HttpClient client;
    private final Duration timeout;
    private final int maxBytes;

    public HttpRetriever(Duration timeout, int maxBytes) {
        this.client = Http.occasional(timeout);
        this.timeout = timeout;
        this.maxBytes = maxBytes;
    }

    @Override
    public Resource retrieveResource(URL url) throws IOException {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(url.toURI()).timeout(timeout).header("Accept", "application/json").GET().build();
        } catch (URISyntaxException e) {
            throw new IOException("not a valid URI: " + url, e);
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + url, e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("GET " + url + " answered " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new IOException("GET " + url + " returned more than " + maxBytes + " bytes");
            }
            return new Resource(new String(bytes, StandardCharsets.UTF_8), response.headers().firstValue("Content-Type").orElse(null));
        }
    }
}
