package dev.keyless.ca.config;

import dev.keyless.ca.admission.CpuSlots;
import dev.keyless.ca.ct.CtLogClient;
import dev.keyless.ca.ct.CtLogHealthIndicator;
import dev.keyless.ca.ct.CtLogKeys;
import dev.keyless.ca.ct.CtLogTransparency;
import dev.keyless.ca.issuance.CaKeyFiles;
import dev.keyless.ca.issuance.CertificateAuthority;
import dev.keyless.ca.issuance.CertificateIssuer;
import dev.keyless.ca.issuance.CertificateTransparency;
import dev.keyless.ca.issuance.CodeSigningProfile;
import dev.keyless.ca.issuance.DevelopmentCa;
import dev.keyless.ca.rotation.KeyReloader;
import dev.keyless.ca.rotation.Reloadable;
import dev.keyless.ca.rotation.RetiredFiles;
import dev.keyless.ca.timestamp.TimestampAuthority;
import dev.keyless.common.crypto.EcdsaBackend;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.crypto.ThreadRandom;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The CA key and chain, the leaf profile and the CT step. */
@Configuration(proxyBeanMethods = false)
public class IssuanceConfiguration {
    private static final Logger log = LoggerFactory.getLogger(IssuanceConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Where ECDSA runs ({@code keyless.crypto.ecdsa}: {@code auto}, {@code native} or {@code bouncycastle}; see
     * {@link EcdsaBackend}): the CA's EC key signs on it, and proofs of possession and SCTs are checked on it.
     * Signatures and verdicts are the same either way.
     */
    @Bean
    EcdsaBackend ecdsaBackend(@Value("${keyless.crypto.ecdsa:auto}") String mode) {
        EcdsaBackend backend = EcdsaBackend.configure(mode);
        log.info(backend.description());
        return backend;
    }

    /** The CA in use: from files it follows them ({@link Reloadable}), so a rotation needs no restart. */
    @Bean
    Reloadable<CertificateAuthority> certificateAuthority(CaProperties props, Clock clock, EcdsaBackend ecdsa) {
        CaProperties.Signer signer = props.signer();
        Reloadable<CertificateAuthority> ca = switch (signer.type()) {
            case "development" -> {
                DevelopmentCa.createIfMissing(props.dataDir(), clock);
                Path key = DevelopmentCa.keyFile(props.dataDir());
                yield new Reloadable<>(key, DevelopmentCa.chainFile(props.dataDir()),
                        chain -> CaKeyFiles.load(key, null, chain, clock, ecdsa));
            }
            case "file" -> {
                if (signer.keyFile() == null || signer.chainFile() == null) {
                    throw new IllegalArgumentException("keyless.ca.signer.type=file needs key-file and chain-file");
                }
                yield new Reloadable<>(signer.keyFile(), signer.chainFile(),
                        chain -> CaKeyFiles.load(signer.keyFile(), signer.keyPassword(), chain, clock, ecdsa));
            }
            case "pkcs11" -> Reloadable.fixed(Pkcs11Signers.load(signer, System::getenv, clock));
            default -> throw new IllegalArgumentException(
                    "keyless.ca.signer.type must be development, file or pkcs11, got " + signer.type());
        };
        log.info("issuing as {}", ca.current());
        return ca;
    }

    /** Switches to rotated CA files ({@code keyless.ca.rotation.reload-interval}; 0: never). */
    @Bean
    @ConditionalOnExpression("'${keyless.ca.rotation.reload-interval:30s}' != '0' "
            + "and '${keyless.ca.rotation.reload-interval:30s}' != '0s'")
    PeriodicTask keyReloader(Reloadable<CertificateAuthority> ca, Optional<Reloadable<TimestampAuthority>> tsa,
            Optional<Reloadable<CtLogKeys>> ctLogKeys, RotationProperties rotation) {
        Map<String, Reloadable<?>> material = new LinkedHashMap<>();
        material.put("CA", ca);
        tsa.ifPresent(t -> material.put("TSA", t));
        ctLogKeys.ifPresent(k -> material.put("CT log key", k));
        KeyReloader reloader = new KeyReloader(material);
        return new PeriodicTask("key-reloader", rotation.reloadInterval(), rotation.reloadInterval(), reloader::check);
    }

    /** Requests computing at once ({@code keyless.ca.issuance-concurrency}; 0 = twice the processors). */
    @Bean
    CpuSlots issuanceSlots(CaProperties props, MeterRegistry meters) {
        CpuSlots slots = new CpuSlots(props.issuanceConcurrency() == 0 ? CpuSlots.defaultLimit() : props.issuanceConcurrency());
        meters.gauge("keyless.ca.issuance.waiting", slots, CpuSlots::waiting);
        log.info("issuing at most {} certificates at once (keyless.ca.issuance-concurrency)", slots.limit());
        return slots;
    }

    /**
     * The CT log's keys as ca-service accepts SCTs by them: {@code keyless.ca.ct.public-key}, followed like the CA's
     * files, and the key a rotation replaced until its grace ends ({@link RetiredFiles}, kind {@code ct}). Absent when
     * CT is off or the key is not configured.
     */
    @Bean
    @ConditionalOnExpression("'${keyless.ca.ct.enabled:false}' == 'true' and !'${keyless.ca.ct.public-key:}'.isEmpty()")
    Reloadable<CtLogKeys> ctLogKeys(CtProperties ct, CaProperties props, RotationProperties rotation) {
        Path retiredDir = rotation.retiredDir(props.dataDir());
        return new Reloadable<>(ct.publicKey(), ct.publicKey(), file -> {
            PublicKey current;
            try {
                current = PublicKeys.parsePem(Files.readString(file, StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read keyless.ca.ct.public-key " + file, e);
            }
            List<CtLogKeys.Retired> retired = new ArrayList<>();
            for (RetiredFiles.Entry e : RetiredFiles.read(retiredDir)) {
                if (e.kind().equals("ct") && !e.key().equals(current)) {
                    retired.add(new CtLogKeys.Retired(e.key(), e.end()));
                }
            }
            return new CtLogKeys(current, retired);
        });
    }

    @Bean
    @ConditionalOnMissingBean
    CertificateTransparency certificateTransparency(CtProperties ct, CaProperties props, EcdsaBackend ecdsa,
            Optional<Reloadable<CtLogKeys>> ctLogKeys, Clock clock) {
        if (!ct.enabled()) {
            log.info("Certificate Transparency disabled (keyless.ca.ct.enabled=false): leaves carry no SCT");
            return CertificateTransparency.NONE;
        }
        if (ct.publicKey() == null) {
            log.warn("keyless.ca.ct.public-key is unset: SCTs from {} are embedded WITHOUT verification", ct.url());
        }
        if (!ct.required()) {
            log.warn("keyless.ca.ct.required=false: certificates are issued without SCT when the CT log fails "
                    + "(development only)");
        }
        CtLogClient client = new CtLogClient(ct.url(), ct.connectTimeout(), ct.timeout(), props.maxConcurrentRequests());
        log.info("logging precertificates to {}", client.endpoint());
        return new CtLogTransparency(client, ctLogKeys.<java.util.function.Supplier<CtLogKeys>>map(k -> k::current)
                .orElse(null), ct.required(), ecdsa, clock);
    }

    /** Readiness of the CT step ({@code /actuator/health/readiness}); only when the CA logs to a CT log. */
    @Bean("ctLog")
    @ConditionalOnProperty(name = "keyless.ca.ct.enabled", havingValue = "true")
    CtLogHealthIndicator ctLogHealth(CtProperties ct, Clock clock) {
        return new CtLogHealthIndicator(ct.url(), ct.connectTimeout(), clock);
    }

    @Bean
    CertificateIssuer certificateIssuer(Reloadable<CertificateAuthority> ca, CaProperties props, Clock clock,
            CertificateTransparency transparency) {
        return new CertificateIssuer(ca::current, new CodeSigningProfile(clock, props.certificateValidity(), ThreadRandom::current),
                transparency);
    }
}
