package dev.keyless.admin.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.PrivateKeys;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorCommandTest {
    static final SecureRandom RANDOM = new SecureRandom();

    static PublicKey ec() {
        return EcdsaSigner.of(PrivateKeys.generateEc(EcCurve.P256, RANDOM)).publicKey();
    }

    static String tlog(String url, PublicKey key, String validFor) {
        return "{\"baseUrl\":\"" + url + "\",\"publicKey\":{\"rawBytes\":\""
                + Base64.getEncoder().encodeToString(key.getEncoded()) + "\",\"validFor\":" + validFor + "}}";
    }

    /** As ./dev run's trusted_root.json: a retired v1 key, the current v1 key and the v2 key, all for one URL. */
    @Test
    void everyCurrentEcdsaKeyForTheUrlIsACandidateAndOnlyThose(@TempDir Path dir) throws Exception {
        PublicKey retired = ec();
        PublicKey v1 = ec();
        PublicKey v2 = ec();
        PublicKey ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
        PublicKey elsewhere = ec();
        PublicKey inGrace = ec();
        String open = "{\"start\":\"2026-01-01T00:00:00Z\"}";
        Path root = Files.writeString(dir.resolve("trusted_root.json"), "{\"tlogs\":["
                + tlog("http://localhost:3000", retired, "{\"start\":\"2026-01-01T00:00:00Z\",\"end\":\"2026-02-01T00:00:00Z\"}") + ","
                + tlog("http://localhost:3000", v1, open) + ","
                + tlog("http://localhost:3000/", v2, open) + ","
                + tlog("http://localhost:3000", ed25519, open) + ","
                + tlog("http://other:3000", elsewhere, open) + ","
                + tlog("http://localhost:3000", inGrace, "{\"start\":\"2026-01-01T00:00:00Z\",\"end\":\"2026-03-01T00:02:00Z\"}")
                + "]}");
        Instant now = Instant.parse("2026-03-01T00:00:00Z");
        assertThat(MonitorCommand.keysFrom(root, "tlogs", URI.create("http://localhost:3000"), now))
                .as("a rotated key during its grace is still current").containsExactly(v1, v2, inGrace);
        assertThat(MonitorCommand.keysFrom(root, "tlogs", URI.create("http://localhost:3000"), now.plusSeconds(120)))
                .containsExactly(v1, v2);
        assertThatThrownBy(() -> MonitorCommand.keysFrom(root, "tlogs", URI.create("http://unknown:3000"), now))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no current ECDSA key");
    }
}
