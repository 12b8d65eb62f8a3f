package dev.keyless.testing;

import dev.keyless.localpg.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Temporary directories and files for a test run (one JVM), deleted with everything in them when the JVM exits.
 * They hold generated CA, log and TLS keys, and outlive any one test class because Spring keeps application
 * contexts (whose data directories they are) until the JVM exits; JUnit's {@code @TempDir} would delete them under
 * a cached context. Test runs share the machine, so nothing may be left behind.
 */
public final class TempDirs {
    private static final List<Path> CREATED = new ArrayList<>();
    private static boolean hooked;

    private TempDirs() {
    }

    /** A new directory under the system's temporary directory, named {@code prefix} and a random part. */
    public static Path directory(String prefix) {
        try {
            return register(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
    }

    /** A new empty file under the system's temporary directory. */
    public static Path file(String prefix, String suffix) {
        try {
            return register(Files.createTempFile(prefix, suffix));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file", e);
        }
    }

    private static synchronized Path register(Path path) {
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(new Thread(TempDirs::deleteAll, "delete-temp-dirs"));
            hooked = true;
        }
        CREATED.add(path);
        return path;
    }

    private static synchronized void deleteAll() {
        CREATED.forEach(FileTrees::delete);
    }
}
