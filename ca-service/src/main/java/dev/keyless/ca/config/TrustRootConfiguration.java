package dev.keyless.ca.config;

import dev.keyless.ca.ct.CtLogKeys;
import dev.keyless.ca.issuance.CertificateAuthority;
import dev.keyless.ca.rotation.Reloadable;
import dev.keyless.ca.rotation.RetiredFiles;
import dev.keyless.ca.timestamp.TimestampAuthority;
import dev.keyless.ca.trust.TrustRoot.Validity;
import dev.keyless.ca.trust.TrustRootSource;
import dev.keyless.ca.wire.Http;
import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.PublicKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The served client trust files (TrustRootProperties). Retired files are read once, at start. */
@Configuration(proxyBeanMethods = false)
public class TrustRootConfiguration {

    @Bean
    TrustRootSource trustRootSource(TrustRootProperties props, CtProperties ct, Reloadable<CertificateAuthority> ca,
            Environment env, Clock clock, Optional<Reloadable<TimestampAuthority>> tsa, RotationProperties rotation,
            CaProperties caProps, Optional<Reloadable<CtLogKeys>> ctLogKeys) {
        URI rekorUrl = props.rekorUrl() != null ? props.rekorUrl() : ct.enabled() ? ct.url() : null;
        Supplier<PublicKey> ctKey = !ct.enabled() || ct.publicKey() == null ? () -> null
                : ctLogKeys.isPresent() ? () -> ctLogKeys.get().current().current() : fixed(PublicKeys.parsePem(read(ct.publicKey())));
        List<TrustRootSource.Retired> retired = new ArrayList<>();
        for (TrustRootProperties.Retired r : props.retired()) {
            // The current entry of a kind starts where its retired ones end: an end still ahead would make the keys
            // in use look not yet valid to every client.
            if (r.end().isAfter(clock.instant())) {
                throw new IllegalArgumentException("keyless.ca.trust-root.retired entry " + r.file() + " ends at " + r.end()
                        + ", which is still ahead: a retired entry ends when its key or chain stopped being used");
            }
            Validity validity = new Validity(r.start(), r.end());
            String pem = read(r.file());
            retired.add(switch (r.kind()) {
                case CA -> new TrustRootSource.RetiredCa(r.url(), Certificates.parsePemChain(pem), validity);
                case REKOR, CT -> new TrustRootSource.RetiredLog(r.kind() == TrustRootProperties.Kind.REKOR, r.url(),
                        PublicKeys.parsePem(pem), validity);
            });
        }
        HttpClient http = Http.occasional(Duration.ofSeconds(3));
        return new TrustRootSource(() -> props.caUrl() != null ? props.caUrl() : URI.create("https://localhost:"
                + env.getProperty("local.server.port", env.getProperty("server.port", "5555"))),
                () -> ca.current().chain(), rekorUrl, props.rekorReadUrl(), ct.enabled() ? ct.url() : null, ctKey,
                retired, http, clock, props.refresh(), () -> tsa.map(t -> t.current().chain()).orElse(List.of()),
                props.rekorV2Url(), () -> rotated(rotation.retiredDir(caProps == null ? null : caProps.dataDir())));
    }

    private static <T> Supplier<T> fixed(T value) {
        return () -> value;
    }

    /** What rotations retired while running ({@link RetiredFiles}), read on every trust root build. */
    static List<TrustRootSource.Retired> rotated(Path dir) {
        List<TrustRootSource.Retired> out = new ArrayList<>();
        for (RetiredFiles.Entry e : RetiredFiles.read(dir)) {
            Validity v = new Validity(e.start(), e.end());
            out.add(switch (e.kind()) {
                case "ca" -> new TrustRootSource.RetiredCa(null, e.chain(), v, e.successorStart());
                case "tsa" -> new TrustRootSource.RetiredTsa(e.chain(), v, e.successorStart());
                case "rekor-v2" -> new TrustRootSource.RetiredRekorV2(e.key(), v, e.successorStart());
                default -> new TrustRootSource.RetiredLog(false, null, e.key(), v, e.successorStart());
            });
        }
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
