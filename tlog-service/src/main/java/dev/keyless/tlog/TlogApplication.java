package dev.keyless.tlog;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** tlog-service: a Rekor v1-compatible transparency log and an RFC 6962 CT log on one PostgreSQL Merkle engine. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TlogApplication {
    public static void main(String[] args) {
        SpringApplication.run(TlogApplication.class, args);
    }
}
