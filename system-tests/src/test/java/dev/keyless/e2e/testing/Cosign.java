package dev.keyless.e2e.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a pinned Go program (cosign, crane) as a user would: its own home directory (so nothing of the machine's
 * {@code ~/.sigstore} or registry logins is read or written), Go's {@code SSL_CERT_FILE} holding only the CA's TLS
 * certificate (so the public-good instance could not be reached even by mistake), and the environment given.
 */
public final class Cosign {
    private static final long RUN_SECONDS = 120;

    /** What one run printed and how it ended. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** For assertion messages. */
        public String describe() {
            return String.join(" ", command) + "\nexit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private final Path program;
    private final Path home;
    private final Map<String, String> env;

    public Cosign(Path program, Path home, Path caTlsCertificate) {
        this(program, home, Map.of("SSL_CERT_FILE", caTlsCertificate.toString()));
    }

    private Cosign(Path program, Path home, Map<String, String> env) {
        this.program = program;
        this.home = home;
        this.env = Map.copyOf(env);
    }

    /** The same environment with another program (crane beside cosign). */
    public Cosign program(Path other) {
        return new Cosign(other, home, env);
    }

    /** The same program with more environment variables. */
    public Cosign with(Map<String, String> more) {
        Map<String, String> all = new HashMap<>(env);
        all.putAll(more);
        return new Cosign(program, home, all);
    }

    public Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(program.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Files.createDirectories(home);
        pb.environment().keySet().removeIf(k -> k.startsWith("SIGSTORE_") || k.startsWith("TUF_") || k.startsWith("COSIGN_")
                || k.startsWith("SSL_CERT") || k.equals("DOCKER_CONFIG"));
        pb.environment().put("HOME", home.toString());
        pb.environment().put("TUF_ROOT", home.resolve(".sigstore/root").toString());
        pb.environment().putAll(env);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(RUN_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " did not finish within " + RUN_SECONDS + " s");
        }
        Result r = new Result(cmd, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }
}
