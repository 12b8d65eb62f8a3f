package dev.keyless.ca.wire;

import java.net.http.HttpClient;
import dev.keyless.common.crypto.Certificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * ca-service's HTTP clients. Every one refuses redirects (ca-service only ever calls URLs from its configuration or
 * from a discovery document checked first, never one a redirect or a request chose) and bounds the wait to connect.
 */
public final class Http {
    private Http() {
    }

    /**
     * A JDK client for occasional calls (identity providers' discovery and key sets, Rekor for the trust root, the
     * CT log's health), HTTP/1.1 (nothing here gains from HTTP/2's multiplexing, and every server we call speaks it).
     */
    public static HttpClient occasional(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout).build();
    }

    /**
     * As {@link #occasional(Duration)}, trusting also the PEM certificate {@code extraTrust} (the development TLS
     * certificate of this service, for the operator's rotation command); null: the JVM's roots only.
     */
    public static HttpClient occasional(Duration connectTimeout, Path extraTrust) throws GeneralSecurityException,
            IOException {
        if (extraTrust == null) {
            return occasional(connectTimeout);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("extra", Certificates.parsePem(Files.readString(extraTrust, StandardCharsets.US_ASCII)));
        TrustManagerFactory jvm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jvm.init(store);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, jvm.getTrustManagers(), null);
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout).sslContext(ssl).build();
    }

    /**
     * A pooled, blocking HTTP/1.1 client for the call made on every certificate (the CT log's add-pre-chain), run on
     * the request's own thread: the JDK client hands every exchange between four threads, a measurable share of the
     * CA's CPU (docs/benchmarks.md). No cookies, no compression, no authentication cache, no connection state.
     *
     * @param connections connections kept open, all to the one log
     * @param timeout the deadline for getting a pooled connection and for the answer
     */
    public static CloseableHttpClient pooled(int connections, Duration connectTimeout, Duration timeout,
            HttpRequestRetryStrategy retries) {
        ConnectionConfig connectionConfig = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(connectTimeout))
                .setSocketTimeout(Timeout.of(timeout))
                // A kept-alive connection the server may have closed is checked before reuse after 2 s idle.
                .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                .setTimeToLive(TimeValue.ofMinutes(5))
                .build();
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(connections).setMaxConnPerRoute(connections)
                        .setDefaultConnectionConfig(connectionConfig).build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.of(timeout))
                        .setResponseTimeout(Timeout.of(timeout)).build())
                .disableRedirectHandling().setRetryStrategy(retries).disableCookieManagement()
                .disableAuthCaching().disableContentCompression().disableConnectionState()
                .evictExpiredConnections()
                .build();
    }
}
