package dev.keyless.localpg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;

/**
 * The database of {@code ./dev run}: starts the project's own PostgreSQL on a data directory (created on first
 * start, kept across restarts) and runs until it is told to stop (SIGTERM, or SIGINT in the foreground: a fast
 * shutdown of the server) or the server
 * exits. Once the server accepts connections it writes the connection settings as shell assignments
 * ({@code KEYLESS_DB_URL}, {@code KEYLESS_DB_USER}, {@code KEYLESS_DB_PASSWORD}) to the environment file, which the
 * script waits for.
 *
 * <pre>java -jar local-postgres/target/keyless-local-postgres-&lt;version&gt;-all.jar --data DIR --port N --database NAME --env-file FILE</pre>
 */
public final class DevPostgres {
    private DevPostgres() {
    }

    public static void main(String[] args) throws Exception {
        Path data = null;
        Path envFile = null;
        int port = 0;
        String database = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[i + 1]);
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--database" -> database = args[i + 1];
                case "--env-file" -> envFile = Path.of(args[i + 1]);
                default -> usage("unknown option " + args[i]);
            }
        }
        if (data == null || envFile == null || port == 0 || database == null || args.length % 2 != 0) {
            usage("missing option");
        }
        Files.deleteIfExists(envFile);
        long t0 = System.nanoTime();
        try {
            PostgresBinaries binaries = PostgresBinaries.find();
            say("server binaries: " + binaries.source() + " (" + binaries.bin() + ")");
            LocalPostgres pg = new LocalPostgres(binaries, data, port, List.of(), DevPostgres::say);
            if (!pg.initialized()) {
                pg.initialize(List.of(database));
            }
            pg.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.stopFast();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "stop-postgres"));
            writeEnv(envFile, pg, database);
            say(String.format(Locale.ROOT, "ready on 127.0.0.1:%d, database %s, data %s (%.1f s; log %s)", port,
                    database, pg.dataDir(), (System.nanoTime() - t0) / 1e9, pg.logFile()));
            int code = pg.waitFor();
            say("the server exited (code " + code + "); see " + pg.logFile());
            System.exit(1);
        } catch (IllegalStateException | IllegalArgumentException e) {
            say(e.getMessage());
            if (e.getMessage() != null && e.getMessage().contains("in use by another program")) {
                say("stop that program, or choose another port for the project's PostgreSQL: KEYLESS_PG_PORT=<port> ./dev run");
            }
            System.exit(1);
        }
    }

    private static void writeEnv(Path envFile, LocalPostgres pg, String database) throws IOException {
        Path tmp = envFile.resolveSibling(envFile.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, "KEYLESS_DB_URL=" + pg.jdbcUrl(database) + "\nKEYLESS_DB_USER=" + LocalPostgres.USER
                + "\nKEYLESS_DB_PASSWORD=" + pg.password() + "\n");
        Files.move(tmp, envFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void say(String line) {
        System.out.println("postgres: " + line);
    }

    private static void usage(String problem) {
        System.err.println(problem + "; usage: --data DIR --port N --database NAME --env-file FILE");
        System.exit(2);
    }
}
