package dev.keyless.e2e.testing;

import dev.keyless.testing.Ports;
import dev.keyless.testing.TempDirs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * An OCI registry on loopback for the cosign tests: the CNCF distribution registry ({@link #distribution()}), which
 * has no OCI 1.1 referrers API, so cosign keeps its signatures under fallback tags as it does with most registries in
 * the field; or go-containerregistry's registry with the referrers API on ({@link #withReferrers()}), where they are
 * referrers of the image. Plain HTTP: cosign and crane use plain HTTP for {@code localhost:*} by themselves.
 */
public final class OciRegistry implements AutoCloseable {
    private final Process process;
    private final int port;

    private OciRegistry(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static OciRegistry distribution() throws IOException, InterruptedException {
        Path dir = TempDirs.directory("oci-registry");
        int port = Ports.unused();
        Path config = dir.resolve("config.yml");
        Files.writeString(config, String.format(Locale.ROOT, """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                """, dir.resolve("storage"), port));
        return start(dir, port, GoTools.registry().toString(), "serve", config.toString());
    }

    /** go-containerregistry's in-memory registry with the referrers API on (e2e/oci-registry). */
    public static OciRegistry withReferrers() throws IOException, InterruptedException {
        int port = Ports.unused();
        return start(TempDirs.directory("oci-registry"), port, GoTools.ociRegistry().toString(), "-addr", "127.0.0.1:" + port);
    }

    private static OciRegistry start(Path dir, int port, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "stop-oci-registry"));
        OciRegistry r = new OciRegistry(p, port);
        r.awaitReady(dir.resolve("registry.log"));
        return r;
    }

    /** {@code localhost:<port>}, the host part of image references (plain HTTP for cosign and crane). */
    public String host() {
        return "localhost:" + port;
    }

    /** The status the registry answers for a GET of {@code path}. */
    public int status(String path) throws IOException, InterruptedException {
        return get(path).statusCode();
    }

    /** A GET of {@code path} (OCI manifests and indexes accepted). */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json")
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitReady(Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the registry exited: " + Files.readString(log));
            }
            try {
                if (status("/v2/") == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the registry did not start within 30 s: " + Files.readString(log));
    }

    @Override
    public void close() {
        process.destroy();
    }
}
