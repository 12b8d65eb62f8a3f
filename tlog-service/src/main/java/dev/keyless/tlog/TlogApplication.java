package dev.keyless.tlog;

import dev.keyless.common.crypto.ThreadRandom;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** tlog-service: a Rekor v1-compatible transparency log and an RFC 6962 CT log on one PostgreSQL Merkle engine. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TlogApplication {
    static {
        // Bouncy Castle's own randomness (blinding in every ECDSA signature) from a per-thread DRBG, not the JDK's
        // default generator, whose one JVM-wide lock was the most contended monitor under load.
        ThreadRandom.installForBouncyCastle();
    }

    public static void main(String[] args) {
        SpringApplication.run(TlogApplication.class, args);
    }
}
