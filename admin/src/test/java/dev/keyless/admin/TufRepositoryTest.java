package dev.keyless.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.tuf.TufMetadata;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The repository's versions as clients follow them: every role signed by the key its root lists; publish bumps only
 * the timestamp when nothing changed, targets and snapshot when a file changed or they near expiry; init on an
 * existing repository and publish without a role's key are refused (either would show clients a rollback or
 * signatures by unlisted keys).
 */
class TufRepositoryTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;

    Map<String, byte[]> files(String root) {
        Map<String, byte[]> t = new LinkedHashMap<>();
        t.put("trusted_root.json", root.getBytes(StandardCharsets.UTF_8));
        t.put("signing_config.v0.2.json", "{\"mediaType\":\"sc\"}".getBytes(StandardCharsets.UTF_8));
        return t;
    }

    Map<String, Object> read(Path repo, String name) throws Exception {
        return JSON.readValue(Files.readAllBytes(repo.resolve(name)), new TypeReference<Map<String, Object>>() {
        });
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> signed(Map<String, Object> envelope) {
        return (Map<String, Object>) envelope.get("signed");
    }

    @SuppressWarnings("unchecked")
    int versionOf(Path repo, String name) throws Exception {
        return ((Number) signed(read(repo, name)).get("version")).intValue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyRoleIsSignedByTheKeyItsRootListsAndVersionsMoveAsClientsExpect() throws Exception {
        Path repo = dir.resolve("repo");
        Path keys = dir.resolve("keys");
        new TufRepository(repo, keys, NOW).init(files("{\"v\":1}"));
        Map<String, Object> root = read(repo, "1.root.json");
        Map<String, PublicKey> byId = new HashMap<>();
        ((Map<String, Object>) signed(root).get("keys")).forEach((id, k) -> byId.put(id,
                PublicKeys.parsePem((String) ((Map<String, Object>) ((Map<String, Object>) k).get("keyval")).get("public"))));
        for (String name : List.of("1.root.json", "1.targets.json", "1.snapshot.json", "timestamp.json")) {
            Map<String, Object> m = read(repo, name);
            assertThat(TufMetadata.validSignatures(signed(m), (List<Map<String, Object>>) m.get("signatures"), byId))
                    .as(name).isEqualTo(1);
        }
        assertThat(Files.list(repo.resolve("targets")).count()).isEqualTo(2);

        new TufRepository(repo, keys, NOW.plusSeconds(60)).publish(files("{\"v\":1}"));
        assertThat(versionOf(repo, "timestamp.json")).isEqualTo(2);
        assertThat(Files.exists(repo.resolve("2.targets.json"))).as("nothing changed").isFalse();

        new TufRepository(repo, keys, NOW.plusSeconds(120)).publish(files("{\"v\":2}"));
        assertThat(versionOf(repo, "2.targets.json")).isEqualTo(2);
        assertThat(versionOf(repo, "2.snapshot.json")).isEqualTo(2);
        assertThat(versionOf(repo, "timestamp.json")).isEqualTo(3);

        // Unchanged, but the targets would expire within 30 days: signed again.
        new TufRepository(repo, keys, NOW.plus(TufRepository.TARGETS_EXPIRY).minus(Duration.ofDays(10)))
                .publish(files("{\"v\":2}"));
        assertThat(Files.exists(repo.resolve("3.targets.json"))).isTrue();
    }

    @Test
    void initOnARepositoryAndPublishWithoutAKeyAreRefused() throws Exception {
        Path repo = dir.resolve("repo");
        Path keys = dir.resolve("keys");
        new TufRepository(repo, keys, NOW).init(files("{}"));
        assertThatThrownBy(() -> new TufRepository(repo, keys, NOW).init(files("{}")))
                .hasMessageContaining("already holds a TUF repository");
        Files.delete(keys.resolve("snapshot.pem"));
        assertThatThrownBy(() -> new TufRepository(repo, keys, NOW).publish(files("{\"x\":1}")))
                .hasMessageContaining("no snapshot key");
        assertThat(Files.exists(keys.resolve("snapshot.pem"))).as("not silently replaced").isFalse();
    }
}
