package dev.keyless.ca.config;

import dev.keyless.ca.tls.DevelopmentServerCertificate;
import dev.keyless.ca.tls.ServerCredentials;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The server's TLS key and certificate as the SSL bundle {@value #BUNDLE}, which application.yaml gives to the web
 * server ({@code server.ssl.bundle}): from {@code keyless.ca.tls.certificate-file}/{@code key-file}, or else the
 * development certificate kept under the data directory. Absent with {@code keyless.ca.tls.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "keyless.ca.tls.enabled", matchIfMissing = true)
public class TlsConfiguration {
    private static final Logger log = LoggerFactory.getLogger(TlsConfiguration.class);
    public static final String BUNDLE = "keyless-ca-server";

    @Bean
    SslBundleRegistrar serverSslBundle(TlsProperties tls, CaProperties ca, Clock clock) {
        ServerCredentials credentials;
        if (tls.fromFiles()) {
            credentials = ServerCredentials.load(tls.keyFile(), tls.keyPassword(), tls.certificateFile());
            log.info("TLS: server certificate {}", tls.certificateFile());
        } else {
            credentials = DevelopmentServerCertificate.loadOrCreate(ca.dataDir(), tls.hostNames(), clock);
        }
        // The store lives in memory only; its password just satisfies the KeyStore API.
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        SslBundle bundle = SslBundle.of(SslStoreBundle.of(credentials.toKeyStore(password.toCharArray()), password, null),
                SslBundleKey.of(password, ServerCredentials.ALIAS));
        return registry -> registry.registerBundle(BUNDLE, bundle);
    }
}
