package dev.keyless.tuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.tuf.TufMetadata;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The repository's versions and signatures as TUF clients check them (tuf.md §1, §2, §7): every role signed by a
 * threshold of the keys the latest root lists; publish bumps only the timestamp when nothing changed; the online
 * refresh re-signs only what nears expiry or was left signed by a rotated key; root N+1 needs a threshold of version
 * N's root keys and of its own, and nothing is written below it.
 */
class TufRepositoryTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    Path repoDir() {
        return dir.resolve("repo");
    }

    Path offline() {
        return dir.resolve("keys");
    }

    Path online() {
        return dir.resolve("keys/online");
    }

    static List<Target> files(String trustedRoot) {
        return List.of(new Target("trusted_root.json", trustedRoot.getBytes(StandardCharsets.UTF_8)),
                new Target("signing_config.v0.2.json", "{\"mediaType\":\"sc\"}".getBytes(StandardCharsets.UTF_8)));
    }

    Map<String, Object> read(String name) throws Exception {
        return JSON.readValue(Files.readAllBytes(repoDir().resolve(name)), new TypeReference<Map<String, Object>>() {
        });
    }

    int versionOf(String name) throws Exception {
        return TufFiles.version(TufFiles.signed(read(name)));
    }

    RoleKeys keys() throws Exception {
        return RoleKeys.read(offline(), online(), null);
    }

    TufRepository initialized(Map<String, Integer> counts, Map<String, Integer> thresholds) throws Exception {
        for (String role : RoleKeys.ROLES) {
            RoleKeys.generate(role, counts.getOrDefault(role, 1), offline(), online(), null, RANDOM);
        }
        TufRepository repo = new TufRepository(repoDir());
        repo.init(keys(), thresholds, files("{\"v\":1}"), NOW);
        return repo;
    }

    /** Valid signatures on {@code name} by the keys {@code rootName} lists for {@code role}. */
    int signaturesBy(String rootName, String role, String name) throws Exception {
        Map<String, Object> root = TufFiles.signed(read(rootName));
        Map<String, Object> m = read(name);
        return TufMetadata.validSignatures(TufFiles.signed(m), TufFiles.signatures(m), TufFiles.publicKeys(root, role));
    }

    @Test
    void everyRoleIsSignedByTheKeysItsRootListsAndPublishMovesVersionsAsClientsExpect() throws Exception {
        TufRepository repo = initialized(Map.of("root", 3), Map.of("root", 2));
        assertThat(TufFiles.threshold(TufFiles.signed(read("1.root.json")), "root")).isEqualTo(2);
        assertThat(signaturesBy("1.root.json", "root", "1.root.json")).isEqualTo(3);
        for (String[] r : new String[][] {{"targets", "1.targets.json"}, {"snapshot", "1.snapshot.json"},
                {"timestamp", "timestamp.json"}}) {
            assertThat(signaturesBy("1.root.json", r[0], r[1])).as(r[1]).isEqualTo(1);
        }
        assertThat(Files.list(repoDir().resolve("targets")).count()).isEqualTo(2);

        assertThat(repo.publish(keys(), files("{\"v\":1}"), NOW.plusSeconds(60)))
                .isEqualTo(new TufRepository.Published(0, 0, 2, List.of()));
        assertThat(Files.exists(repoDir().resolve("2.targets.json"))).as("nothing changed").isFalse();

        assertThat(repo.publish(keys(), files("{\"v\":2}"), NOW.plusSeconds(120)))
                .isEqualTo(new TufRepository.Published(2, 2, 3, List.of()));
        assertThat(versionOf("2.targets.json")).isEqualTo(2);
        assertThat(TufFiles.metaVersion(read("timestamp.json"), "snapshot.json")).isEqualTo(2);

        // Unchanged, but the targets would expire within 30 days: signed again.
        Instant late = NOW.plus(Expiries.DEFAULT.targets()).minus(Duration.ofDays(10));
        assertThat(repo.publish(keys(), files("{\"v\":2}"), late).targets()).isEqualTo(3);
    }

    @Test
    void theOnlineRefreshResignsOnlyWhatNearsExpiryAndNeverTheTargets() throws Exception {
        TufRepository repo = initialized(Map.of(), Map.of());
        RoleKeys onlineOnly = RoleKeys.read(null, online(), null);
        assertThat(repo.refreshOnline(onlineOnly, NOW.plus(Duration.ofHours(1))))
                .isEqualTo(new TufRepository.Published(0, 0, 0, List.of()));
        // A day later the timestamp has less than six days left: signed again, the snapshot kept.
        assertThat(repo.refreshOnline(onlineOnly, NOW.plus(Duration.ofDays(1)).plusSeconds(1)))
                .isEqualTo(new TufRepository.Published(0, 0, 2, List.of()));
        // Two weeks later the snapshot (21 days) has less than seven left: both signed again.
        assertThat(repo.refreshOnline(onlineOnly, NOW.plus(Duration.ofDays(15))))
                .isEqualTo(new TufRepository.Published(0, 2, 3, List.of()));
        assertThat(versionOf("2.snapshot.json")).isEqualTo(2);
        // Near the targets' expiry: the online keys cannot sign them, the operator is told.
        TufRepository.Published late = repo.refreshOnline(onlineOnly, NOW.plus(Duration.ofDays(70)));
        assertThat(late.targets()).isZero();
        assertThat(late.warnings()).singleElement().asString().contains("publish with the targets key");
        assertThat(Files.exists(repoDir().resolve("2.targets.json"))).isFalse();
        // An empty directory is left alone.
        assertThat(new TufRepository(dir.resolve("empty")).refreshOnline(onlineOnly, NOW))
                .isEqualTo(new TufRepository.Published(0, 0, 0, List.of()));
    }

    @Test
    void aNewRootNeedsAThresholdOfTheOldRootKeysAndOfItsOwnAndNothingIsWrittenBelow() throws Exception {
        TufRepository repo = initialized(Map.of("root", 3), Map.of("root", 2));
        List<Path> rootFiles;
        try (Stream<Path> s = Files.list(offline())) {
            rootFiles = s.filter(p -> p.getFileName().toString().startsWith("root-")).sorted().toList();
        }
        // Only one of the three root keys at hand: below the threshold of 2.
        Path aside = Files.createDirectories(dir.resolve("aside"));
        Files.move(rootFiles.get(1), aside.resolve("a.pem"));
        Files.move(rootFiles.get(2), aside.resolve("b.pem"));
        List<EcdsaSigner> fresh = RoleKeys.generate("root", 2, dir.resolve("new"), null, null, RANDOM);
        assertThatThrownBy(() -> repo.newRoot("root", fresh, 2, keys(), NOW))
                .hasMessageContaining("needs 2 signatures by root version 1's keys");
        assertThat(repo.latestRootVersion()).isEqualTo(1);

        Files.move(aside.resolve("a.pem"), rootFiles.get(1));
        assertThat(repo.newRoot("root", fresh, 2, keys(), NOW)).isEqualTo(2);
        assertThat(signaturesBy("1.root.json", "root", "2.root.json")).as("old threshold").isEqualTo(2);
        assertThat(signaturesBy("2.root.json", "root", "2.root.json")).as("new threshold").isEqualTo(2);
        assertThat(TufFiles.keyIds(TufFiles.signed(read("2.root.json")), "root"))
                .containsExactlyElementsOf(fresh.stream().map(RoleKeys::keyId).toList());

        // Version 3 needs the new keys: the old ones no longer count.
        assertThatThrownBy(() -> repo.newRoot(null, List.of(), 0, keys(), NOW))
                .hasMessageContaining("needs 2 signatures by root version 2's keys");
        assertThat(repo.newRoot(null, List.of(), 0, RoleKeys.none().plus("root", fresh), NOW)).isEqualTo(3);
    }

    @Test
    void rotatingAnOnlineOrTargetsKeySignsTheirMetadataAgainWithTheNewKey() throws Exception {
        TufRepository repo = initialized(Map.of(), Map.of());
        RoleKeys before = keys();
        List<EcdsaSigner> timestamp = RoleKeys.generate("timestamp", 1, offline(), online(), null, RANDOM);
        assertThat(repo.newRoot("timestamp", timestamp, 1, before, NOW.plusSeconds(10))).isEqualTo(2);
        assertThat(signaturesBy("2.root.json", "timestamp", "timestamp.json")).isEqualTo(1);
        assertThat(signaturesBy("1.root.json", "timestamp", "timestamp.json")).as("old key unused").isZero();
        assertThat(versionOf("timestamp.json")).isEqualTo(2);

        // The service with only the old online key cannot sign: refused, nothing written.
        Path oldOnline = dir.resolve("old-online");
        Files.createDirectories(oldOnline);
        for (EcdsaSigner s : before.signers("timestamp")) {
            Files.copy(online().resolve("timestamp-" + RoleKeys.keyId(s).substring(0, 16) + ".pem"),
                    oldOnline.resolve("timestamp-old.pem"));
        }
        for (EcdsaSigner s : before.signers("snapshot")) {
            Files.copy(online().resolve("snapshot-" + RoleKeys.keyId(s).substring(0, 16) + ".pem"),
                    oldOnline.resolve("snapshot-old.pem"));
        }
        assertThatThrownBy(() -> repo.refreshOnline(RoleKeys.read(null, oldOnline, null), NOW.plus(Duration.ofDays(2))))
                .hasMessageContaining("timestamp needs 1 signatures");
        assertThat(versionOf("timestamp.json")).isEqualTo(2);

        List<EcdsaSigner> targets = RoleKeys.generate("targets", 1, offline(), online(), null, RANDOM);
        assertThat(repo.newRoot("targets", targets, 1, keys(), NOW.plusSeconds(20))).isEqualTo(3);
        assertThat(versionOf("2.targets.json")).isEqualTo(2);
        assertThat(signaturesBy("3.root.json", "targets", "2.targets.json")).isEqualTo(1);
        assertThat(TufFiles.signed(read("2.targets.json")).get("targets"))
                .isEqualTo(TufFiles.signed(read("1.targets.json")).get("targets"));
        RoleKeys.retireAllBut("targets", Set.copyOf(repo.keyIdsOf("targets")), offline(), online(), null);
        assertThat(keys().signers("targets")).extracting(RoleKeys::keyId).containsExactly(RoleKeys.keyId(targets.get(0)));
    }

    @Test
    void encryptedOfflineKeysNeedThePassphraseAndOnlineKeysAreNeverEncrypted() throws Exception {
        char[] pass = "correct horse".toCharArray();
        RoleKeys.generate("root", 1, offline(), online(), pass, RANDOM);
        RoleKeys.generate("timestamp", 1, offline(), online(), pass, RANDOM);
        try (Stream<Path> s = Files.list(offline())) {
            assertThat(Files.readString(s.filter(Files::isRegularFile).findFirst().orElseThrow()))
                    .contains("ENCRYPTED PRIVATE KEY");
        }
        try (Stream<Path> s = Files.list(online())) {
            assertThat(Files.readString(s.findFirst().orElseThrow())).contains("BEGIN PRIVATE KEY");
        }
        assertThatThrownBy(() -> RoleKeys.read(offline(), online(), null))
                .hasMessageContaining("set " + RoleKeys.PASSPHRASE_ENV);
        assertThatThrownBy(() -> RoleKeys.read(offline(), online(), "wrong".toCharArray()))
                .hasMessageContaining("wrong password").hasMessageNotContaining("correct horse");
        assertThat(RoleKeys.read(offline(), online(), pass).signers("root")).hasSize(1);
    }

    @Test
    void initOnARepositoryAndPublishWithoutAKeyAreRefused() throws Exception {
        TufRepository repo = initialized(Map.of(), Map.of());
        assertThatThrownBy(() -> repo.init(keys(), Map.of(), files("{}"), NOW))
                .hasMessageContaining("already holds a TUF repository");
        RoleKeys withoutSnapshot = RoleKeys.read(offline(), dir.resolve("nowhere"), null);
        assertThatThrownBy(() -> repo.publish(withoutSnapshot, files("{\"x\":1}"), NOW))
                .hasMessageContaining("snapshot needs 1 signatures");
        assertThatThrownBy(() -> repo.init(keys(), Map.of("root", 2), files("{}"), NOW))
                .hasMessageContaining("already holds");
        assertThat(new TufRepository(repoDir()).currentTargets()).extracting(Target::name)
                .containsExactly("trusted_root.json", "signing_config.v0.2.json");
    }

    @Test
    void aThresholdAboveTheKeyCountIsRefusedAtInit() throws Exception {
        for (String role : RoleKeys.ROLES) {
            RoleKeys.generate(role, 1, offline(), online(), null, RANDOM);
        }
        assertThatThrownBy(() -> new TufRepository(repoDir()).init(keys(), Map.of("targets", 2), files("{}"), NOW))
                .hasMessageContaining("targets threshold is 2, want 1 to its 1 keys");
        assertThat(Files.exists(repoDir().resolve("1.root.json"))).isFalse();
    }

    @Test
    void theRootListsPublicKeysThatMatchTheKeyFiles() throws Exception {
        initialized(Map.of(), Map.of());
        Map<String, PublicKey> listed = new HashMap<>();
        for (String role : RoleKeys.ROLES) {
            listed.putAll(TufFiles.publicKeys(TufFiles.signed(read("1.root.json")), role));
        }
        for (String role : RoleKeys.ROLES) {
            for (EcdsaSigner s : keys().signers(role)) {
                assertThat(PublicKeys.toDer(listed.get(RoleKeys.keyId(s)))).isEqualTo(PublicKeys.toDer(s.publicKey()));
            }
        }
    }
}
