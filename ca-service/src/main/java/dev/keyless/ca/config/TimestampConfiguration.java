package dev.keyless.ca.config;

import dev.keyless.ca.issuance.Pkcs11Ca;
import dev.keyless.ca.rotation.Reloadable;
import dev.keyless.ca.timestamp.TimestampAuthority;
import dev.keyless.ca.timestamp.TsaKeys;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
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

    /** The timestamp authority in use: from files it follows them ({@link Reloadable}), so a rotation needs no restart. */
    @Bean
    Reloadable<TimestampAuthority> timestampAuthority(TimestampProperties props, CaProperties ca, Clock clock) {
        TimestampProperties.Signer signer = props.signer();
        Reloadable<TimestampAuthority> tsa = switch (signer.type()) {
            case "development" -> {
                TsaKeys.createDevelopmentIfMissing(ca.dataDir(), clock);
                Path key = TsaKeys.keyFile(ca.dataDir());
                yield new Reloadable<>(key, TsaKeys.chainFile(ca.dataDir()),
                        chain -> new TimestampAuthority(TsaKeys.load(key, null, chain), props.policy(), clock));
            }
            case "file" -> {
                if (signer.keyFile() == null || signer.chainFile() == null) {
                    throw new IllegalArgumentException("keyless.ca.timestamp.signer.type=file needs key-file and chain-file");
                }
                yield new Reloadable<>(signer.keyFile(), signer.chainFile(), chain -> new TimestampAuthority(
                        TsaKeys.load(signer.keyFile(), signer.keyPassword(), chain), props.policy(), clock));
            }
            case "pkcs11" -> {
                CaProperties.Pkcs11 p = signer.pkcs11();
                if (p == null || p.library() == null || signer.chainFile() == null) {
                    throw new IllegalArgumentException("keyless.ca.timestamp.signer.type=pkcs11 needs pkcs11.library and "
                            + "chain-file (and pkcs11.pin or pkcs11.pin-env)");
                }
                char[] pin = Pkcs11Signers.pin(p, System::getenv, "keyless.ca.timestamp.signer.pkcs11").toCharArray();
                try {
                    yield Reloadable.fixed(new TimestampAuthority(TsaKeys.loadPkcs11(new Pkcs11Ca.Settings(p.library(),
                            p.slot(), p.slotListIndex(), p.keyLabel()), pin, signer.chainFile()), props.policy(), clock));
                } finally {
                    Arrays.fill(pin, '\0');
                }
            }
            default -> throw new IllegalArgumentException(
                    "keyless.ca.timestamp.signer.type must be development, file or pkcs11, got " + signer.type());
        };
        log.info("timestamp authority {} (policy {})", tsa.current().chain().get(0).getSubjectX500Principal(),
                props.policy());
        return tsa;
    }
}
