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
 * A real browser for the web console's tests: Debian's {@code chromium}, headless, driven by {@code playwright-core}
 * through {@code e2e/browser/console-check.mjs}. The npm package comes from the committed lock file ({@code npm ci},
 * first use); chromium is installed with apt-get, pinned, when it is missing and the tests run as root, and otherwise
 * the test fails saying what to install. Never skipped.
 */
public final class Browser {
    /** Debian 12's chromium package, pinned. */
    public static final String CHROMIUM_PACKAGE = "chromium=156.0.8078.129-1~deb12u1";
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long RUN_MINUTES = 3;

    /** What one page showed once it settled. */
    public record Page(String name, long millis, JsonNode seen) {
        public String title() {
            return seen.path("title").asString();
        }

        public List<String> messages() {
            List<String> out = new ArrayList<>();
            seen.path("messages").forEach(m -> out.add(m.asString()));
            return out;
        }

        /** Status ("passed", "failed", "skipped") of the check with this id, or null if the page had none. */
        public String check(String id) {
            for (JsonNode c : seen.path("checks")) {
                if (c.path("id").asString().equals(id)) {
                    return c.path("status").asString();
                }
            }
            return null;
        }

        public String checkDetail(String id) {
            for (JsonNode c : seen.path("checks")) {
                if (c.path("id").asString().equals(id)) {
                    return c.path("detail").asString();
                }
            }
            return null;
        }

        public List<List<String>> rows() {
            List<List<String>> out = new ArrayList<>();
            seen.path("rows").forEach(r -> {
                List<String> cells = new ArrayList<>();
                r.forEach(c -> cells.add(c.asString()));
                out.add(cells);
            });
            return out;
        }

        public String fact(String label) {
            return seen.path("facts").path(label).asString(null);
        }

        public List<String> errors() {
            List<String> out = new ArrayList<>();
            seen.path("errors").forEach(e -> out.add(e.asString()));
            return out;
        }
    }

    /** One step: open {@code <console>#<hash>}, or type {@code fill} into that page's search box and submit. */
    public record Step(String name, String hash, String fill) {
        public static Step open(String name, String hash) {
            return new Step(name, hash, null);
        }
    }

    private Browser() {
    }

    static Path directory() {
        return GoTools.repositoryRoot().resolve("e2e/browser");
    }

    /** Runs the steps in one browser session; screenshots, one per step, go to {@code screenshots}. */
    public static List<Page> run(String consoleUrl, Path screenshots, List<Step> steps) throws Exception {
        Path node = SigstoreJs.node(); // the same Node 22 the sigstore-js tests run on
        install();
        Files.createDirectories(screenshots);
        List<Map<String, String>> plan = new ArrayList<>();
        for (Step s : steps) {
            plan.add(s.fill() == null ? Map.of("name", s.name(), "hash", s.hash())
                    : Map.of("name", s.name(), "hash", s.hash(), "fill", s.fill()));
        }
        ProcessBuilder pb = new ProcessBuilder(node.toString(), directory().resolve("console-check.mjs").toString())
                .directory(directory().toFile());
        pb.environment().put("KEYLESS_CONSOLE", consoleUrl);
        pb.environment().put("KEYLESS_CHROMIUM", CHROMIUM.toString());
        pb.environment().put("KEYLESS_SCREENSHOTS", screenshots.toString());
        pb.environment().put("KEYLESS_STEPS", JSON.writeValueAsString(plan));
        Path out = Files.createTempFile("console-check", ".out");
        Path err = Files.createTempFile("console-check", ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(RUN_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("the browser did not finish within " + RUN_MINUTES + " minutes");
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        String last = stdout.strip().lines().reduce((a, b) -> b).orElse("");
        if (p.exitValue() != 0 || !last.startsWith("{")) {
            throw new IllegalStateException("console-check.mjs failed (exit " + p.exitValue() + "):\n" + stdout + stderr);
        }
        List<Page> pages = new ArrayList<>();
        for (JsonNode s : JSON.readTree(last).path("steps")) {
            pages.add(new Page(s.path("name").asString(), s.path("ms").asLong(), s));
        }
        return pages;
    }

    /** Runs a script of e2e/browser with Node and returns its output; fails on a non-zero exit. */
    public static String node(String script) throws Exception {
        Path node = SigstoreJs.node();
        Process p = new ProcessBuilder(node.toString(), directory().resolve(script).toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(RUN_MINUTES, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(script + " failed:\n" + output);
        }
        return output;
    }

    static synchronized void install() throws IOException, InterruptedException {
        Path dir = directory();
        if (!Files.isDirectory(dir.resolve("node_modules/playwright-core"))) {
            exec(dir, List.of("npm", "ci", "--no-audit", "--no-fund"), "npm is needed to install playwright-core "
                    + "(install Node.js and npm, or run npm ci in " + dir + ")");
        }
        if (!Files.isExecutable(CHROMIUM)) {
            boolean root = "root".equals(System.getProperty("user.name"));
            if (!root) {
                throw new IllegalStateException("the console tests need Debian's chromium: apt-get install " + CHROMIUM_PACKAGE);
            }
            exec(dir, List.of("apt-get", "install", "-y", "-q", CHROMIUM_PACKAGE), "apt-get install " + CHROMIUM_PACKAGE
                    + " failed; install chromium (" + CHROMIUM + ") by hand");
        }
    }

    private static void exec(Path dir, List<String> cmd, String advice) throws IOException, InterruptedException {
        Path log = Files.createTempFile("browser-install", ".log");
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException(advice, e);
        }
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(advice + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
    }
}
