package dev.keyless.tuf;

import static dev.keyless.tuf.TufFiles.expires;
import static dev.keyless.tuf.TufFiles.keyIds;
import static dev.keyless.tuf.TufFiles.meetsThreshold;
import static dev.keyless.tuf.TufFiles.metaVersion;
import static dev.keyless.tuf.TufFiles.signed;
import static dev.keyless.tuf.TufFiles.threshold;
import static dev.keyless.tuf.TufFiles.version;

import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.tuf.TufMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A TUF repository of the Sigstore trust files, and every change made to it: {@link #init}, {@link #publish} (new
 * target files; offline targets key), {@link #refreshOnline} (what ca-service runs: snapshot and timestamp re-signed
 * before they expire, with the online keys only) and {@link #newRoot} (key rotation and thresholds: version N+1 signed
 * by a threshold of version N's root keys and of its own).
 *
 * <p>Every role is signed only with keys the latest root lists for it, and only when a threshold of them is at hand;
 * a change that clients would refuse (below threshold, a version going back) is refused here instead, before
 * anything is written. Versions only go up; files are written in the order of {@link TufFiles}, under its lock.
 */
public final class TufRepository {
    public static final int MAX_KEYS_PER_ROLE = 16;

    private final TufFiles files;
    private final Expiries expiries;

    public TufRepository(Path dir, Expiries expiries) {
        this.files = new TufFiles(dir);
        this.expiries = expiries;
    }

    public TufRepository(Path dir) {
        this(dir, Expiries.DEFAULT);
    }

    /**
     * What a change wrote: each version written, or 0 where that role was left as it was; and what an operator must
     * do soon (offline metadata near expiry).
     */
    public record Published(int targets, int snapshot, int timestamp, List<String> warnings) {
    }

    public Path directory() {
        return files.dir;
    }

    public int latestRootVersion() {
        return files.latestRootVersion();
    }

    /** How many keys the latest root lists for a role, and its threshold. */
    public record RoleShape(int keys, int threshold) {
    }

    public RoleShape roleShape(String role) throws IOException {
        RoleKeys.requireRole(role);
        Map<String, Object> root = signed(files.read(files.latestRootVersion() + ".root.json"));
        return new RoleShape(keyIds(root, role).size(), threshold(root, role));
    }

    /** The key IDs the latest root lists for a role. */
    public List<String> keyIdsOf(String role) throws IOException {
        RoleKeys.requireRole(role);
        return List.copyOf(keyIds(signed(files.read(files.latestRootVersion() + ".root.json")), role));
    }

    /**
     * Version 1 of every role. Each role lists every key {@code keys} has for it, with its threshold (default 1).
     *
     * @throws IllegalStateException if the directory already holds a repository (clients would see a rollback)
     */
    public Published init(RoleKeys keys, Map<String, Integer> thresholds, List<Target> targets, Instant now)
            throws Exception {
        Instant at = now.truncatedTo(ChronoUnit.SECONDS);
        try (AutoCloseable lock = files.lock()) {
            if (files.exists("1.root.json")) {
                throw new IllegalStateException(files.dir + " already holds a TUF repository: publish to it instead");
            }
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("_type", "root");
            root.put("spec_version", "1.0");
            root.put("version", 1);
            root.put("expires", at.plus(expiries.root()).toString());
            root.put("consistent_snapshot", true);
            Map<String, Object> keyObjects = new LinkedHashMap<>();
            Map<String, Object> roles = new LinkedHashMap<>();
            for (String role : RoleKeys.ROLES) {
                List<String> ids = new ArrayList<>();
                for (EcdsaSigner s : keys.signers(role)) {
                    Map<String, Object> key = TufMetadata.ecdsaKey(s.publicKey());
                    keyObjects.put(TufMetadata.keyId(key), key);
                    ids.add(TufMetadata.keyId(key));
                }
                roles.put(role, roleEntry(role, ids, thresholds.getOrDefault(role, 1)));
            }
            root.put("keys", keyObjects);
            root.put("roles", roles);
            files.write("1.root.json", sign(root, "root", root, keys));
            return advance(keys, targets, at, true);
        }
    }

    /**
     * Publishes {@code targets}: a new targets version when a file changed, the targets near expiry or their keys
     * were rotated; a new snapshot with it (or when it nears expiry); always a new timestamp.
     */
    public Published publish(RoleKeys keys, List<Target> targets, Instant now) throws Exception {
        try (AutoCloseable lock = files.lock()) {
            files.latestRootVersion();
            return advance(keys, targets, now.truncatedTo(ChronoUnit.SECONDS), true);
        }
    }

    /**
     * What ca-service runs with the online keys: the snapshot and the timestamp signed again when they near expiry or
     * are not signed by the keys the latest root lists (after a rotation). Nothing happens to a directory without a
     * repository. Targets are never touched; their nearing expiry comes back as a warning.
     */
    public Published refreshOnline(RoleKeys onlineKeys, Instant now) throws Exception {
        try (AutoCloseable lock = files.lock()) {
            if (!files.exists("1.root.json") || !files.exists("timestamp.json")) {
                return new Published(0, 0, 0, List.of());
            }
            return advance(onlineKeys, null, now.truncatedTo(ChronoUnit.SECONDS), false);
        }
    }

    /**
     * Root version N+1: {@code role}'s keys replaced by {@code newKeys} with {@code threshold} (when {@code role} is
     * null, the same keys: a root re-signed before it expires). It is signed by every root key at hand that version N
     * or N+1 lists, and written only if that makes both thresholds (the client's rule, tuf.md §7). Metadata the
     * rotated role signs is then signed again with the new keys (new targets, snapshot or timestamp versions), so
     * clients that update their root find it valid.
     *
     * @param keys the keys at hand: version N's root keys (a threshold of them) and, for the targets role, nothing
     *     more; the new keys are added from {@code newKeys}
     * @return the new root version
     */
    public int newRoot(String role, List<EcdsaSigner> newKeys, int threshold, RoleKeys keys, Instant now)
            throws Exception {
        Instant at = now.truncatedTo(ChronoUnit.SECONDS);
        try (AutoCloseable lock = files.lock()) {
            int n = files.latestRootVersion();
            Map<String, Object> old = signed(files.read(n + ".root.json"));
            Map<String, Object> next = signed(files.read(n + ".root.json")); // a second, mutable copy
            next.put("version", n + 1);
            next.put("expires", at.plus(expiries.root()).toString());
            RoleKeys withNew = keys;
            if (role != null) {
                RoleKeys.requireRole(role);
                @SuppressWarnings("unchecked")
                Map<String, Object> keyObjects = (Map<String, Object>) next.get("keys");
                List<String> ids = new ArrayList<>();
                for (EcdsaSigner s : newKeys) {
                    Map<String, Object> key = TufMetadata.ecdsaKey(s.publicKey());
                    keyObjects.put(TufMetadata.keyId(key), key);
                    ids.add(TufMetadata.keyId(key));
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> roles = (Map<String, Object>) next.get("roles");
                roles.put(role, roleEntry(role, ids, threshold));
                Set<String> used = new HashSet<>();
                for (String r : RoleKeys.ROLES) {
                    used.addAll(keyIds(next, r));
                }
                keyObjects.keySet().retainAll(used);
                withNew = keys.plus(role, newKeys);
            }
            // Signed by the old root keys and the new ones, each once.
            Map<String, EcdsaSigner> signers = new LinkedHashMap<>();
            for (EcdsaSigner s : withNew.signers("root")) {
                String id = RoleKeys.keyId(s);
                if (keyIds(old, "root").contains(id) || keyIds(next, "root").contains(id)) {
                    signers.put(id, s);
                }
            }
            Map<String, Object> envelope = TufMetadata.sign(next, List.copyOf(signers.values()));
            if (!meetsThreshold(old, "root", envelope)) {
                throw new IllegalStateException("root version " + (n + 1) + " needs " + threshold(old, "root")
                        + " signatures by root version " + n + "'s keys; the root keys at hand give fewer");
            }
            if (!meetsThreshold(next, "root", envelope)) {
                throw new IllegalStateException("root version " + (n + 1) + " needs " + threshold(next, "root")
                        + " signatures by its own root keys; the root keys at hand give fewer");
            }
            files.write((n + 1) + ".root.json", envelope);
            if (role != null && !role.equals("root") && files.exists("timestamp.json")) {
                advance(withNew, role.equals("targets") ? currentTargets() : null, at, true);
            }
            return n + 1;
        }
    }

    /** The targets the current targets version lists, with their bytes and custom metadata. */
    @SuppressWarnings("unchecked")
    public List<Target> currentTargets() throws IOException {
        Map<String, Object> ts = files.read("timestamp.json");
        Map<String, Object> snap = files.read(metaVersion(ts, "snapshot.json") + ".snapshot.json");
        Map<String, Object> tgt = files.read(metaVersion(snap, "targets.json") + ".targets.json");
        List<Target> out = new ArrayList<>();
        ((Map<String, Object>) signed(tgt).get("targets")).forEach((name, info) -> {
            Map<String, Object> i = (Map<String, Object>) info;
            String sha256 = (String) ((Map<String, Object>) i.get("hashes")).get("sha256");
            try {
                out.add(new Target(name, files.readTarget(sha256 + "." + name),
                        (Map<String, Object>) i.getOrDefault("custom", Map.of())));
            } catch (IOException e) {
                throw new IllegalStateException("target " + name + " listed but its file is missing", e);
            }
        });
        return out;
    }

    /**
     * The one path by which targets, snapshot and timestamp change. Each is signed again only when needed, in the
     * order that keeps the repository consistent for clients at every step (TufFiles).
     */
    private Published advance(RoleKeys keys, List<Target> targets, Instant now, boolean bumpTimestamp)
            throws IOException {
        Map<String, Object> root = signed(files.read(files.latestRootVersion() + ".root.json"));
        Map<String, Object> ts = files.exists("timestamp.json") ? files.read("timestamp.json") : null;
        int sv = ts == null ? 0 : metaVersion(ts, "snapshot.json");
        Map<String, Object> snap = sv == 0 ? null : files.read(sv + ".snapshot.json");
        int tv = snap == null ? 0 : metaVersion(snap, "targets.json");
        Map<String, Object> tgt = tv == 0 ? null : files.read(tv + ".targets.json");
        List<String> warnings = new ArrayList<>();

        boolean newTargets = false;
        if (targets != null) {
            newTargets = tgt == null || !targetsMap(targets).equals(signed(tgt).get("targets"))
                    || nearExpiry(tgt, now, expiries.renewTargets()) || !meetsThreshold(root, "targets", tgt);
        } else if (tgt != null && (nearExpiry(tgt, now, expiries.renewTargets()) || !meetsThreshold(root, "targets", tgt))) {
            warnings.add("targets version " + tv + " expires at " + expires(tgt) + " or is not signed by the keys root "
                    + "lists: publish with the targets key");
        }
        if (nearExpiry(files.read(files.latestRootVersion() + ".root.json"), now, expiries.renewTargets())) {
            warnings.add("root version " + files.latestRootVersion() + " expires soon: sign a new root version");
        }
        int writtenTargets = 0;
        if (newTargets) {
            for (Target t : targets) {
                files.writeTarget(Hash.sha256(t.bytes()).toHex() + "." + t.name(), t.bytes());
            }
            tv++;
            Map<String, Object> s = header("targets", tv, now.plus(expiries.targets()));
            s.put("targets", targetsMap(targets));
            files.write(tv + ".targets.json", sign(s, "targets", root, keys));
            writtenTargets = tv;
        }
        int writtenSnapshot = 0;
        if (newTargets || snap == null || nearExpiry(snap, now, expiries.renewSnapshot())
                || !meetsThreshold(root, "snapshot", snap)) {
            sv++;
            Map<String, Object> s = header("snapshot", sv, now.plus(expiries.snapshot()));
            s.put("meta", Map.of("targets.json", Map.of("version", tv)));
            files.write(sv + ".snapshot.json", sign(s, "snapshot", root, keys));
            writtenSnapshot = sv;
        }
        int writtenTimestamp = 0;
        if (bumpTimestamp || writtenSnapshot > 0 || ts == null || nearExpiry(ts, now, expiries.renewTimestamp())
                || !meetsThreshold(root, "timestamp", ts)) {
            writtenTimestamp = ts == null ? 1 : version(signed(ts)) + 1;
            Map<String, Object> s = header("timestamp", writtenTimestamp, now.plus(expiries.timestamp()));
            s.put("meta", Map.of("snapshot.json", Map.of("version", sv)));
            files.write("timestamp.json", sign(s, "timestamp", root, keys));
        }
        return new Published(writtenTargets, writtenSnapshot, writtenTimestamp, List.copyOf(warnings));
    }

    private static boolean nearExpiry(Map<String, Object> envelope, Instant now, Duration renew) {
        return envelope != null && !expires(envelope).isAfter(now.plus(renew));
    }

    private static Map<String, Object> header(String type, int version, Instant expires) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("_type", type);
        s.put("spec_version", "1.0");
        s.put("version", version);
        s.put("expires", expires.toString());
        return s;
    }

    private static Map<String, Object> roleEntry(String role, List<String> ids, int threshold) {
        if (ids.isEmpty() || ids.size() > MAX_KEYS_PER_ROLE) {
            throw new IllegalArgumentException(role + " has " + ids.size() + " keys, want 1 to " + MAX_KEYS_PER_ROLE);
        }
        if (threshold < 1 || threshold > ids.size()) {
            throw new IllegalArgumentException(role + " threshold is " + threshold + ", want 1 to its " + ids.size()
                    + " keys");
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("keyids", ids);
        r.put("threshold", threshold);
        return r;
    }

    /** {@code signed} signed by every key at hand that {@code root} lists for {@code role}; refused below threshold. */
    private static Map<String, Object> sign(Map<String, Object> signed, String role, Map<String, Object> root,
            RoleKeys keys) {
        List<EcdsaSigner> listed = keys.signers(role).stream()
                .filter(s -> keyIds(root, role).contains(RoleKeys.keyId(s))).toList();
        if (listed.size() < threshold(root, role)) {
            throw new IllegalStateException(role + " needs " + threshold(root, role) + " signatures by the keys root "
                    + "version " + version(root) + " lists; " + listed.size() + " of those keys are at hand");
        }
        return TufMetadata.sign(signed, listed);
    }

    private static Map<String, Object> targetsMap(List<Target> targets) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Target t : targets) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("length", t.bytes().length);
            info.put("hashes", Map.of("sha256", Hash.sha256(t.bytes()).toHex()));
            if (!t.custom().isEmpty()) {
                info.put("custom", t.custom());
            }
            m.put(t.name(), info);
        }
        return m;
    }
}
