package dev.keyless.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.admin.monitor.MonitorAccess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The monitor following the Rekor v2 log as C2SP tlog-tiles (checkpoint and entry bundles), with the keys
 * trusted_root.json lists for the host (v1's and v2's: the checkpoint's signature picks): it catches up, then raises
 * an identity alert within 5 seconds of cosign signing through v2 as a watched identity.
 */
class MonitorV2IT extends CosignTestBase {
    @DynamicPropertySource
    static void rekorV2(DynamicPropertyRegistry r) {
        r.add("keyless.ca.trust-root.rekor-v2-url", () -> "http://localhost:" + tlog.port());
    }

    @Test
    void aWatchedIdentitySigningThroughRekorV2IsAnAlertWithinFiveSeconds() throws Exception {
        Path rules = Files.writeString(dir.resolve("rules.yaml"), """
                rules:
                  - name: alice-signs
                    san: alice@example.com
                  - name: bob-signs
                    san: bob@example.com
                """);
        List<String> alerts = new CopyOnWriteArrayList<>();
        MonitorAccess monitor = MonitorAccess.createTiled(URI.create("http://localhost:" + tlog.port()), trustedRoot,
                rules, dir.resolve("v2-monitor-state.json"), alerts::add);
        long caughtUp = monitor.poll(); // the v2 log's genesis entry, and what other tests logged through v2
        assertThat(caughtUp).isPositive();
        alerts.clear();

        Path blob = Files.writeString(dir.resolve("watched-v2.txt"), "signed through v2 while the monitor watches");
        ok(cosign.run("sign-blob", "-y", "--identity-token", emailToken(), "--bundle",
                dir.resolve("watched-v2.sigstore.json").toString(), "--trusted-root", trustedRoot.toString(),
                "--signing-config", signingConfig.toString(), blob.toString()));
        assertThat(Files.readString(dir.resolve("watched-v2.sigstore.json"))).as("logged in v2").contains("\"0.0.2\"");
        long signed = System.nanoTime();
        while (alerts.isEmpty() && System.nanoTime() - signed < 5_000_000_000L) {
            monitor.poll();
            Thread.sleep(200);
        }
        System.out.println("[monitor v2] identity alert " + (System.nanoTime() - signed) / 1e9 + " s after cosign returned: "
                + alerts);
        assertThat(alerts).as("within 5 s").singleElement().asString()
                .contains("\"alert\":\"identity\"").contains("\"rule\":\"alice-signs\"").contains("alice@example.com");
        assertThat(monitor.poll()).isEqualTo(caughtUp + 1);
    }
}
