package dev.keyless.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Nothing a test run makes is left once its JVM has exited: test runs share the machine's temporary directory (and,
 * with {@value TestDatabase#URL_ENV}, a PostgreSQL server), and what is left behind (invalid databases from a drop
 * cut off halfway, directories of generated keys, throwaway servers still running) piles up run after run.
 */
class TestRunCleanupIT {
    @Test
    void aRunLeavesNoDatabaseAndNoTemporaryFileBehind() throws Exception {
        List<String> lines = new ArrayList<>();
        String server = TestDatabase.shared().adminUrl();
        for (int run = 0; run < 3; run++) { // the exit hooks run concurrently; a race shows in a few runs
            lines.addAll(runAndExit(server));
        }
        List<String> databases = values(lines, "db ");
        List<Path> paths = values(lines, "path ").stream().map(Path::of).toList();
        assertThat(databases).hasSize(9).allMatch(n -> n.startsWith("keyless_test_"));
        assertThat(paths).hasSize(6);

        assertThat(paths).as("temporary directories and files after their runs exited").noneMatch(Files::exists);
        try (Connection c = TestDatabase.shared().connect();
             PreparedStatement ps = c.prepareStatement("SELECT datname FROM pg_database WHERE datname = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("text", databases.toArray()));
            List<String> left = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    left.add(rs.getString(1));
                }
            }
            assertThat(left).as("databases still on the server after their runs exited").isEmpty();
        }
    }

    private static List<String> values(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
    }

    @Test
    void aRunStopsAndRemovesItsOwnServer() throws Exception {
        List<String> lines = runAndExit(null);
        List<String> dirs = values(lines, "pgdir ");
        List<String> pids = values(lines, "pgpid ");
        assertThat(dirs).as("the run started a throwaway server").hasSize(1);
        assertThat(Path.of(dirs.get(0))).as("its directory after the run exited").doesNotExist();
        assertThat(ProcessHandle.of(Long.parseLong(pids.get(0))).map(ProcessHandle::isAlive).orElse(false))
                .as("its server process after the run exited").isFalse();
    }

    /** Runs {@link ExitingTestRun} on the given server (admin URL), or on a throwaway server of its own. */
    private static List<String> runAndExit(String server) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ExitingTestRun.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT);
        if (server != null) {
            TestDatabase shared = TestDatabase.shared();
            pb.environment().put(TestDatabase.URL_ENV, server);
            pb.environment().put(TestDatabase.USER_ENV, shared.user());
            pb.environment().put(TestDatabase.PASSWORD_ENV, shared.password());
        } else {
            pb.environment().remove(TestDatabase.URL_ENV);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the run exits").isTrue();
        assertThat(p.exitValue()).isZero();
        return out.lines().toList();
    }
}
