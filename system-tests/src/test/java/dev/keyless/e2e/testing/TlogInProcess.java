package dev.keyless.e2e.testing;

import dev.keyless.ca.issuance.DevelopmentCa;
import dev.keyless.common.crypto.Certificates;
import dev.keyless.testing.TempDirs;
import dev.keyless.testing.TestDatabase;
import dev.keyless.tlog.TlogApplication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real tlog-service (Rekor log and CT log) in the test's JVM, on this run's PostgreSQL database, accepting
 * the development CA of {@code caData} as its CT root. The development CA is created first (ca-service then
 * loads the same one) so that its root can be configured into the CT log.
 *
 * <p>{@code spring.config.name} keeps ca-service's application.yaml (first on this classpath) away from it.
 */
public record TlogInProcess(ConfigurableApplicationContext context, int port, Path dataDir, List<X509Certificate> caChain,
        TestDatabase db) implements AutoCloseable {

    public static TlogInProcess start(Path caData) throws IOException {
        // A database per start: each start generates its own log keys, and a Rekor shard keeps the key it began with.
        return start(caData, TestDatabase.createAnother());
    }

    /** As {@link #start(Path)}, on the given database (for tests that stop its server). */
    public static TlogInProcess start(Path caData, TestDatabase db) throws IOException {
        Path tlogData = TempDirs.directory("tlog-in-ca-it");
        List<X509Certificate> caChain = DevelopmentCa.loadOrCreate(caData, Clock.systemUTC()).chain();
        Path roots = tlogData.resolve("ca-root.pem");
        Files.writeString(roots, Certificates.toPem(caChain.get(caChain.size() - 1)), StandardCharsets.US_ASCII);
        return run(db, 0, tlogData, caChain);
    }

    /**
     * Stops this tlog-service and starts it again on the same port, database and data directory (so with the same
     * keys, unless the caller moved a key file away), with {@code extraArgs} added.
     */
    public TlogInProcess restart(String... extraArgs) {
        context.close();
        return run(db, port, dataDir, caChain, extraArgs);
    }

    /** As {@link #restart}, on another database (a copy of this one: a restored backup, a diverging replica). */
    public TlogInProcess restartOn(TestDatabase other, String... extraArgs) {
        context.close();
        return run(other, port, dataDir, caChain, extraArgs);
    }

    /**
     * A second tlog-service running beside this one, on {@code other} (a copy of this one's database) and a copy of
     * this one's data directory: the same keys and trees, another port. Two logs that then accept different entries
     * are a fork, each validly signed.
     */
    public TlogInProcess besideOn(TestDatabase other) throws IOException {
        Path copy = TempDirs.directory("tlog-beside");
        try (var files = Files.walk(dataDir)) {
            for (Path from : (Iterable<Path>) files::iterator) {
                Path to = copy.resolve(dataDir.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return run(other, 0, copy, caChain);
    }

    private static TlogInProcess run(TestDatabase db, int port, Path tlogData, List<X509Certificate> caChain,
            String... extraArgs) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.config.name=tlog-in-ca-it",
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--spring.datasource.url=" + db.jdbcUrl(),
                "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + (db.password() == null ? "" : db.password()),
                // As in tlog-service's application.yaml, which ca-service's own shadows on this class path.
                "--spring.datasource.hikari.connection-timeout=3000",
                "--spring.datasource.hikari.validation-timeout=1000",
                "--keyless.tlog.data-dir=" + tlogData,
                "--keyless.tlog.ct.roots[0]=" + tlogData.resolve("ca-root.pem"),
                // Rotations without restart are seen within a second (RekorRotationIT, TufIT's new CA root).
                "--keyless.tlog.rotation.reload-interval=1s"));
        args.addAll(List.of(extraArgs));
        ConfigurableApplicationContext tlog = new SpringApplicationBuilder(TlogApplication.class).run(args.toArray(String[]::new));
        int bound = Integer.parseInt(tlog.getEnvironment().getProperty("local.server.port"));
        return new TlogInProcess(tlog, bound, tlogData, caChain, db);
    }

    /** The CT log's public key file, written by tlog-service next to its key. */
    public Path ctPublicKey() {
        return dataDir.resolve("ct-key.pub.pem");
    }

    @Override
    public void close() {
        context.close();
    }
}
