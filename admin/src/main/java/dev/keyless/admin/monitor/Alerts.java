package dev.keyless.admin.monitor;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where alerts go: a JSON line each ({@code out}, stdout in the command), a POST of the same JSON to the operator's
 * webhook when one is configured (a failed POST is reported on {@code errors} and not retried), and a counter per
 * alert kind, served in the Prometheus text format ({@link #prometheus()}).
 */
final class Alerts {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Consumer<String> out;
    private final URI webhook;
    private final HttpClient http;
    private final PrintStream errors;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    Alerts(Consumer<String> out, URI webhook, HttpClient http, PrintStream errors) {
        this.out = out;
        this.webhook = webhook;
        this.http = http;
        this.errors = errors;
    }

    /** One alert: {@code {"alert": kind, ...fields}}. */
    void emit(String kind, Map<String, Object> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alert", kind);
        m.putAll(fields);
        String line = JSON.writeValueAsString(m);
        counts.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        out.accept(line);
        if (webhook != null) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(line, StandardCharsets.UTF_8)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 != 2) {
                    errors.println("webhook " + webhook + " answered " + r.statusCode() + " to a " + kind + " alert");
                }
            } catch (java.io.IOException e) {
                errors.println("webhook " + webhook + " failed for a " + kind + " alert: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The counters, in the Prometheus text format. */
    String prometheus() {
        StringBuilder b = new StringBuilder("# HELP keyless_monitor_alerts_total Alerts raised, by kind.\n"
                + "# TYPE keyless_monitor_alerts_total counter\n");
        new TreeMap<>(counts).forEach((kind, n) -> b.append("keyless_monitor_alerts_total{kind=\"").append(kind)
                .append("\"} ").append(n.get()).append('\n'));
        return b.toString();
    }
}
