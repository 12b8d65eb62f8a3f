package dev.keyless.tlog.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Rekor v2 log ({@code keyless.tlog.rekor-v2.*}): a tree of its own whose checkpoints carry the bare
 * {@code keyless.tlog.hostname} as origin.
 *
 * @param enabled serve {@code POST /api/v2/log/entries} and the log's tiles
 * @param key PEM private key (P-256) of the v2 log; unset, {@code rekor-v2-key.pem} under the data directory, generated
 *     on first start. It must differ from the v1 key: clients tell logs apart by the hash of their key
 * @param keyPassword password of an encrypted {@code key}
 */
@ConfigurationProperties("keyless.tlog.rekor-v2")
public record RekorV2Properties(@DefaultValue("true") boolean enabled, Path key, String keyPassword) {
    @Override
    public String toString() {
        return "RekorV2Properties[enabled=" + enabled + ", key=" + key + "]"; // no password
    }
}
