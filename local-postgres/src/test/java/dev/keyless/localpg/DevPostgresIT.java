package dev.keyless.localpg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The database process of {@code ./dev run}, as the script runs it (its own process group, as a shell job is):
 * killed with {@code kill -9} together with everything it started, or alone (leaving its server behind), the next
 * start on the same data directory comes up with the data, on the same port, without a hand in between.
 */
class DevPostgresIT {
    private final List<Process> launched = new ArrayList<>();
    private Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : launched) {
            signalGroup(p, "TERM");
            p.waitFor(30, TimeUnit.SECONDS);
        }
        FileTrees.delete(dir);
    }

    @Test
    void aRunKilledWithItsWholeProcessGroupOrAloneDoesNotBlockTheNextStart() throws Exception {
        dir = Files.createTempDirectory(PostgresBinaries.userTempDir(), "dev-run-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path env = dir.resolve("postgres.env");

        Process first = launch(port, env);
        try (Connection c = connect(env); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (v int)");
            s.execute("INSERT INTO kept VALUES (42)");
        }
        signalGroup(first, "KILL"); // kill -9 of the whole run: the launcher and the server it started
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();

        Process second = launch(port, env);
        assertThat(kept(env)).isEqualTo(42);
        second.destroyForcibly(); // kill -9 of the launcher alone: its server keeps running, holding the port
        assertThat(second.waitFor(10, TimeUnit.SECONDS)).isTrue();

        Process third = launch(port, env);
        assertThat(kept(env)).isEqualTo(42);
        assertThat(Files.readString(dir.resolve("third.out"))).contains("left running on " + dir.resolve("data"));
        assertThat(third.isAlive()).isTrue();
    }

    private Process launch(int port, Path env) throws Exception {
        Files.deleteIfExists(env);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String name = launched.size() == 0 ? "first" : launched.size() == 1 ? "second" : "third";
        // setsid: a process group of its own, like a job of the ./dev run script.
        Process p = new ProcessBuilder("setsid", java, "-cp", System.getProperty("java.class.path"),
                DevPostgres.class.getName(), "--data", dir.resolve("data").toString(), "--port", Integer.toString(port),
                "--database", "keyless", "--env-file", env.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".out").toFile()).start();
        launched.add(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(env)) {
            assertThat(p.isAlive()).as("the %s launcher is running; its output: %s", name, output(name)).isTrue();
            assertThat(System.nanoTime()).as("the %s launcher wrote %s", name, env).isLessThan(deadline);
            Thread.sleep(50);
        }
        return p;
    }

    private String output(String name) {
        try {
            return Files.readString(dir.resolve(name + ".out"));
        } catch (IOException e) {
            return "(none)";
        }
    }

    /** Signals the process group (which may outlive its leader: a server left behind by a killed launcher). */
    private static void signalGroup(Process p, String signal) throws Exception {
        new ProcessBuilder("kill", "-s", signal, "--", "-" + p.pid()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    private static Connection connect(Path env) throws Exception {
        Map<String, String> vars = Files.readAllLines(env).stream().filter(l -> l.contains("="))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
        Properties p = new Properties();
        p.setProperty("user", vars.get("KEYLESS_DB_USER"));
        p.setProperty("password", vars.get("KEYLESS_DB_PASSWORD"));
        return DriverManager.getConnection(vars.get("KEYLESS_DB_URL"), p);
    }

    private static int kept(Path env) throws Exception {
        try (Connection c = connect(env); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
