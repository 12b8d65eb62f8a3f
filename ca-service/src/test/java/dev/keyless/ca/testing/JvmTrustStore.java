package dev.keyless.ca.testing;

import dev.keyless.common.crypto.Certificates;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;

/**
 * Makes the JVM trust one server certificate (sigstore-java's gRPC channel takes its trust from the JVM) and puts
 * the previous trust-store properties back afterwards, since all integration tests share one JVM.
 */
public final class JvmTrustStore {
    private static final String[] PROPERTIES = {"javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword",
        "javax.net.ssl.trustStoreType"};
    private final Map<String, String> saved = new HashMap<>();

    /** Trusts {@code certificatePem} (a PEM file) through a PKCS#12 store written into {@code dir}. Idempotent. */
    public synchronized void trust(Path certificatePem, Path dir) throws Exception {
        if (!saved.isEmpty()) {
            return;
        }
        for (String p : PROPERTIES) {
            saved.put(p, System.getProperty(p, ""));
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("keyless-ca-server", Certificates.parsePem(Files.readString(certificatePem)));
        Path file = Files.createTempFile(dir, "trust", ".p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, "changeit".toCharArray());
        }
        System.setProperty("javax.net.ssl.trustStore", file.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    }

    public synchronized void restore() {
        saved.forEach((k, v) -> {
            if (v.isEmpty()) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
        saved.clear();
    }
}
