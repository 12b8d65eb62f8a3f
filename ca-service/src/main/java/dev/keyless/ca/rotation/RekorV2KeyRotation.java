package dev.keyless.ca.rotation;

import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.PublicKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The Rekor v2 log key's rotation without restart ({@code rotate rekor-v2}, docs/operations.md section 2). A v2 log
 * cannot start a new shard on the same host (clients require the checkpoint origin to be the URL's host), so the tree
 * goes on and its checkpoints are signed with the new key from the switch; clients tell the two keys apart by their
 * hash, the bundle's {@code logId}. Order, and what a crash leaves:
 * <ol>
 * <li>The old key's retired entry ({@link RetiredFiles}, kind {@code rekor-v2}) in ca-service's retired directory.
 *     ca-service leaves it out while the log still serves that key, so a crash here changes nothing clients see, and
 *     running the command again writes a later entry that supersedes it.</li>
 * <li>The new private key over the v2 log's key file; tlog-service signs with it at its next check.</li>
 * <li>Waits until the log serves the new key, then until ca-service's {@code trusted_root.json} lists it (within
 *     {@code keyless.ca.trust-root.refresh}): the old key until the grace after the switch, the new one from it.</li>
 * </ol>
 * Entries appended between the log's switch and a client's next trust root refresh carry a key that client does not
 * know yet: publish at once ({@code ./dev rotate rekor-v2} does).
 */
public final class RekorV2KeyRotation {
    static final int MAX_PEM_BYTES = 16 * 1024;
    static final Duration SUBMISSION_MARGIN = Duration.ofMinutes(1);

    private RekorV2KeyRotation() {
    }

    /**
     * @param tlogKey the v2 log's private key file ({@code keyless.tlog.rekor-v2.key}, or
     *     {@code <tlog data>/rekor-v2-key.pem}); it must hold the key the log serves now
     * @param tlog where the log serves {@code /api/v2/log/publicKey}
     * @param password the key file's password when it is encrypted (and the new key's), else null
     * @param caWait how long ca-service may take to list the new key (its trust root refresh, and a margin)
     */
    public static String rotate(RotateCommand.Options o, Path tlogKey, URI tlog, char[] password, Duration caWait)
            throws IOException, InterruptedException {
        PublicKey old = served(o, tlog);
        if (old == null) {
            throw new IllegalStateException("the Rekor v2 log at " + tlog + " does not serve its key (/api/v2/log/publicKey)");
        }
        if (!Files.isRegularFile(tlogKey)) {
            throw new IllegalArgumentException("no Rekor v2 key at " + tlogKey + ": give --key-file (or --tlog-data-dir)");
        }
        String oldPem = Files.readString(tlogKey, StandardCharsets.US_ASCII);
        // The new key in the old one's form: tlog-service reads an unencrypted file without its password.
        boolean encrypted = oldPem.contains("-----BEGIN " + PrivateKeys.ENCRYPTED_PKCS8_TYPE + "-----");
        PublicKey onFile;
        try {
            onFile = PrivateKeys.publicKeyOf(PrivateKeys.parsePem(oldPem, password));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot read the Rekor v2 key at " + tlogKey + ": " + e.getMessage()
                    + " (an encrypted key needs KEYLESS_TLOG_REKOR_V2_KEY_PASSWORD)", e);
        }
        if (!Arrays.equals(PublicKeys.toDer(onFile), PublicKeys.toDer(old))) {
            throw new IllegalArgumentException(tlogKey + " does not hold the key the Rekor v2 log at " + tlog
                    + " serves: is it the file the log reads (keyless.tlog.rekor-v2.key)?");
        }
        Instant start = listedSince(o, old);
        Instant now = o.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        // A client takes its timestamp before it submits: an entry timestamped just before the switch may be signed
        // with the new key, so the new key is valid from a little earlier (the two overlap, which clients accept).
        Instant newStart = now.minus(SUBMISSION_MARGIN).isBefore(start) ? start : now.minus(SUBMISSION_MARGIN);
        KeyPair next = PrivateKeys.generateEc(EcCurve.P256, new SecureRandom());
        RetiredFiles.write(o.retiredDir(), new RetiredFiles.Entry("rekor-v2", List.of(), old, start, now.plus(o.grace()),
                newStart));
        RotateCommand.writeAtomically(tlogKey, encrypted ? PrivateKeys.toEncryptedPem(next.getPrivate(), password,
                new SecureRandom()) : PrivateKeys.toPem(next.getPrivate()), true);
        Await.until(RotateCommand.WAIT, () -> {
            PublicKey current = served(o, tlog);
            return current != null && Arrays.equals(PublicKeys.toDer(current), PublicKeys.toDer(next.getPublic()));
        }, "the Rekor v2 log at " + tlog + " did not sign with the new key within " + RotateCommand.WAIT
                + ": check its log (keyless.tlog.rotation.reload-interval must not be 0)");
        Await.until(caWait, () -> RotateCommand.listedKey(o, "tlogs", next.getPublic(), false) != null, "ca-service at " + o.ca() + " did not list the new Rekor v2 key within "
                + caWait + " (keyless.ca.trust-root.refresh)");
        JsonNode retired = RotateCommand.listedKey(o, "tlogs", old, false);
        if (retired == null || !retired.path("validFor").has("end")) {
            throw new IllegalStateException("ca-service at " + o.ca() + " lists the new Rekor v2 key but not the old one "
                    + "with an end: is " + o.retiredDir() + " its keyless.ca.rotation.retired-dir?");
        }
        return "Rekor v2 log key rotated: checkpoints are signed with the new key; the old key stays listed, valid until "
                + now.plus(o.grace()) + ". Publish the new trust root: ./dev tuf publish --ca " + o.ca();
    }

    /** When ca-service lists {@code key} as current (no end) since. */
    private static Instant listedSince(RotateCommand.Options o, PublicKey key) throws IOException, InterruptedException {
        JsonNode listed = RotateCommand.listedKey(o, "tlogs", key, true);
        if (listed == null) {
            throw new IllegalStateException("ca-service at " + o.ca() + " does not list the Rekor v2 log's key as current:"
                    + " is keyless.ca.trust-root.rekor-v2-url set, and is it this log?");
        }
        return Instant.parse(listed.path("validFor").path("start").asString());
    }

    /** The key the log serves, or null when it does not answer with one. */
    private static PublicKey served(RotateCommand.Options o, URI tlog) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = o.http().send(HttpRequest.newBuilder(tlog.resolve("/api/v2/log/publicKey"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200 || r.body().length > MAX_PEM_BYTES) {
            return null;
        }
        try {
            return PublicKeys.parsePem(new String(r.body(), StandardCharsets.US_ASCII));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
