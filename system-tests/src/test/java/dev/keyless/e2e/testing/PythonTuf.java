package dev.keyless.e2e.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * python-tuf's ngclient (PyPI {@code tuf}, pinned in {@code e2e/python-tuf/requirements.txt}), an independent TUF client,
 * through {@code e2e/python-tuf/tuf_client.py}. The first use creates {@code e2e/python-tuf/.venv} with
 * {@code python3 -m venv} and installs the pinned packages from PyPI; without python3 the test fails saying so.
 */
public final class PythonTuf {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long INSTALL_MINUTES = 5;
    private static final long RUN_SECONDS = 120;

    /** What the client printed: ok with the root version and the targets' hashes, or the error it refused with. */
    public record Result(boolean ok, int rootVersion, JsonNode targets, String error, String output) {
    }

    private PythonTuf() {
    }

    static Path directory() {
        Path dir = Path.of("..", "e2e", "python-tuf").toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("tuf_client.py"))) {
            throw new IllegalStateException("python-tuf driver not found at " + dir);
        }
        return dir;
    }

    /** The virtual environment's python, created and filled on first use. */
    public static synchronized Path python() throws IOException, InterruptedException {
        Path dir = directory();
        Path python = dir.resolve(".venv/bin/python");
        Path installed = dir.resolve(".venv/installed.txt");
        String requirements = Files.readString(dir.resolve("requirements.txt"), StandardCharsets.UTF_8);
        if (Files.isExecutable(python) && Files.exists(installed)
                && Files.readString(installed, StandardCharsets.UTF_8).equals(requirements)) {
            return python;
        }
        run(dir, List.of("python3", "-m", "venv", "--clear", dir.resolve(".venv").toString()),
                "python3 (with its venv module) is needed for the python-tuf client: install python3 and python3-venv");
        run(dir, List.of(python.toString(), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r",
                dir.resolve("requirements.txt").toString()), "pip could not install python-tuf from PyPI");
        Files.writeString(installed, requirements, StandardCharsets.UTF_8);
        return python;
    }

    private static void run(Path dir, List<String> command, String whatToDo) throws IOException, InterruptedException {
        Path log = dir.resolve("install.log");
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException(whatToDo, e);
        }
        if (!p.waitFor(INSTALL_MINUTES, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(whatToDo + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    /** Refreshes from {@code mirror} with the cache in {@code cache} and downloads {@code targets}. */
    public static Result refresh(String mirror, Path initialRoot, Path cache, Path caCertificate, String... targets)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python().toString(), directory().resolve("tuf_client.py").toString(),
                "--mirror", mirror, "--root", initialRoot.toString(), "--cache", cache.toString(), "--ca",
                caCertificate.toString()));
        if (targets.length > 0) {
            command.add("--targets");
            command.add(String.join(",", targets));
        }
        Path out = Files.createTempFile("python-tuf", ".out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(RUN_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("python-tuf did not finish within " + RUN_SECONDS + " s");
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        Files.deleteIfExists(out);
        String last = output.strip().lines().reduce((a, b) -> b).orElse("");
        if (!last.startsWith("{")) {
            return new Result(false, 0, null, "no result", output);
        }
        JsonNode r = JSON.readTree(last);
        return new Result(r.path("ok").asBoolean() && p.exitValue() == 0, r.path("root_version").asInt(0),
                r.path("targets"), r.path("error").asString(""), output);
    }
}
