package dev.keyless.admin;

import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.PublicKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rotates the Rekor log key of a running tlog-service in one step, without a restart (docs/operations.md section 2):
 * <ol>
 * <li>copies the current key file into {@code <data-dir>/retired-rekor-keys/}, where tlog-service finds the keys of
 *     frozen shards (at every later start too);</li>
 * <li>writes a new ECDSA P-256 key over the key file (whole, then renamed into place), encrypted with
 *     {@code KEYLESS_TLOG_REKOR_KEY_PASSWORD} when that is set;</li>
 * <li>waits until tlog-service serves the new key (it froze the active shard and started a new one);</li>
 * <li>with {@code --ca}, waits until ca-service's {@code trusted_root.json} lists it (within
 *     {@code keyless.ca.trust-root.refresh}).</li>
 * </ol>
 * Then {@code ./dev tuf publish --ca URL} hands clients the new trust root; {@code ./dev rotate rekor} runs both.
 *
 * <pre>
 * RekorRotateCommand --data-dir data/tlog [--key-file FILE] --tlog http://localhost:3000
 *                    [--ca https://localhost:5555 --ca-tls-cert FILE] [--wait 6m]
 * </pre>
 */
public final class RekorRotateCommand {
    public static final String PASSWORD_ENV = "KEYLESS_TLOG_REKOR_KEY_PASSWORD";
    static final Duration TLOG_WAIT = Duration.ofMinutes(2);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RekorRotateCommand() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = TrustRootCommand.parse(args);
        String tls = opt.getOrDefault("ca-tls-cert", "");
        String password = System.getenv(PASSWORD_ENV);
        try {
            System.out.println(rotate(Path.of(opt.getOrDefault("data-dir", "data/tlog")),
                    opt.containsKey("key-file") ? Path.of(opt.get("key-file")) : null,
                    URI.create(opt.getOrDefault("tlog", "http://localhost:3000")),
                    opt.containsKey("ca") ? URI.create(opt.get("ca")) : null,
                    TrustRootCommand.client(tls.isEmpty() ? null : Path.of(tls)),
                    Duration.parse("PT" + opt.getOrDefault("wait", "6m").toUpperCase(java.util.Locale.ROOT)),
                    password == null || password.isEmpty() ? null : password.toCharArray()));
        } catch (IllegalStateException | IllegalArgumentException e) {
            System.err.println("rotate rekor: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Rotates; returns what to tell the operator. */
    public static String rotate(Path dataDir, Path keyFile, URI tlog, URI ca, HttpClient http, Duration caWait,
            char[] password) throws IOException, InterruptedException {
        Path key = keyFile != null ? keyFile : dataDir.resolve("rekor-key.pem");
        if (!Files.exists(key)) {
            throw new IllegalArgumentException("no Rekor key at " + key + ": give --data-dir (or --key-file)");
        }
        Instant now = Instant.now();
        // The old key first, where tlog-service looks for the keys of frozen shards: a crash after this step leaves
        // the log as it was, with one more retired key on file.
        Path retired = Files.createDirectories(dataDir.resolve("retired-rekor-keys"));
        Path copy = retired.resolve("rekor-" + now.getEpochSecond() + ".pem");
        writeAtomically(copy, Files.readAllBytes(key));
        KeyPair next = PrivateKeys.generateEc(EcCurve.P256, new SecureRandom());
        String pem = password == null ? PrivateKeys.toPem(next.getPrivate())
                : PrivateKeys.toEncryptedPem(next.getPrivate(), password, new SecureRandom());
        writeAtomically(key, pem.getBytes(StandardCharsets.US_ASCII));

        await(TLOG_WAIT, "tlog-service at " + tlog + " to serve the new key (keyless.tlog.rotation.reload-interval)",
                () -> PublicKeys.parsePem(TrustRootCommand.get(http, tlog.resolve("/api/v1/log/publicKey"))).equals(next.getPublic()));
        if (ca != null) {
            await(caWait, "ca-service at " + ca + " to list the new key (keyless.ca.trust-root.refresh)",
                    () -> listsKey(TrustRootCommand.get(http, ca.resolve("/trusted_root.json")), next.getPublic()));
        }
        return "Rekor key rotated: a new shard takes entries under the new key; the old key is kept in " + copy
                + (ca == null ? "" : " and listed by ca-service") + ". Publish the new trust root: ./dev tuf publish --ca "
                + (ca == null ? "<ca URL>" : ca);
    }

    private static boolean listsKey(String trustedRoot, PublicKey key) {
        String der = Base64.getEncoder().encodeToString(PublicKeys.toDer(key));
        for (JsonNode log : JSON.readTree(trustedRoot).path("tlogs")) {
            if (der.equals(log.path("publicKey").path("rawBytes").asString(""))) {
                return true;
            }
        }
        return false;
    }

    private interface Check {
        boolean done() throws IOException, InterruptedException;
    }

    private static void await(Duration limit, String what, Check check) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                if (check.done()) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                last = ": " + e.getMessage();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("gave up waiting " + limit + " for " + what + last);
    }

    private static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "rekor", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
