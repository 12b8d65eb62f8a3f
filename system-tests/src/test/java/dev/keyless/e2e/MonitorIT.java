package dev.keyless.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.admin.monitor.MonitorAccess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The monitor against the real log: it catches up on every entry already there, proving each in the signed tree, then
 * raises an identity alert within 5 seconds of cosign signing as the identity a rule names, and none for a rule that
 * names someone else. The alert counter is what Prometheus would scrape.
 */
class MonitorIT extends CosignTestBase {
    /** The identity counter in the Prometheus text; 0 before the first. */
    static long identityAlerts(String prometheus) {
        return prometheus.lines().filter(l -> l.startsWith("keyless_monitor_alerts_total{kind=\"identity\"} "))
                .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(0);
    }

    @Test
    void anIdentityInTheRulesSigningIsAnAlertWithinFiveSeconds() throws Exception {
        Path rules = Files.writeString(dir.resolve("rules.yaml"), """
                rules:
                  - name: alice-signs
                    san: alice@example.com
                  - name: bob-signs
                    san-regex: bob@.*
                """);
        List<String> alerts = new CopyOnWriteArrayList<>();
        MonitorAccess monitor = MonitorAccess.create(URI.create("http://localhost:" + tlog.port()), trustedRoot, rules,
                dir.resolve("monitor-state.json"), alerts::add);
        long caughtUp = monitor.poll(); // everything logged so far, by the other tests too (alice signed some)
        assertThat(caughtUp).isPositive();
        long counted = identityAlerts(monitor.prometheus());
        alerts.clear();

        Path blob = Files.writeString(dir.resolve("watched.txt"), "signed while the monitor watches");
        ok(cosign.run("sign-blob", "-y", "--identity-token", emailToken(), "--bundle",
                dir.resolve("watched.sigstore.json").toString(), "--trusted-root", trustedRoot.toString(),
                "--signing-config", signingConfig.toString(), blob.toString()));
        long signed = System.nanoTime();
        while (alerts.isEmpty() && System.nanoTime() - signed < 5_000_000_000L) {
            monitor.poll();
            Thread.sleep(200);
        }
        double seconds = (System.nanoTime() - signed) / 1e9;
        System.out.println("[monitor] identity alert " + seconds + " s after cosign returned: " + alerts);
        assertThat(alerts).as("within 5 s").singleElement().asString()
                .contains("\"alert\":\"identity\"").contains("\"rule\":\"alice-signs\"").contains("alice@example.com")
                .doesNotContain("bob-signs");
        assertThat(identityAlerts(monitor.prometheus())).isEqualTo(counted + 1);
        assertThat(monitor.poll()).as("the verified tree now holds the signed entry").isGreaterThan(caughtUp);
    }
}
