package dev.keyless.localpg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Throwaway servers for test runs: each in a new directory under {@code <tmp>/keyless-<uid>/}, stopped and deleted
 * when the JVM exits. A JVM killed outright cannot run its hooks, so each directory names its owner's process id,
 * and the next throwaway server removes the directories (and stops the servers) of owners that are gone.
 */
public final class TemporaryPostgres {
    private static final String PREFIX = "pg-";
    private static final String OWNER = "owner.pid";

    private TemporaryPostgres() {
    }

    /** A new server with the machine's (or the bundled) binaries, running; removed at JVM exit. */
    public static LocalPostgres start(Consumer<String> progress) {
        return start(PostgresBinaries.find(), List.of(), progress);
    }

    public static LocalPostgres start(PostgresBinaries binaries, List<String> settings, Consumer<String> progress) {
        Path base = PostgresBinaries.userTempDir();
        reapOrphans(base);
        Path dir = base.resolve(PREFIX + UUID.randomUUID().toString().substring(0, 8));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(OWNER), Long.toString(ProcessHandle.current().pid()));
            AtomicReference<LocalPostgres> current = new AtomicReference<>();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> remove(current.get(), dir), "remove-temporary-postgres"));
            for (int attempt = 0; ; attempt++) {
                // A port picked free can be taken before the server binds it; another one is tried then.
                LocalPostgres pg = new LocalPostgres(binaries, dir.resolve("data"), freePort(), settings, progress);
                current.set(pg);
                if (!pg.initialized()) {
                    pg.initialize(List.of());
                }
                try {
                    pg.start();
                    return pg;
                } catch (IllegalStateException e) {
                    if (attempt == 2) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary PostgreSQL in " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting a temporary PostgreSQL", e);
        }
    }

    private static void remove(LocalPostgres pg, Path dir) {
        try {
            if (pg != null) {
                pg.stopImmediate(); // thrown away anyway: no checkpoint needed
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        FileTrees.delete(dir);
    }

    /** Stops the servers and deletes the directories whose owning process has exited. */
    static void reapOrphans(Path base) {
        try (Stream<Path> dirs = Files.list(base)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(PREFIX)).toList()) {
                if (ownerAlive(dir)) {
                    continue;
                }
                Path pidFile = dir.resolve("data/postmaster.pid");
                if (Files.exists(pidFile)) {
                    try {
                        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
                        ProcessHandle.of(pid).filter(h -> LocalPostgres.servesDataDirectory(h, dir.resolve("data")))
                                .ifPresent(ProcessHandle::destroyForcibly);
                    } catch (IOException | RuntimeException e) {
                        // unreadable: nothing to stop
                    }
                }
                FileTrees.delete(dir);
            }
        } catch (IOException e) {
            // nothing to reap
        }
    }

    private static boolean ownerAlive(Path dir) {
        try {
            long pid = Long.parseLong(Files.readString(dir.resolve(OWNER)).strip());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | RuntimeException e) {
            // No owner file yet: being created right now by another process, or broken; young ones are kept.
            try {
                return Files.getLastModifiedTime(dir).toMillis() > System.currentTimeMillis() - 60_000;
            } catch (IOException gone) {
                return true;
            }
        }
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
