package dev.keyless.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every database a test run makes is gone when its JVM has exited: test runs share the machine's server, and
 * databases left behind (invalid ones among them, from a drop cut off halfway) pile up run after run.
 */
class TestDatabaseCleanupIT {
    @Test
    void aRunLeavesNoDatabaseBehind() throws Exception {
        List<String> names = new ArrayList<>();
        for (int run = 0; run < 3; run++) { // the hooks race; a few runs make a cut-off drop near certain
            names.addAll(runAndExit());
        }
        assertThat(names).hasSize(9).allMatch(n -> n.startsWith("keyless_test_"));
        try (Connection c = TestDatabase.shared().connect();
             PreparedStatement ps = c.prepareStatement("SELECT datname FROM pg_database WHERE datname = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("text", names.toArray()));
            List<String> left = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    left.add(rs.getString(1));
                }
            }
            assertThat(left).as("databases still on the server after their test runs exited").isEmpty();
        }
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
