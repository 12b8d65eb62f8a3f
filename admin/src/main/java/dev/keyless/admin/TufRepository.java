package dev.keyless.admin;

import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.tuf.TufMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A TUF repository for the Sigstore trust files (tuf.md), laid out as clients fetch it with consistent snapshots:
 * {@code N.root.json} (every version kept), {@code timestamp.json}, {@code N.snapshot.json}, {@code N.targets.json},
 * and {@code targets/<sha256>.<name>} for {@code trusted_root.json} and {@code signing_config.v0.2.json}. One ECDSA
 * P-256 key per role, threshold 1. Root and targets keys are meant to be kept offline; snapshot and timestamp are
 * the online ones.
 *
 * <pre>
 * ./dev tuf init    --repo data/tuf --keys data/tuf-keys --trusted-root trusted_root.json --signing-config signing_config.json
 * ./dev tuf publish --repo data/tuf --keys data/tuf-keys --trusted-root trusted_root.json --signing-config signing_config.json
 * </pre>
 *
 * <p>{@code publish} signs a new targets version when a file changed or the targets expire within
 * {@link #RENEW_BEFORE}, then a new snapshot and timestamp; otherwise it re-signs only the timestamp (what keeps
 * clients from refusing an expired one). {@code init} refuses an existing repository, and {@code publish} a missing
 * key: either would make clients see a rollback or metadata signed by keys the root does not list.
 */
public final class TufRepository {
    static final String[] ROLES = {"root", "targets", "snapshot", "timestamp"};
    static final Duration ROOT_EXPIRY = Duration.ofDays(365);
    static final Duration TARGETS_EXPIRY = Duration.ofDays(90);
    static final Duration TIMESTAMP_EXPIRY = Duration.ofDays(7);
    /** Targets and snapshot are signed again when they expire sooner than this. */
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path repo;
    private final Path keys;
    private final Instant now;

    public TufRepository(Path repo, Path keys, Instant now) {
        this.repo = repo;
        this.keys = keys;
        this.now = now.truncatedTo(ChronoUnit.SECONDS);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !(args[0].equals("init") || args[0].equals("publish"))) {
            System.err.println("usage: tuf init|publish --repo DIR --keys DIR --trusted-root FILE --signing-config FILE");
            System.exit(2);
        }
        Map<String, String> opt = TrustRootCommand.parse(Arrays.copyOfRange(args, 1, args.length));
        TufRepository r = new TufRepository(Path.of(opt.getOrDefault("repo", "data/tuf")),
                Path.of(opt.getOrDefault("keys", "data/tuf-keys")), Instant.now());
        Map<String, byte[]> targets = targetFiles(Path.of(opt.getOrDefault("trusted-root", "trusted_root.json")),
                Path.of(opt.getOrDefault("signing-config", "signing_config.json")));
        if (args[0].equals("init")) {
            r.init(targets);
        } else {
            r.publish(targets);
        }
        System.out.println("TUF repository " + r.repo + ": root " + r.repo.resolve(r.latestRootVersion() + ".root.json"));
    }

    /** The two Sigstore targets under the names clients ask for. */
    public static Map<String, byte[]> targetFiles(Path trustedRoot, Path signingConfig) throws IOException {
        Map<String, byte[]> t = new LinkedHashMap<>();
        t.put("trusted_root.json", Files.readAllBytes(trustedRoot));
        t.put("signing_config.v0.2.json", Files.readAllBytes(signingConfig));
        return t;
    }

    /** Creates the keys (if missing) and version 1 of every role. */
    public void init(Map<String, byte[]> targets) throws IOException {
        if (Files.exists(repo.resolve("1.root.json"))) {
            throw new IllegalStateException(repo + " already holds a TUF repository: publish to it instead");
        }
        Files.createDirectories(repo.resolve("targets"));
        Map<String, EcdsaSigner> signers = signers(true);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("_type", "root");
        root.put("spec_version", "1.0");
        root.put("version", 1);
        root.put("expires", (now.plus(ROOT_EXPIRY)).toString());
        root.put("consistent_snapshot", true);
        Map<String, Object> keyObjects = new LinkedHashMap<>();
        Map<String, Object> roles = new LinkedHashMap<>();
        for (String role : ROLES) {
            Map<String, Object> key = TufMetadata.ecdsaKey(signers.get(role).publicKey());
            String id = TufMetadata.keyId(key);
            keyObjects.put(id, key);
            roles.put(role, Map.of("keyids", List.of(id), "threshold", 1));
        }
        root.put("keys", keyObjects);
        root.put("roles", roles);
        write("1.root.json", TufMetadata.sign(root, List.of(signers.get("root"))));
        publishTargets(targets, 1, signers);
    }

    /** New targets (only if a file changed), snapshot and timestamp versions. */
    public void publish(Map<String, byte[]> targets) throws IOException {
        Map<String, EcdsaSigner> signers = signers(false);
        Map<String, Object> timestamp = read("timestamp.json");
        int snapshotVersion = version(meta(timestamp, "snapshot.json"));
        Map<String, Object> snapshot = read(snapshotVersion + ".snapshot.json");
        int targetsVersion = version(meta(snapshot, "targets.json"));
        Map<String, Object> current = read(targetsVersion + ".targets.json");
        Instant targetsExpire = Instant.parse((String) signedOf(current).get("expires"));
        if (targetsMap(targets).equals(signedOf(current).get("targets")) && targetsExpire.isAfter(now.plus(RENEW_BEFORE))) {
            writeTimestamp(snapshotVersion, version(signedOf(timestamp)) + 1, signers);
            return;
        }
        publishTargets(targets, targetsVersion + 1, signers);
    }

    private void publishTargets(Map<String, byte[]> targets, int targetsVersion, Map<String, EcdsaSigner> signers)
            throws IOException {
        for (Map.Entry<String, byte[]> t : targets.entrySet()) {
            Files.write(repo.resolve("targets").resolve(Hash.sha256(t.getValue()).toHex() + "." + t.getKey()), t.getValue());
        }
        Map<String, Object> signedTargets = new LinkedHashMap<>();
        signedTargets.put("_type", "targets");
        signedTargets.put("spec_version", "1.0");
        signedTargets.put("version", targetsVersion);
        signedTargets.put("expires", now.plus(TARGETS_EXPIRY).toString());
        signedTargets.put("targets", targetsMap(targets));
        write(targetsVersion + ".targets.json", TufMetadata.sign(signedTargets, List.of(signers.get("targets"))));

        int snapshotVersion = Files.exists(repo.resolve("timestamp.json"))
                ? version(meta(read("timestamp.json"), "snapshot.json")) + 1 : 1;
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("_type", "snapshot");
        snapshot.put("spec_version", "1.0");
        snapshot.put("version", snapshotVersion);
        snapshot.put("expires", now.plus(TARGETS_EXPIRY).toString());
        snapshot.put("meta", Map.of("targets.json", Map.of("version", targetsVersion)));
        write(snapshotVersion + ".snapshot.json", TufMetadata.sign(snapshot, List.of(signers.get("snapshot"))));
        int timestampVersion = Files.exists(repo.resolve("timestamp.json"))
                ? version(signedOf(read("timestamp.json"))) + 1 : 1;
        writeTimestamp(snapshotVersion, timestampVersion, signers);
    }

    private void writeTimestamp(int snapshotVersion, int version, Map<String, EcdsaSigner> signers) throws IOException {
        Map<String, Object> timestamp = new LinkedHashMap<>();
        timestamp.put("_type", "timestamp");
        timestamp.put("spec_version", "1.0");
        timestamp.put("version", version);
        timestamp.put("expires", now.plus(TIMESTAMP_EXPIRY).toString());
        timestamp.put("meta", Map.of("snapshot.json", Map.of("version", snapshotVersion)));
        write("timestamp.json", TufMetadata.sign(timestamp, List.of(signers.get("timestamp"))));
    }

    private static Map<String, Object> targetsMap(Map<String, byte[]> targets) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> t : targets.entrySet()) {
            m.put(t.getKey(), Map.of("length", t.getValue().length,
                    "hashes", Map.of("sha256", Hash.sha256(t.getValue()).toHex())));
        }
        return m;
    }

    int latestRootVersion() {
        int v = 1;
        while (Files.exists(repo.resolve((v + 1) + ".root.json"))) {
            v++;
        }
        return v;
    }

    /** One key per role under {@code keys}, created (owner-only PEM files) only when {@code create}. */
    private Map<String, EcdsaSigner> signers(boolean create) throws IOException {
        Files.createDirectories(keys);
        Map<String, EcdsaSigner> out = new LinkedHashMap<>();
        for (String role : ROLES) {
            Path file = keys.resolve(role + ".pem");
            if (!Files.exists(file)) {
                if (!create) {
                    throw new IllegalStateException("no " + role + " key at " + file + ": the repository's keys are lost "
                            + "or the key directory is wrong");
                }
                KeyPair pair = PrivateKeys.generateEc(EcCurve.P256, new SecureRandom());
                Path tmp = Files.createTempFile(keys, role, ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tmp, PrivateKeys.toPem(pair.getPrivate()), StandardCharsets.US_ASCII);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            }
            PrivateKey key = PrivateKeys.parsePem(Files.readString(file, StandardCharsets.US_ASCII));
            out.put(role, EcdsaSigner.of(new KeyPair(PrivateKeys.publicKeyOf(key), key)));
        }
        return out;
    }

    /**
     * Written as ordinary JSON, not in the canonical form: OLPC writes a PEM key's newlines raw inside the string,
     * which is not JSON (go-tuf, which cosign uses, refuses it). Clients re-canonicalize {@code signed} to verify.
     */
    private void write(String name, Map<String, Object> envelope) throws IOException {
        Path tmp = Files.createTempFile(repo, name, ".tmp");
        Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(envelope));
        Files.move(tmp, repo.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private Map<String, Object> read(String name) throws IOException {
        return JSON.readValue(Files.readAllBytes(repo.resolve(name)), new TypeReference<Map<String, Object>>() {
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> signedOf(Map<String, Object> envelope) {
        return (Map<String, Object>) envelope.get("signed");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> meta(Map<String, Object> envelope, String name) {
        return (Map<String, Object>) ((Map<String, Object>) signedOf(envelope).get("meta")).get(name);
    }

    private static int version(Map<String, Object> m) {
        return ((Number) m.get("version")).intValue();
    }
}
