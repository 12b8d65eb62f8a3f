package dev.keyless.ca.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Key rotation without restart ({@code keyless.ca.rotation.*}, docs/operations.md section 2).
 *
 * @param reloadInterval how often the CA's key and chain files are checked for a rotation ({@code file} and
 *     {@code development} signers; a PKCS#11 key rotates with a restart); 0 turns checking off. Default 30 seconds
 * @param retiredDir the chains rotations retired, listed in {@code trusted_root.json} with their end; unset,
 *     {@code <data-dir>/retired}
 */
@ConfigurationProperties("keyless.ca.rotation")
public record RotationProperties(@DefaultValue("30s") Duration reloadInterval, Path retiredDir) {
    public RotationProperties {
        if (reloadInterval.isNegative() || reloadInterval.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("keyless.ca.rotation.reload-interval is " + reloadInterval
                    + ", want 0 (off) to 1 hour");
        }
        retiredDir = retiredDir == null || retiredDir.toString().isEmpty() ? null : retiredDir;
    }

    /** The retired directory, {@code <data-dir>/retired} unless configured. */
    public Path retiredDir(Path dataDir) {
        return retiredDir != null ? retiredDir : dataDir.resolve("retired");
    }
}
