package dev.keyless.localpg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The project's own PostgreSQL server, real processes throughout: what {@code ./dev run} and the tests rely on
 * (data kept across a clean stop and a crash, a password that is checked, a server left behind by a dead run
 * stopped instead of blocking the next start, a clear error for a port another program holds).
 */
class LocalPostgresIT {
    private final List<String> progress = new ArrayList<>();
    private final List<LocalPostgres> started = new ArrayList<>();
    private final List<Path> dirs = new ArrayList<>();

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (LocalPostgres pg : started) {
            pg.kill();
        }
        dirs.forEach(FileTrees::delete);
    }

    @Test
    void committedRowsSurviveAFastStopAndAKill() throws Exception {
        LocalPostgres pg = fresh(PostgresBinaries.find(), List.of("keyless"));
        pg.start();
        try (Connection c = connect(pg, "keyless"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (v int)");
            s.execute("INSERT INTO t VALUES (1)");
        }
        pg.stopFast();
        assertThat(pg.running()).isFalse();
        pg.start();
        try (Connection c = connect(pg, "keyless"); Statement s = c.createStatement()) {
            s.execute("INSERT INTO t VALUES (2)");
        }
        pg.kill(); // no shutdown at all: the next start replays the WAL
        pg.start();
        assertThat(count(pg)).isEqualTo(2);
        assertThat(progress).anyMatch(l -> l.startsWith("initialising a PostgreSQL cluster in " + pg.dataDir()));
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        LocalPostgres pg = fresh(PostgresBinaries.find(), List.of());
        pg.start();
        Properties p = new Properties();
        p.setProperty("user", LocalPostgres.USER);
        p.setProperty("password", "not-the-password");
        assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl("postgres"), p).close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
    }

    @Test
    void aServerLeftRunningByADeadRunIsStoppedAndTheNextStartSucceeds() throws Exception {
        LocalPostgres orphan = fresh(PostgresBinaries.find(), List.of("keyless"));
        orphan.start();
        try (Connection c = connect(orphan, "keyless"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (v int)");
            s.execute("INSERT INTO t VALUES (1)");
        }
        long orphanPid = orphan.pid().orElseThrow();

        // A second owner of the same data directory, as the next ./dev run after the first one lost its process.
        LocalPostgres next = track(new LocalPostgres(PostgresBinaries.find(), orphan.dataDir(), orphan.port(), List.of(), progress::add));
        next.start();
        assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(progress).anyMatch(l -> l.contains("(pid " + orphanPid + ") left running"));
        assertThat(count(next)).isEqualTo(1);
    }

    @Test
    void anInitialisationCutOffHalfwayIsRedoneAndOnlyAServerOnTheDataDirectoryCountsAsOurs() throws Exception {
        Path data = newDir().resolve("data");
        // What a run killed during initdb leaves: the staging directory, never a data directory without databases.
        Path staging = Files.createDirectories(data.resolveSibling("data.initializing"));
        Files.writeString(staging.resolve("PG_VERSION"), "15\n");
        LocalPostgres pg = track(new LocalPostgres(PostgresBinaries.find(), data, freePort(), List.of(), progress::add));
        assertThat(pg.initialized()).isFalse();
        pg.initialize(List.of("keyless"));
        assertThat(staging).doesNotExist();
        pg.start();
        assertThat(count(pg, "SELECT count(*) FROM pg_database WHERE datname = 'keyless'")).isEqualTo(1);

        ProcessHandle server = ProcessHandle.of(pg.pid().orElseThrow()).orElseThrow();
        assertThat(LocalPostgres.servesDataDirectory(server, data)).isTrue();
        assertThat(LocalPostgres.servesDataDirectory(server, newDir())).as("another data directory").isFalse();
        assertThat(LocalPostgres.servesDataDirectory(ProcessHandle.current(), data)).as("not a postgres").isFalse();
    }

    @Test
    void aPortHeldByAnotherProgramIsNamed() throws Exception {
        LocalPostgres pg;
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            pg = track(new LocalPostgres(PostgresBinaries.find(), newDir().resolve("data"), taken.getLocalPort(), List.of(), progress::add));
            pg.initialize(List.of());
            assertThatThrownBy(pg::start).isInstanceOf(IllegalStateException.class)
                    .hasMessage("port " + taken.getLocalPort() + " on 127.0.0.1 is in use by another program");
        }
        assertThat(pg.running()).isFalse();
    }

    @Test
    void theBundledBinariesRunAServerToo() throws Exception {
        PostgresBinaries bundled = PostgresBinaries.bundled().orElseThrow(() -> new AssertionError(
                "the bundled binaries are on the test class path (linux-x86_64)"));
        LocalPostgres pg = fresh(bundled, List.of("keyless"));
        pg.start();
        try (Connection c = connect(pg, "keyless"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            assertThat(rs.getString(1)).startsWith("16.");
        }
    }

    @Test
    void directoriesOfTemporaryServersWhoseOwnerIsGoneAreRemoved() throws Exception {
        Path base = PostgresBinaries.userTempDir();
        Path stale = Files.createDirectories(base.resolve("pg-stale" + System.nanoTime()));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(stale.resolve("owner.pid"), Long.toString(gone.pid()));
        Path live = Files.createDirectories(base.resolve("pg-live" + System.nanoTime()));
        Files.writeString(live.resolve("owner.pid"), Long.toString(ProcessHandle.current().pid()));
        dirs.add(live);
        TemporaryPostgres.reapOrphans(base);
        assertThat(stale).doesNotExist();
        assertThat(live).exists();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private LocalPostgres fresh(PostgresBinaries binaries, List<String> databases) throws Exception {
        LocalPostgres pg = track(new LocalPostgres(binaries, newDir().resolve("data"), freePort(), List.of(), progress::add));
        pg.initialize(databases);
        return pg;
    }

    private LocalPostgres track(LocalPostgres pg) {
        started.add(pg);
        return pg;
    }

    private Path newDir() throws Exception {
        Path d = Files.createTempDirectory(PostgresBinaries.userTempDir(), "it-");
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        dirs.add(d);
        return d;
    }

    private static Connection connect(LocalPostgres pg, String db) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", LocalPostgres.USER);
        p.setProperty("password", pg.password());
        return DriverManager.getConnection(pg.jdbcUrl(db), p);
    }

    private static int count(LocalPostgres pg) throws SQLException {
        return count(pg, "SELECT count(*) FROM t");
    }

    private static int count(LocalPostgres pg, String query) throws SQLException {
        try (Connection c = connect(pg, "keyless"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
