package dev.keyless.ca.config;

import dev.keyless.ca.issuance.CaKeyFiles;
import dev.keyless.ca.issuance.CertificateAuthority;
import dev.keyless.ca.issuance.CertificateIssuer;
import dev.keyless.ca.issuance.CertificateTransparency;
import dev.keyless.ca.issuance.CodeSigningCertificatePolicy;
import dev.keyless.ca.issuance.DevelopmentCa;
import java.security.SecureRandom;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
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

    @Bean
    CertificateAuthority certificateAuthority(CaProperties props, Clock clock) {
        CaProperties.Signer signer = props.signer();
        CertificateAuthority ca = switch (signer.type()) {
            case "development" -> DevelopmentCa.loadOrCreate(props.dataDir(), clock);
            case "file" -> {
                if (signer.keyFile() == null || signer.chainFile() == null) {
                    throw new IllegalArgumentException("keyless.ca.signer.type=file needs key-file and chain-file");
                }
                yield CaKeyFiles.load(signer.keyFile(), signer.keyPassword(), signer.chainFile(), clock);
            }
            case "pkcs11" -> Pkcs11Signers.load(signer, System::getenv, clock);
            default -> throw new IllegalArgumentException(
                    "keyless.ca.signer.type must be development, file or pkcs11, got " + signer.type());
        };
        log.info("issuing as {}", ca);
        return ca;
    }

    @Bean
    @ConditionalOnMissingBean
    CertificateTransparency certificateTransparency() {
        return CertificateTransparency.NONE;
    }

    @Bean
    CertificateIssuer certificateIssuer(CertificateAuthority ca, CaProperties props, Clock clock,
            CertificateTransparency transparency) {
        return new CertificateIssuer(ca, new CodeSigningCertificatePolicy(clock, props.certificateValidity(), new SecureRandom()),
                transparency);
    }
}
