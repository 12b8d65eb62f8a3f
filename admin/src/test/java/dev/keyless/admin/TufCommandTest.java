package dev.keyless.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.tuf.RoleKeys;
import dev.keyless.tuf.TufRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's commands as docs/operations.md describes them: init with key counts and thresholds (offline keys
 * encrypted under the passphrase, online keys apart), rotate keeping the role's shape and moving the old key files to
 * retired/, and bad role specifications refused.
 */
class TufCommandTest {
    static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;

    Map<String, String> options(String... kv) throws Exception {
        Files.writeString(dir.resolve("trusted_root.json"), "{\"mediaType\":\"tr\"}");
        Files.writeString(dir.resolve("signing_config.json"), "{\"mediaType\":\"sc\"}");
        Map<String, String> opt = new HashMap<>(Map.of("repo", dir.resolve("repo").toString(), "keys",
                dir.resolve("keys").toString(), "trusted-root", dir.resolve("trusted_root.json").toString(),
                "signing-config", dir.resolve("signing_config.json").toString()));
        for (int i = 0; i < kv.length; i += 2) {
            opt.put(kv[i], kv[i + 1]);
        }
        return opt;
    }

    static long pemFiles(Path d, String prefix) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).count();
        }
    }

    @Test
    void initWithThresholdsThenRotateKeepsTheShapeAndRetiresTheOldKeys() throws Exception {
        char[] pass = "s3cret".toCharArray();
        String out = TufCommand.run("init", options("key-count", "root=3", "threshold", "root=2"), pass, NOW);
        assertThat(out).contains("latest root").doesNotContain("not encrypted");
        Path keys = dir.resolve("keys");
        assertThat(pemFiles(keys, "root-")).isEqualTo(3);
        assertThat(pemFiles(keys.resolve("online"), "timestamp-")).isEqualTo(1);
        assertThat(Files.readString(Files.list(keys).filter(p -> p.toString().endsWith(".pem")).findFirst().orElseThrow()))
                .contains("ENCRYPTED PRIVATE KEY");

        out = TufCommand.run("rotate", options("role", "root"), pass, NOW.plusSeconds(60));
        assertThat(out).contains("root version 2: root keys rotated (2 of 3)");
        assertThat(pemFiles(keys, "root-")).isEqualTo(3);
        assertThat(pemFiles(keys.resolve("retired"), "root-")).isEqualTo(3);
        TufRepository repo = new TufRepository(dir.resolve("repo"));
        assertThat(repo.roleShape("root")).isEqualTo(new TufRepository.RoleShape(3, 2));
        assertThat(RoleKeys.read(keys, keys.resolve("online"), pass).signers("root")).extracting(RoleKeys::keyId)
                .containsExactlyInAnyOrderElementsOf(repo.keyIdsOf("root"));

        out = TufCommand.run("refresh", options(), null, NOW.plusSeconds(120));
        assertThat(out).contains("timestamp unchanged");
        out = TufCommand.run("publish", options(), pass, NOW.plusSeconds(180));
        assertThat(out).contains("targets unchanged, timestamp version 2");
    }

    @Test
    void withoutAPassphraseInitWarnsThatTheOfflineKeysAreInTheClear() throws Exception {
        assertThat(TufCommand.run("init", options(), null, NOW)).contains("are not encrypted (set KEYLESS_TUF_PASSPHRASE");
    }

    @Test
    void badRoleSpecificationsAreRefused() {
        for (String bad : new String[] {"root", "root=0", "admin=1", "root=x", "root=100"}) {
            assertThatThrownBy(() -> TufCommand.roleNumbers(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(TufCommand.roleNumbers("root=2,targets=1")).isEqualTo(Map.of("root", 2, "targets", 1));
    }
}
