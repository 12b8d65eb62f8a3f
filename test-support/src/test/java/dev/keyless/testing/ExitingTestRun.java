package dev.keyless.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test run in miniature, for {@link TestRunCleanupIT}: takes the shared database and two more, as the
 * end-to-end tests do, and a temporary directory (with a subdirectory and a file in it) and a temporary file;
 * prints {@code db <name>} and {@code path <path>} lines (and {@code pgdir}/{@code pgpid} for its own throwaway
 * server, if it started one) and exits, leaving the clean-up to the shutdown hooks.
 */
public final class ExitingTestRun {
    private ExitingTestRun() {
    }

    public static void main(String[] args) throws IOException {
        System.out.println("db " + name(TestDatabase.shared()));
        for (int i = 0; i < 2; i++) {
            System.out.println("db " + name(TestDatabase.createAnother()));
        }
        TestDatabase.server().ifPresent(pg -> {
            System.out.println("pgdir " + pg.dataDir().getParent());
            System.out.println("pgpid " + pg.pid().orElseThrow());
        });
        Path dir = TempDirs.directory("exiting-test-run");
        Files.writeString(Files.createDirectory(dir.resolve("keys")).resolve("key.pem"), "not a key");
        System.out.println("path " + dir);
        System.out.println("path " + TempDirs.file("exiting-test-run", ".pem"));
        System.exit(0);
    }

    private static String name(TestDatabase db) {
        String url = db.jdbcUrl();
        int query = url.indexOf('?');
        return url.substring(url.lastIndexOf('/') + 1, query >= 0 ? query : url.length());
    }
}
