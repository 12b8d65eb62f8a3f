package dev.keyless.ca.config;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * TLS of the one server port that carries REST and gRPC ({@code keyless.ca.tls.*}). sigstore-java dials the CA's
 * {@code host:port} with gRPC over TLS only, so TLS is the default; plain HTTP is for deployments behind a
 * TLS-terminating proxy and then serves REST only.
 *
 * @param enabled false for plain HTTP (REST only, no gRPC)
 * @param certificateFile PEM server certificate chain, server certificate first; with {@code keyFile}, replaces the
 *     generated development certificate
 * @param keyFile PEM private key of the server certificate (PKCS#8, encrypted PKCS#8, SEC1 or PKCS#1)
 * @param keyPassword password of an encrypted {@code keyFile}
 * @param hostNames extra DNS names or IP addresses for the generated development certificate, beside
 *     {@code localhost}, {@code 127.0.0.1} and {@code ::1}
 */
@ConfigurationProperties("keyless.ca.tls")
public record TlsProperties(
        @DefaultValue("true") boolean enabled,
        Path certificateFile,
        Path keyFile,
        String keyPassword,
        @DefaultValue List<String> hostNames) {

    public TlsProperties {
        if ((certificateFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("keyless.ca.tls.certificate-file and key-file go together");
        }
    }

    /** Whether the server certificate comes from files rather than being generated. */
    public boolean fromFiles() {
        return certificateFile != null;
    }

    @Override
    public String toString() {
        return "TlsProperties[enabled=" + enabled + ", certificateFile=" + certificateFile + ", keyFile=" + keyFile
                + ", hostNames=" + hostNames + "]"; // no password
    }
}
