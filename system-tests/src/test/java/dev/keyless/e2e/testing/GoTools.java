package dev.keyless.e2e.testing;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The Go programs the end-to-end tests run, pinned: built with {@code go install} into the repository's
 * {@code .tools/go/<name>-<version>/} (git-ignored) on first use and reused while the version is unchanged. Go's
 * own module and build caches make a rebuild in a fresh clone on the same machine a matter of seconds. Without Go
 * the tests fail saying what to install; they never skip.
 */
public final class GoTools {
    public static final String COSIGN_VERSION = "v3.1.2";
    public static final String CRANE_VERSION = "v0.21.9";
    public static final String REGISTRY_VERSION = "v3.1.1";
    /** The version e2e/policy-tester/go.mod requires. */
    public static final String POLICY_CONTROLLER_VERSION = "v0.15.1";
    private static final long BUILD_MINUTES = 20;

    private GoTools() {
    }

    /** cosign, the Sigstore client most users sign containers with. */
    public static Path cosign() {
        return install("github.com/sigstore/cosign/v3/cmd/cosign", COSIGN_VERSION, "cosign");
    }

    /** crane (go-containerregistry): makes and pushes test images without a Docker daemon. */
    public static Path crane() {
        return install("github.com/google/go-containerregistry/cmd/crane", CRANE_VERSION, "crane");
    }

    /** The CNCF distribution registry, without the OCI 1.1 referrers API (the common case in the field). */
    public static Path registry() {
        return install("github.com/distribution/distribution/v3/cmd/registry", REGISTRY_VERSION, "registry");
    }

    /**
     * policy-controller's offline {@code policy-tester}: built with {@code go build} inside {@code e2e/policy-tester},
     * whose go.mod repeats policy-controller's replace directives ({@code go install pkg@version} refuses modules
     * that have them).
     */
    public static Path policyTester() {
        Path module = repositoryRoot().resolve("e2e/policy-tester");
        return build(module, List.of("build", "-o", "%s", "github.com/sigstore/policy-controller/cmd/tester"),
                POLICY_CONTROLLER_VERSION + "-" + sourceVersion(module, "go.mod", "go.sum"), "policy-tester");
    }

    /** go-containerregistry's registry with the OCI 1.1 referrers API on (e2e/oci-registry, a test program of ours). */
    public static Path ociRegistry() {
        Path module = repositoryRoot().resolve("e2e/oci-registry");
        return build(module, List.of("build", "-o", "%s", "."), sourceVersion(module, "main.go", "go.mod", "go.sum"),
                "oci-registry");
    }

    /**
     * An independent C2SP tlog-tiles client (e2e/tiles-reader, a test program of ours on golang.org/x/mod's sumdb
     * tlog and note packages): checks a log's checkpoint signature, every entry's inclusion and consistency.
     */
    public static Path tilesReader() {
        Path module = repositoryRoot().resolve("e2e/tiles-reader");
        return build(module, List.of("build", "-o", "%s", "."), sourceVersion(module, "main.go", "go.mod", "go.sum"),
                "tiles-reader");
    }

    /** A version for a program built from the repository: the start of the SHA-256 of its files, so edits rebuild it. */
    static String sourceVersion(Path dir, String... files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String f : files) {
                sha.update(f.getBytes(StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(dir.resolve(f)));
            }
            return "src-" + HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot read the sources in " + dir, e);
        }
    }

    /** The repository's root: tests run with their module directory as the working directory. */
    public static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mvnw")) && Files.isRegularFile(p.resolve("dev"))) {
                return p;
            }
        }
        throw new IllegalStateException("not inside the repository: " + Path.of("").toAbsolutePath());
    }

    static Path install(String pkg, String version, String name) {
        return build(null, List.of("install", pkg + "@" + version), version, name);
    }

    /** Runs {@code go <args>} in {@code workDir} (null: anywhere) unless the binary exists; "%s" in args is its path. */
    static synchronized Path build(Path workDir, List<String> args, String version, String name) {
        Path dir = repositoryRoot().resolve(".tools/go").resolve(name + "-" + version);
        Path binary = dir.resolve(name);
        if (Files.isExecutable(binary)) {
            return binary;
        }
        try {
            Files.createDirectories(dir);
            // Another test JVM of the same run may be building it too: one at a time.
            try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = ch.lock()) {
                if (Files.isExecutable(binary)) {
                    return binary;
                }
                Path log = dir.resolve("go-install.log");
                List<String> cmd = new ArrayList<>(List.of(go()));
                args.forEach(a -> cmd.add(a.equals("%s") ? binary.toAbsolutePath().toString() : a));
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
                if (workDir != null) {
                    pb.directory(workDir.toFile());
                }
                pb.environment().put("GOBIN", dir.toAbsolutePath().toString());
                System.err.println("building " + name + " " + version + " with go (first use; minutes on two cores)");
                long t0 = System.nanoTime();
                Process p = pb.start();
                if (!p.waitFor(BUILD_MINUTES, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", cmd) + " failed:\n"
                            + Files.readString(log, StandardCharsets.UTF_8));
                }
                System.err.printf(Locale.ROOT, "built %s %s in %.0f s%n", name, version, (System.nanoTime() - t0) / 1e9);
                return binary;
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot build " + name + " " + version + " into " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building " + name, e);
        }
    }

    /** {@code go} on the PATH, or the usual install location. */
    private static String go() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "go"))) {
                return Path.of(dir, "go").toString();
            }
        }
        if (Files.isExecutable(Path.of("/usr/local/go/bin/go"))) {
            return "/usr/local/go/bin/go";
        }
        throw new IllegalStateException("Go is needed to build cosign " + COSIGN_VERSION + " (and crane, a registry) "
                + "for the cosign end-to-end tests: install Go 1.26 or newer (https://go.dev/dl/) and put go on the PATH");
    }
}
