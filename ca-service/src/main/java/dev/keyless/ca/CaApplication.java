package dev.keyless.ca;

import dev.keyless.common.crypto.ThreadRandom;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Fulcio-compatible certificate authority. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CaApplication {
    static {
        // Bouncy Castle's own randomness (blinding in every ECDSA signature) from a per-thread DRBG, not the JDK's
        // default generator, whose one JVM-wide lock was the most contended monitor under load.
        ThreadRandom.installForBouncyCastle();
    }

    public static void main(String[] args) {
        SpringApplication.run(CaApplication.class, args);
    }
}
