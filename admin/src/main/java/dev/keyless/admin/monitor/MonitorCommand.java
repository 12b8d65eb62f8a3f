package dev.keyless.admin.monitor;

import com.sun.net.httpserver.HttpServer;
import dev.keyless.admin.TrustRootCommand;
import dev.keyless.common.crypto.PublicKeys;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./dev monitor}: follows a Rekor v1 log ({@link RekorMonitor}) as a long-lived process, or once.
 *
 * <pre>
 * monitor --rekor http://localhost:3000 --trusted-root trusted_root.json --state data/monitor/state.json
 * monitor --tiles http://localhost:3000 --trusted-root trusted_root.json --state data/monitor/v2-state.json
 * monitor --ct http://localhost:3000 --trusted-root trusted_root.json --state data/monitor/ct-state.json
 *         [--rules rules.yaml] [--interval 10s] [--metrics-port 9464] [--once true] [--progress auto|bar|lines]
 * </pre>
 *
 * The log key is the one {@code trusted_root.json} lists for that URL without an end (or {@code --key PEM}, with
 * {@code --hostname} its checkpoint key name, by default the URL's host). Alerts are JSON lines on stdout (and POSTed
 * to the rules file's webhook); progress (a bar on a terminal, else a line every ten seconds) and errors go to stderr. With {@code --once true} the exit status is 0
 * without alerts and 3 with some.
 */
public final class MonitorCommand {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MonitorCommand() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = TrustRootCommand.parse(args);
        List<String> kinds = Stream.of("rekor", "tiles", "ct").filter(opt::containsKey).toList();
        if (kinds.size() > 1) {
            throw new IllegalArgumentException("one log: --rekor (Rekor v1), --tiles (tlog-tiles, Rekor v2) or --ct (a CT log)");
        }
        String kind = kinds.isEmpty() ? "rekor" : kinds.get(0);
        URI rekor = URI.create(opt.getOrDefault(kind, "http://localhost:3000"));
        Path trustedRoot = Path.of(opt.getOrDefault("trusted-root", "trusted_root.json"));
        List<PublicKey> key = opt.containsKey("key") ? List.of(PublicKeys.parsePem(Files.readString(Path.of(opt.get("key")))))
                : keysFrom(trustedRoot, kind.equals("ct") ? "ctlogs" : "tlogs", rekor, Instant.now());
        IdentityRules rules = opt.containsKey("rules") ? IdentityRules.read(Path.of(opt.get("rules"))) : IdentityRules.none();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Alerts alerts = new Alerts(out::println, rules.webhook(), http, System.err);
        String keyName = opt.getOrDefault("hostname", rekor.getHost());
        FollowedLog log = switch (kind) {
            case "tiles" -> new TiledLog(rekor, http, keyName);
            case "ct" -> new Rfc6962Log(rekor, http);
            default -> new RekorV1Log(rekor, http, keyName);
        };
        RekorMonitor monitor = new RekorMonitor(log, key, Path.of(opt.getOrDefault("state", "data/monitor/state.json")),
                rules, alerts, System.err,
                switch (opt.getOrDefault("progress", "auto")) {
                    case "bar" -> true;
                    case "lines" -> false;
                    case "auto" -> stderrIsTerminal();
                    default -> throw new IllegalArgumentException("--progress: want auto, bar or lines");
                });
        if (opt.containsKey("metrics-port")) {
            HttpServer metrics = HttpServer.create(new InetSocketAddress("127.0.0.1",
                    Integer.parseInt(opt.get("metrics-port"))), 0);
            metrics.createContext("/metrics", ex -> {
                byte[] body = alerts.prometheus().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            metrics.start();
        }
        if (Boolean.parseBoolean(opt.getOrDefault("once", "false"))) {
            System.exit(monitor.poll().alert() == null ? 0 : 3);
        }
        Duration interval = Duration.parse("PT" + opt.getOrDefault("interval", "10s").toUpperCase(Locale.ROOT));
        while (true) {
            try {
                RekorMonitor.Poll p = monitor.poll();
                if (p.newEntries() > 0) {
                    System.err.println("verified " + p.verifiedSize() + " entries (" + p.newEntries() + " new)");
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("monitor: " + e.getMessage() + "; retrying in " + interval);
            }
            Thread.sleep(interval.toMillis());
        }
    }

    /**
     * The current log keys {@code trusted_root.json} lists for a URL, in {@code tlogs} or {@code ctlogs}: those with no
     * {@code validFor.end}, or one still ahead of {@code now} (a rotated key in its grace, which a process that has not
     * switched yet still signs with). A deployment running Rekor v1 and v2 on one host lists two, and more during a
     * key's overlap: the signed head says which.
     */
    static List<PublicKey> keysFrom(Path trustedRoot, String section, URI rekor, Instant now) throws IOException {
        String want = rekor.toString().replaceAll("/+$", "");
        List<PublicKey> keys = new ArrayList<>();
        for (JsonNode log : JSON.readTree(Files.readAllBytes(trustedRoot)).path(section)) {
            if (log.path("baseUrl").asString("").replaceAll("/+$", "").equals(want)
                    && (!log.path("publicKey").path("validFor").has("end")
                            || Instant.parse(log.path("publicKey").path("validFor").path("end").asString()).isAfter(now))) {
                PublicKey key = PublicKeys.parseDer(Base64.getDecoder().decode(log.path("publicKey").path("rawBytes").asString("")));
                if (key instanceof ECPublicKey && !keys.contains(key)) { // checkpoints and tree heads here are ECDSA-signed
                    keys.add(key);
                }
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(trustedRoot + " lists no current ECDSA key for " + rekor + " in " + section);
        }
        return keys;
    }

    /** A terminal for the progress bar: {@code Console.isTerminal()} where the JDK has it (22+), else a console at all. */
    static boolean stderrIsTerminal() {
        java.io.Console console = System.console();
        if (console == null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
