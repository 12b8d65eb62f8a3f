package dev.keyless.ca.web;

import dev.keyless.ca.trust.TrustRootSource;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /trusted_root.json} and {@code GET /signing_config.json}: the two files clients are configured with,
 * built from the live configuration (the names are the TUF target names clients know).
 */
@RestController
public class TrustRootController {
    private final TrustRootSource source;

    public TrustRootController(TrustRootSource source) {
        this.source = source;
    }

    @GetMapping(path = "/trusted_root.json", produces = MediaType.APPLICATION_JSON_VALUE)
    public String trustedRoot() {
        return source.current().trustedRootJson();
    }

    @GetMapping(path = "/signing_config.json", produces = MediaType.APPLICATION_JSON_VALUE)
    public String signingConfig() {
        return source.current().signingConfigJson();
    }
}
