package dev.keyless.tuf;

import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.tuf.TufMetadata;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The repository directory as clients fetch it (consistent snapshots, tuf.md §1): {@code N.root.json} for every
 * version, {@code timestamp.json}, {@code N.snapshot.json}, {@code N.targets.json}, {@code targets/<sha256>.<name>}.
 *
 * <p>Contract: every file MUST be written whole and then renamed into place, so a reader (the web server) never
 * sees a partial file; versioned files MUST be written before the file that refers to them (target files, then
 * targets, then snapshot, then timestamp), so a crash in between leaves the repository as it was for clients.
 * Writers MUST hold {@link #lock()}: an operator's command and ca-service's online re-signing may run at once, and
 * two writers would both pick the same next version.
 */
final class TufFiles {
    /** The tuf module's one JSON mapper (metadata files, and the trusted root LegacyTargets reads). */
    static final JsonMapper JSON = JsonMapper.builder().build();
    /** Threads of one JVM: a file lock is held per process, and a second lock() from the same JVM throws. */
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    final Path dir;

    TufFiles(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** Serializes writers: this JVM's threads by a lock per directory, processes by a file lock on {@code .lock}. */
    AutoCloseable lock() throws IOException {
        Files.createDirectories(dir);
        ReentrantLock inJvm = JVM_LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
        inJvm.lock();
        try {
            FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fileLock = channel.lock();
            return () -> {
                try (channel) {
                    fileLock.release();
                } finally {
                    inJvm.unlock();
                }
            };
        } catch (IOException | RuntimeException e) {
            inJvm.unlock();
            throw e;
        }
    }

    boolean exists(String name) {
        return Files.exists(dir.resolve(name));
    }

    Map<String, Object> read(String name) throws IOException {
        return JSON.readValue(Files.readAllBytes(dir.resolve(name)), new TypeReference<Map<String, Object>>() {
        });
    }

    /**
     * Written as ordinary JSON, not in the canonical form: OLPC writes a PEM key's newlines raw inside the string,
     * which is not JSON (go-tuf, which cosign uses, refuses it). Clients re-canonicalize {@code signed} to verify.
     */
    void write(String name, Map<String, Object> envelope) throws IOException {
        Path tmp = Files.createTempFile(dir, name, ".tmp");
        Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(envelope));
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    void writeTarget(String hashedName, byte[] bytes) throws IOException {
        Path targets = Files.createDirectories(dir.resolve("targets"));
        Path tmp = Files.createTempFile(targets, "target", ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, targets.resolve(hashedName), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    byte[] readTarget(String hashedName) throws IOException {
        return Files.readAllBytes(dir.resolve("targets").resolve(hashedName));
    }

    int latestRootVersion() {
        if (!exists("1.root.json")) {
            throw new IllegalStateException(dir + " holds no TUF repository (no 1.root.json): init it first");
        }
        int v = 1;
        while (exists((v + 1) + ".root.json")) {
            v++;
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> signed(Map<String, Object> envelope) {
        return (Map<String, Object>) envelope.get("signed");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> signatures(Map<String, Object> envelope) {
        return (List<Map<String, Object>>) envelope.get("signatures");
    }

    static int version(Map<String, Object> signedOrMeta) {
        return ((Number) signedOrMeta.get("version")).intValue();
    }

    static Instant expires(Map<String, Object> envelope) {
        return Instant.parse((String) signed(envelope).get("expires"));
    }

    @SuppressWarnings("unchecked")
    static int metaVersion(Map<String, Object> envelope, String name) {
        return version((Map<String, Object>) ((Map<String, Object>) signed(envelope).get("meta")).get(name));
    }

    /** {@code roles.<role>} of a root's signed part. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> role(Map<String, Object> rootSigned, String role) {
        return (Map<String, Object>) ((Map<String, Object>) rootSigned.get("roles")).get(role);
    }

    @SuppressWarnings("unchecked")
    static List<String> keyIds(Map<String, Object> rootSigned, String role) {
        return (List<String>) role(rootSigned, role).get("keyids");
    }

    static int threshold(Map<String, Object> rootSigned, String role) {
        return ((Number) role(rootSigned, role).get("threshold")).intValue();
    }

    /** The public keys a root lists for {@code role}, by key ID. */
    @SuppressWarnings("unchecked")
    static Map<String, PublicKey> publicKeys(Map<String, Object> rootSigned, String role) {
        Map<String, Object> keys = (Map<String, Object>) rootSigned.get("keys");
        Map<String, PublicKey> out = new LinkedHashMap<>();
        for (String id : keyIds(rootSigned, role)) {
            Map<String, Object> keyval = (Map<String, Object>) ((Map<String, Object>) keys.get(id)).get("keyval");
            out.put(id, PublicKeys.parsePem((String) keyval.get("public")));
        }
        return out;
    }

    /** Whether {@code envelope} carries a threshold of valid signatures by the keys {@code rootSigned} lists for {@code role}. */
    static boolean meetsThreshold(Map<String, Object> rootSigned, String role, Map<String, Object> envelope) {
        return TufMetadata.validSignatures(signed(envelope), signatures(envelope), publicKeys(rootSigned, role))
                >= threshold(rootSigned, role);
    }
}
