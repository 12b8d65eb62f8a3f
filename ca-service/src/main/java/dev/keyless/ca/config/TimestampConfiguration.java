package dev.keyless.ca.config;

import dev.keyless.ca.timestamp.TimestampAuthority;
import dev.keyless.ca.timestamp.TsaKeys;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The timestamp authority, when {@code keyless.ca.timestamp.enabled} (the default). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "keyless.ca.timestamp.enabled", havingValue = "true", matchIfMissing = true)
public class TimestampConfiguration {
    private static final Logger log = LoggerFactory.getLogger(TimestampConfiguration.class);

    @Bean
    TimestampAuthority timestampAuthority(TimestampProperties props, CaProperties ca, Clock clock) {
        TimestampProperties.Signer signer = props.signer();
        TsaKeys.Material material = switch (signer.type()) {
            case "development" -> TsaKeys.loadOrCreateDevelopment(ca.dataDir(), clock);
            case "file" -> {
                if (signer.keyFile() == null || signer.chainFile() == null) {
                    throw new IllegalArgumentException("keyless.ca.timestamp.signer.type=file needs key-file and chain-file");
                }
                yield TsaKeys.load(signer.keyFile(), signer.keyPassword(), signer.chainFile());
            }
            default -> throw new IllegalArgumentException(
                    "keyless.ca.timestamp.signer.type must be development or file, got " + signer.type());
        };
        TimestampAuthority tsa = new TimestampAuthority(material.key(), material.chain(), props.policy(), clock);
        log.info("timestamp authority {} (policy {})", material.chain().get(0).getSubjectX500Principal(), props.policy());
        return tsa;
    }
}
