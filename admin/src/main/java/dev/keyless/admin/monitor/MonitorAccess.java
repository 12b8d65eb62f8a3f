package dev.keyless.admin.monitor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

/** The monitor as the system tests drive it: built as the command builds it, polled by the test. */
public final class MonitorAccess {
    private final RekorMonitor monitor;
    private final Alerts alerts;

    private MonitorAccess(RekorMonitor monitor, Alerts alerts) {
        this.monitor = monitor;
        this.alerts = alerts;
    }

    /** A Rekor v1 log, with the log keys {@code trustedRoot} lists for {@code rekor}, the checkpoint key name its host. */
    public static MonitorAccess create(URI rekor, Path trustedRoot, Path rules, Path state, Consumer<String> out)
            throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        return create(new RekorV1Log(rekor, http, rekor.getHost()), "tlogs", http, trustedRoot, rules, state, out);
    }

    /** As {@link #create}, for a C2SP tlog-tiles log (Rekor v2) at {@code url}. */
    public static MonitorAccess createTiled(URI url, Path trustedRoot, Path rules, Path state, Consumer<String> out)
            throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        return create(new TiledLog(url, http, url.getHost()), "tlogs", http, trustedRoot, rules, state, out);
    }

    /** As {@link #create}, for the CT log at {@code url} (its API at {@code <url>/ct/v1/}), with the CT keys. */
    public static MonitorAccess createCt(URI url, Path trustedRoot, Path rules, Path state, Consumer<String> out)
            throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        return create(new Rfc6962Log(url, http), "ctlogs", http, trustedRoot, rules, state, out);
    }

    private static MonitorAccess create(FollowedLog log, String section, HttpClient http, Path trustedRoot, Path rules,
            Path state, Consumer<String> out) throws IOException {
        IdentityRules r = IdentityRules.read(rules);
        Alerts alerts = new Alerts(out, r.webhook(), http, System.err);
        return new MonitorAccess(new RekorMonitor(log, MonitorCommand.keysFrom(trustedRoot, section, log.url(), java.time.Instant.now()),
                state, r, alerts, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false), alerts);
    }

    /** One poll; the verified tree size. */
    public long poll() throws IOException, InterruptedException {
        RekorMonitor.Poll p = monitor.poll();
        if (p.alert() != null) {
            throw new IllegalStateException("the monitor raised " + p.alert());
        }
        return p.verifiedSize();
    }

    /** One poll that is expected to raise an alert; its kind (null if none). */
    public String pollAlert() throws IOException, InterruptedException {
        return monitor.poll().alert();
    }

    public String prometheus() {
        return alerts.prometheus();
    }
}
