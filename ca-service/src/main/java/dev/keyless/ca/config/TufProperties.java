package dev.keyless.ca.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The TUF repository ca-service serves at {@code /tuf/} ({@code keyless.ca.tuf.*}), so clients get the trust files
 * through TUF: {@code cosign initialize --mirror https://<ca>/tuf --root <1.root.json>}.
 *
 * @param repositoryDir the repository's directory, as {@code ./dev tuf init} writes it ({@code N.root.json},
 *     {@code timestamp.json}, {@code N.snapshot.json}, {@code N.targets.json}, {@code targets/}); unset, nothing is
 *     served at {@code /tuf/}
 * @param onlineKeysDir the snapshot and timestamp keys ({@code ./dev tuf init}'s {@code --online-keys}); when set,
 *     ca-service signs the timestamp and snapshot again before they expire. Unset, an operator must run
 *     {@code ./dev tuf refresh} at least daily, or clients refuse the expired timestamp
 * @param checkInterval how often the expiry is checked (1 second to 1 day; default 10 minutes)
 */
@ConfigurationProperties("keyless.ca.tuf")
public record TufProperties(Path repositoryDir, Path onlineKeysDir, @DefaultValue("10m") Duration checkInterval) {
    public TufProperties {
        repositoryDir = repositoryDir == null || repositoryDir.toString().isEmpty() ? null : repositoryDir;
        onlineKeysDir = onlineKeysDir == null || onlineKeysDir.toString().isEmpty() ? null : onlineKeysDir;
        if (checkInterval.compareTo(Duration.ofSeconds(1)) < 0 || checkInterval.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("keyless.ca.tuf.check-interval is " + checkInterval
                    + ", want 1 second to 1 day");
        }
        if (onlineKeysDir != null && repositoryDir == null) {
            throw new IllegalArgumentException("keyless.ca.tuf.online-keys-dir is set without keyless.ca.tuf.repository-dir");
        }
    }
}
