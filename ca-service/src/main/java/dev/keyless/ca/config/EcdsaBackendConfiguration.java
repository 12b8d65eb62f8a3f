package dev.keyless.ca.config;

import dev.keyless.common.crypto.EcdsaBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;

/**
 * Picks where ECDSA runs ({@code keyless.crypto.ecdsa}: {@code auto}, {@code native} or {@code bouncycastle};
 * see {@link EcdsaBackend}). Signatures and verdicts are the same either way; the native provider uses a fraction
 * of the CPU per signature (docs/benchmarks.md, "ECDSA").
 */
@Configuration(proxyBeanMethods = false)
public class EcdsaBackendConfiguration {
    private static final Logger log = LoggerFactory.getLogger(EcdsaBackendConfiguration.class);

    public EcdsaBackendConfiguration(@Value("${keyless.crypto.ecdsa:auto}") String mode) {
        log.info(EcdsaBackend.configure(mode));
    }
}
