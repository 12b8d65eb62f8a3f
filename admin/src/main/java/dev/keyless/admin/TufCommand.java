package dev.keyless.admin;

import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.tuf.LegacyTargets;
import dev.keyless.tuf.RoleKeys;
import dev.keyless.tuf.Target;
import dev.keyless.tuf.TufRepository;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./dev tuf}: the operator's side of the TUF repository (docs/operations.md).
 *
 * <pre>
 * tuf init    --repo DIR --keys DIR [--online-keys DIR] --trusted-root FILE --signing-config FILE
 *             [--key-count root=3,targets=2] [--threshold root=2,targets=1]
 * tuf publish --repo DIR --keys DIR [--online-keys DIR] --trusted-root FILE --signing-config FILE
 *             (or --ca URL [--ca-tls-cert FILE]: the files as the running ca-service serves them)
 * tuf refresh --repo DIR --online-keys DIR            (what ca-service does on its own)
 * tuf rotate  --repo DIR --keys DIR [--online-keys DIR] --role root|targets|snapshot|timestamp [--key-count N] [--threshold N]
 * tuf resign-root --repo DIR --keys DIR
 * </pre>
 *
 * <p>Offline keys (root, targets) are in {@code --keys}, online keys (snapshot, timestamp) in {@code --online-keys}
 * (default {@code <keys>/online}), the only directory ca-service is given. With {@code KEYLESS_TUF_PASSPHRASE} set,
 * new offline keys are encrypted with it and encrypted ones are read with it.
 */
public final class TufCommand {
    private static final String USAGE = "usage: tuf init|publish|refresh|rotate|resign-root --repo DIR --keys DIR "
            + "[--online-keys DIR] [--trusted-root FILE --signing-config FILE | --ca URL] [--role ROLE] [--key-count ...] [--threshold ...]";

    private TufCommand() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !List.of("init", "publish", "refresh", "rotate", "resign-root").contains(args[0])) {
            System.err.println(USAGE);
            System.exit(2);
        }
        Map<String, String> opt = TrustRootCommand.parse(Arrays.copyOfRange(args, 1, args.length));
        String env = System.getenv(RoleKeys.PASSPHRASE_ENV);
        char[] passphrase = env == null || env.isEmpty() ? null : env.toCharArray();
        try {
            System.out.println(run(args[0], opt, passphrase, Instant.now()));
        } catch (IllegalStateException | IllegalArgumentException e) {
            System.err.println("tuf " + args[0] + ": " + e.getMessage());
            System.exit(1);
        }
    }

    /** Runs one command; returns what to tell the operator. */
    public static String run(String command, Map<String, String> opt, char[] passphrase, Instant now) throws Exception {
        TufRepository repo = new TufRepository(Path.of(opt.getOrDefault("repo", "data/tuf")));
        Path keys = Path.of(opt.getOrDefault("keys", "data/tuf-keys"));
        Path online = Path.of(opt.getOrDefault("online-keys", keys.resolve("online").toString()));
        StringBuilder out = new StringBuilder();
        switch (command) {
            case "init" -> {
                if (Files.exists(repo.directory().resolve("1.root.json"))) {
                    throw new IllegalStateException(repo.directory() + " already holds a TUF repository: publish to it");
                }
                Map<String, Integer> counts = roleNumbers(opt.get("key-count"));
                Map<String, Integer> thresholds = roleNumbers(opt.get("threshold"));
                SecureRandom random = new SecureRandom();
                RoleKeys existing = RoleKeys.read(keys, online, passphrase);
                for (String role : RoleKeys.ROLES) {
                    if (existing.signers(role).isEmpty()) {
                        RoleKeys.generate(role, counts.getOrDefault(role, thresholds.getOrDefault(role, 1)), keys, online,
                                passphrase, random);
                    }
                }
                if (passphrase == null) {
                    out.append("warning: root and targets keys in ").append(keys).append(" are not encrypted (set ")
                            .append(RoleKeys.PASSPHRASE_ENV).append(" to encrypt them)\n");
                }
                repo.init(RoleKeys.read(keys, online, passphrase), thresholds, targets(opt), now).warnings()
                        .forEach(w -> out.append("warning: ").append(w).append('\n'));
            }
            case "publish" -> {
                TufRepository.Published p = repo.publish(RoleKeys.read(keys, online, passphrase), targets(opt), now);
                out.append("published targets ").append(p.targets() == 0 ? "unchanged" : "version " + p.targets())
                        .append(", timestamp version ").append(p.timestamp()).append('\n');
                p.warnings().forEach(w -> out.append("warning: ").append(w).append('\n'));
            }
            case "refresh" -> {
                TufRepository.Published p = repo.refreshOnline(RoleKeys.read(null, online, null), now);
                out.append("snapshot ").append(p.snapshot() == 0 ? "unchanged" : "version " + p.snapshot())
                        .append(", timestamp ").append(p.timestamp() == 0 ? "unchanged" : "version " + p.timestamp())
                        .append('\n');
                p.warnings().forEach(w -> out.append("warning: ").append(w).append('\n'));
            }
            case "rotate" -> {
                String role = opt.get("role");
                if (role == null || !RoleKeys.ROLES.contains(role)) {
                    throw new IllegalArgumentException("--role is " + role + ", want one of " + RoleKeys.ROLES);
                }
                TufRepository.RoleShape shape = repo.roleShape(role);
                int threshold = Integer.parseInt(opt.getOrDefault("threshold", String.valueOf(shape.threshold())));
                int count = Integer.parseInt(opt.getOrDefault("key-count", String.valueOf(Math.max(threshold, shape.keys()))));
                RoleKeys atHand = RoleKeys.read(keys, online, passphrase);
                List<EcdsaSigner> fresh = RoleKeys.generate(role, count, keys, online, passphrase, new SecureRandom());
                int version = repo.newRoot(role, fresh, threshold, atHand, now);
                // The root now lists only the new keys: the old files move aside, so nobody takes them for keys in use.
                RoleKeys.retireAllBut(role, new HashSet<>(repo.keyIdsOf(role)), keys, online, passphrase);
                out.append("root version ").append(version).append(": ").append(role).append(" keys rotated (")
                        .append(threshold).append(" of ").append(count).append(")\n");
            }
            case "resign-root" -> out.append("root version ")
                    .append(repo.newRoot(null, List.of(), 0, RoleKeys.read(keys, online, passphrase), now)).append('\n');
            default -> throw new IllegalArgumentException(USAGE);
        }
        out.append("TUF repository ").append(repo.directory()).append(": latest root ")
                .append(repo.directory().resolve(repo.latestRootVersion() + ".root.json"));
        return out.toString();
    }

    /**
     * {@code trusted_root.json}, {@code signing_config.v0.2.json} and the legacy targets: as the running ca-service at
     * {@code --ca} serves them (after a key rotation, what it serves is what clients need), else from the files named.
     */
    public static List<Target> targets(Map<String, String> opt) throws Exception {
        if (opt.containsKey("ca")) {
            String tls = opt.getOrDefault("ca-tls-cert", "");
            Path dir = Files.createTempDirectory("keyless-trust");
            try {
                Path[] files = TrustRootCommand.download(TrustRootCommand.client(tls.isEmpty() ? null : Path.of(tls)),
                        URI.create(opt.get("ca")), dir);
                return LegacyTargets.withTrustFiles(Files.readAllBytes(files[0]), Files.readAllBytes(files[1]));
            } finally {
                for (String name : new String[] {"trusted_root.json", "signing_config.json"}) {
                    Files.deleteIfExists(dir.resolve(name));
                }
                Files.deleteIfExists(dir);
            }
        }
        return LegacyTargets.withTrustFiles(Files.readAllBytes(Path.of(opt.getOrDefault("trusted-root", "trusted_root.json"))),
                Files.readAllBytes(Path.of(opt.getOrDefault("signing-config", "signing_config.json"))));
    }

    /** {@code root=2,targets=1} as a map; roles must be TUF's. */
    static Map<String, Integer> roleNumbers(String spec) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (spec == null || spec.isEmpty()) {
            return out;
        }
        for (String part : spec.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2 || !RoleKeys.ROLES.contains(kv[0]) || !kv[1].matches("[1-9][0-9]?")) {
                throw new IllegalArgumentException("want role=number pairs such as root=2,targets=1, got " + part);
            }
            out.put(kv[0], Integer.parseInt(kv[1]));
        }
        return out;
    }
}
