package dev.keyless.tlog.ct;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the RFC 6962 CT log personality ({@code keyless.tlog.ct.*}).
 *
 * @param key the CT log key: a PEM ECDSA P-256 private key file (PKCS#8, encrypted PKCS#8 or SEC1); when unset,
 *        {@code ct-key.pem} under {@code keyless.tlog.data-dir}, generated on first start
 * @param keyPassword password of an encrypted {@code key}
 * @param roots PEM files (each one or more {@code CERTIFICATE} blocks) of the accepted roots: every submitted
 *        chain must end in, or be issued by, one of them. With none, every submission is refused.
 * @param maxChain the most certificates a chain may hold, root included (at most {@value #MAX_CHAIN})
 */
@ConfigurationProperties("keyless.tlog.ct")
public record CtProperties(
        Path key,
        String keyPassword,
        @DefaultValue List<Path> roots,
        @DefaultValue("10") int maxChain) {
    /** Upper bound of {@code max-chain}, the bound Rekor applies to certificate chains too (rekor#823). */
    public static final int MAX_CHAIN = 10;

    public CtProperties {
        roots = roots == null ? List.of() : List.copyOf(roots);
        if (maxChain < 2 || maxChain > MAX_CHAIN) {
            throw new IllegalArgumentException("keyless.tlog.ct.max-chain must be 2.." + MAX_CHAIN);
        }
    }
}
