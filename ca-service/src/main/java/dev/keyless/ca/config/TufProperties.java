package dev.keyless.ca.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The TUF repository ca-service serves at {@code /tuf/} ({@code keyless.ca.tuf.*}), so clients get the trust files
 * through TUF: {@code cosign initialize --mirror https://<ca>/tuf --root <1.root.json>}.
 *
 * @param repositoryDir the repository's directory, as {@code ./dev tuf init} writes it ({@code N.root.json},
 *     {@code timestamp.json}, {@code N.snapshot.json}, {@code N.targets.json}, {@code targets/}); unset, nothing is
 *     served at {@code /tuf/}
 */
@ConfigurationProperties("keyless.ca.tuf")
public record TufProperties(Path repositoryDir) {
    public TufProperties {
        repositoryDir = repositoryDir == null || repositoryDir.toString().isEmpty() ? null : repositoryDir;
    }
}
