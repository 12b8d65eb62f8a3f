package dev.keyless.ca;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Fulcio-compatible certificate authority. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CaApplication {
    public static void main(String[] args) {
        SpringApplication.run(CaApplication.class, args);
    }
}
