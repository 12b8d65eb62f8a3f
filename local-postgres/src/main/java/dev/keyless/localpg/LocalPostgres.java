package dev.keyless.localpg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A PostgreSQL server the project runs itself: its own data directory, on 127.0.0.1 only, on a port of its own,
 * with password authentication for the superuser {@value #USER}. It never touches the machine's own clusters, their
 * configuration or any service manager, and needs no root (as root it runs the server as another user, see
 * {@link ServerUser}).
 *
 * <p>Beside the data directory {@code <dir>} it keeps {@code <dir>.password} (the superuser's password, 0600) and
 * {@code <dir>.log} (the server's output).
 *
 * <p>The server is a child process of this JVM ({@code postgres} itself, not {@code pg_ctl}, which would detach
 * it): a {@code kill -9} of the whole process group takes it down too, and what it leaves (a stale
 * {@code postmaster.pid}) PostgreSQL clears on the next start. A server left running on the same data directory by
 * an earlier process that died alone is stopped before starting ({@link #start()}).
 */
public final class LocalPostgres implements AutoCloseable {
    public static final String USER = "postgres";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final PostgresBinaries binaries;
    private final Path dataDir;
    private final int port;
    private final ServerUser user;
    private final Consumer<String> progress;
    private final List<String> settings;
    private Process server;

    public LocalPostgres(PostgresBinaries binaries, Path dataDir, int port, List<String> settings, Consumer<String> progress) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port is " + port + ", want 1..65535");
        }
        this.binaries = binaries;
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.port = port;
        this.settings = List.copyOf(settings);
        this.progress = progress;
        this.user = ServerUser.forThisProcess();
    }

    public Path dataDir() {
        return dataDir;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return dataDir.resolveSibling(dataDir.getFileName() + ".log");
    }

    private Path passwordFile() {
        return dataDir.resolveSibling(dataDir.getFileName() + ".password");
    }

    public String password() {
        try {
            return Files.readString(passwordFile()).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the database password " + passwordFile(), e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public boolean initialized() {
        return Files.exists(dataDir.resolve("PG_VERSION"));
    }

    /**
     * Creates the cluster (initdb) with a new random superuser password, then the given databases (in single-user
     * mode: the bundled binaries have no client programs).
     *
     * @throws IllegalStateException if the data directory exists and is not empty
     */
    public void initialize(List<String> databases) throws IOException, InterruptedException {
        for (String db : databases) {
            if (!db.matches("[a-z_][a-z0-9_]{0,62}")) {
                throw new IllegalArgumentException("database name " + db + ", want [a-z_][a-z0-9_]*");
            }
        }
        if (Files.isDirectory(dataDir)) {
            try (var entries = Files.list(dataDir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalStateException(dataDir + " is not empty and holds no PostgreSQL cluster: "
                            + "remove it or choose another data directory");
                }
            }
            Files.delete(dataDir);
        }
        // Built beside the data directory and moved into place once its databases exist: a run stopped halfway
        // leaves only the staging directory, which the next initialisation deletes, never a cluster without them.
        Path staging = dataDir.resolveSibling(dataDir.getFileName() + ".initializing");
        FileTrees.delete(staging);
        Files.createDirectories(staging, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        Files.deleteIfExists(passwordFile());
        Files.writeString(Files.createFile(passwordFile(), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------"))), HexFormat.of().formatHex(secret) + "\n");
        user.own(staging);
        user.own(passwordFile()); // initdb, run as the server's user, reads it
        progress.accept("initialising a PostgreSQL cluster in " + dataDir + " " + user.describe());
        run(List.of(binaries.program("initdb").toString(), "-D", staging.toString(), "-U", USER,
                "--pwfile=" + passwordFile(), "--auth=scram-sha-256", "-E", "UTF8", "--locale=C"), null);
        for (String db : databases) {
            run(List.of(binaries.program("postgres").toString(), "--single", "-D", staging.toString(),
                    "-c", "unix_socket_directories=", "-c", "listen_addresses=", "postgres"),
                    "CREATE DATABASE " + db + ";\n");
        }
        Files.move(staging, dataDir, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Starts the server and waits until it accepts connections. A server still running on this data directory,
     * left by a process that died, is stopped first (fast shutdown).
     *
     * @throws IllegalStateException if the port is taken by another program, or the server exits while starting
     *     (with the end of its log)
     */
    public void start() throws IOException, InterruptedException {
        if (running()) {
            throw new IllegalStateException("already running");
        }
        stopOrphan();
        if (!portFree(port)) {
            throw new IllegalStateException("port " + port + " on 127.0.0.1 is in use by another program");
        }
        List<String> cmd = new ArrayList<>(List.of(binaries.program("postgres").toString(), "-D", dataDir.toString(),
                "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="));
        for (String s : settings) {
            cmd.add("-c");
            cmd.add(s);
        }
        ProcessBuilder pb = new ProcessBuilder(user.command(cmd)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        long logStart = logSize();
        server = pb.start();
        while (!ready()) {
            if (!server.isAlive()) {
                String said = Files.readString(logFile(), StandardCharsets.ISO_8859_1).substring((int) Math.min(logStart, logSize()));
                // Right after a kill -9, the dead server's backends may still hold its shared memory, and its pid
                // may still name a zombie that the system has not reaped: both clear within moments.
                boolean transient_ = said.contains("pre-existing shared memory block")
                        || said.contains("lock file \"postmaster.pid\" already exists");
                if (transient_ && System.nanoTime() < deadline) {
                    Thread.sleep(250);
                    logStart = logSize();
                    server = pb.start();
                    continue;
                }
                throw new IllegalStateException("PostgreSQL exited while starting (exit code " + server.exitValue()
                        + "); the end of " + logFile() + ":\n" + tail(logFile(), 15));
            }
            if (System.nanoTime() > deadline) {
                server.destroyForcibly();
                throw new IllegalStateException("PostgreSQL did not become ready in " + START_TIMEOUT.toSeconds()
                        + " s; see " + logFile());
            }
            Thread.sleep(20);
        }
    }

    private long logSize() throws IOException {
        return Files.exists(logFile()) ? Files.size(logFile()) : 0;
    }

    public boolean running() {
        return server != null && server.isAlive();
    }

    /** The server's process id, while it runs. */
    public Optional<Long> pid() {
        return running() ? Optional.of(server.pid()) : Optional.empty();
    }

    /** Waits until the server exits (stopped, or crashed) and returns its exit code. */
    public int waitFor() throws InterruptedException {
        return server.waitFor();
    }

    /** Fast shutdown (SIGINT): open transactions are rolled back, clients disconnected, then a checkpoint. */
    public void stopFast() throws InterruptedException {
        stop("INT");
    }

    /** Immediate shutdown (SIGQUIT): no checkpoint; the next start recovers from the WAL. */
    public void stopImmediate() throws InterruptedException {
        stop("QUIT");
    }

    /**
     * SIGKILL to the server, as a crash would; returns once its backends, which notice the postmaster's death,
     * have gone too (only then can a new server start on the data directory).
     */
    public void kill() throws InterruptedException {
        if (!running()) {
            return;
        }
        List<ProcessHandle> children = server.descendants().toList();
        server.destroyForcibly();
        server.waitFor();
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                child.destroyForcibly();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopFast();
    }

    private void stop(String signal) throws InterruptedException {
        if (!running()) {
            return;
        }
        signal(server.pid(), signal);
        if (!server.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** Stops a server left running on this data directory by an earlier process (its postmaster.pid is live). */
    private void stopOrphan() throws IOException, InterruptedException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        } catch (IOException | RuntimeException e) {
            return; // half-written or vanished: PostgreSQL judges it on start
        }
        Optional<ProcessHandle> orphan = ProcessHandle.of(pid).filter(h -> servesDataDirectory(h, dataDir));
        if (orphan.isEmpty()) {
            return; // stale: PostgreSQL removes it itself
        }
        progress.accept("stopping a PostgreSQL server (pid " + pid + ") left running on " + dataDir + " by an earlier run");
        signal(pid, "INT");
        try {
            orphan.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            orphan.get().destroyForcibly();
            Thread.sleep(1000);
        }
    }

    /**
     * Whether {@code process} is a PostgreSQL server on {@code dataDir}: a program named postgres whose working
     * directory (the server changes into its data directory) is that directory. A pid from a stale postmaster.pid
     * may by now belong to any process, the machine's own PostgreSQL among them: it is never signalled on the
     * strength of its name alone. Without /proc (not Linux), the name decides.
     */
    static boolean servesDataDirectory(ProcessHandle process, Path dataDir) {
        boolean named = process.info().command().map(c -> c.endsWith("postgres") || c.endsWith("postmaster")).orElse(false);
        if (!named) {
            return false;
        }
        Path cwd = Path.of("/proc", Long.toString(process.pid()), "cwd");
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            return true;
        }
        try {
            return Files.readSymbolicLink(cwd).equals(dataDir.toRealPath());
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** postmaster.pid's status line says {@code ready} once the server accepts connections (as pg_ctl reads it). */
    private boolean ready() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            return lines.size() >= 8 && Long.parseLong(lines.get(0).strip()) == server.pid()
                    && lines.get(7).strip().equals("ready");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void run(List<String> command, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(user.command(command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile())).start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " failed" + (user.switches()
                    ? " (run " + user.describe() + ", which must be able to reach " + dataDir + ")" : "")
                    + "; the end of " + logFile() + ":\n" + tail(logFile(), 15));
        }
    }

    static void signal(long pid, String signal) throws InterruptedException {
        try {
            new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill", e);
        }
    }

    static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
