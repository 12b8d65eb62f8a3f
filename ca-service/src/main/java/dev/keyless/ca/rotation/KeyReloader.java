package dev.keyless.ca.rotation;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the signing material's files (every {@code keyless.ca.rotation.reload-interval}) and switches to new material when a rotation wrote it
 * ({@link Reloadable}). A failed load is logged (the file names and the reason, never key bytes) and the material in
 * use stays; the next check tries again.
 */
public final class KeyReloader {
    private static final Logger log = LoggerFactory.getLogger(KeyReloader.class);

    private final Map<String, Reloadable<?>> material;

    /** @param material by what it is, for the log ("CA", "TSA") */
    public KeyReloader(Map<String, Reloadable<?>> material) {
        this.material = Map.copyOf(material);
    }

    /** One check of every material; returns how many switched. */
    public int check() {
        int switched = 0;
        for (Map.Entry<String, Reloadable<?>> m : material.entrySet()) {
            try {
                if (m.getValue().reloadIfChanged()) {
                    switched++;
                    log.info("{} rotated: now using {}", m.getKey(), m.getValue().current());
                }
            } catch (RuntimeException e) {
                log.error("{} files changed but do not load; still signing with the material loaded before: {}",
                        m.getKey(), e.getMessage());
            }
        }
        return switched;
    }
}
