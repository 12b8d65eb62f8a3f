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
 * Nothing a test run makes is left once its JVM has exited: test runs share the machine's PostgreSQL server and
 * temporary directory, and what is left behind (invalid databases from a drop cut off halfway, directories of
 * generated keys) piles up run after run.
 */
class TestRunCleanupIT {
    @Test
    void aRunLeavesNoDatabaseAndNoTemporaryFileBehind() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int run = 0; run < 3; run++) { // the exit hooks run concurrently; a race shows in a few runs
            lines.addAll(runAndExit());
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

    private static List<String> runAndExit() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ExitingTestRun.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the run exits").isTrue();
        assertThat(p.exitValue()).isZero();
        return out.lines().toList();
    }
}
