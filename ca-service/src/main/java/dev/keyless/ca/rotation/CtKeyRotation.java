package dev.keyless.ca.rotation;

import dev.keyless.ca.wire.Json;
import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.crypto.SignatureVerificationException;
import dev.keyless.common.crypto.SignatureVerifier;
import dev.keyless.common.crypto.SigningAlgorithm;
import dev.keyless.common.ct.DigitallySigned;
import dev.keyless.common.ct.TreeHeadSignature;
import dev.keyless.common.encoding.Hash;
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
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The CT log key's rotation without restart ({@code rotate ct}, docs/operations.md section 2): ca-service is given the
 * new public key first, with the old one retired under a grace, so it accepts SCTs by either while the CT log
 * switches; then the CT log is given the new private key, and the command waits until its tree head is signed by it.
 */
public final class CtKeyRotation {
    private CtKeyRotation() {
    }

    /**
     * Rotates the CT log's key, the log and ca-service each switching without a restart. ca-service learns the new key
     * first (its {@code keyless.ca.ct.public-key} file, and the old key retired with a grace), so it accepts SCTs by
     * either while the CT log switches; then the CT log gets the new private key.
     *
     * @param tlogKey the CT log's private key file ({@code keyless.tlog.ct.key}, or {@code <tlog data>/ct-key.pem})
     * @param publicKey the file ca-service reads as {@code keyless.ca.ct.public-key}
     * @param password encrypts the new private key when not null (tlog-service reads it with {@code ct.key-password})
     */
    public static String rotate(RotateCommand.Options o, Path tlogKey, Path publicKey, URI tlog, char[] password)
            throws IOException, InterruptedException {
        PublicKey old = PublicKeys.parsePem(Files.readString(publicKey, StandardCharsets.US_ASCII));
        JsonNode listed = RotateCommand.listedKey(o, "ctlogs", old, true);
        if (listed == null) {
            throw new IllegalStateException("ca-service at " + o.ca() + " does not list the key in " + publicKey
                    + " as its current CT log key: is it the file it reads?");
        }
        Instant start = Instant.parse(listed.path("validFor").path("start").asString());
        Instant now = o.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        KeyPair next = PrivateKeys.generateEc(EcCurve.P256, new SecureRandom());
        RetiredFiles.write(o.retiredDir(), new RetiredFiles.Entry("ct", List.of(), old, start, now.plus(o.grace()), now));
        RotateCommand.writeAtomically(publicKey, PublicKeys.toPem(next.getPublic()), false);
        awaitCt(o, next.getPublic());
        RotateCommand.writeAtomically(tlogKey, password == null ? PrivateKeys.toPem(next.getPrivate())
                : PrivateKeys.toEncryptedPem(next.getPrivate(), password, new SecureRandom()), true);
        Await.until(RotateCommand.WAIT, () -> sthSignedBy(o, tlog, next.getPublic()), "the CT log at " + tlog
                + " did not sign with the new key within " + RotateCommand.WAIT
                + ": check its log (keyless.tlog.rotation.reload-interval must not be 0)");
        return "CT log key rotated: SCTs are signed with the new key; the old key stays listed, valid until "
                + now.plus(o.grace()) + ". Publish the new trust root: ./dev tuf publish --ca " + o.ca();
    }

    private static void awaitCt(RotateCommand.Options o, PublicKey key) throws InterruptedException {
        Await.until(RotateCommand.WAIT, () -> RotateCommand.listedKey(o, "ctlogs", key, false) != null,
                "ca-service at " + o.ca() + " did not take the new CT log key within " + RotateCommand.WAIT);
    }

    /** Whether the CT log's current tree head verifies under {@code key} (RFC 6962 §4.3). */
    private static boolean sthSignedBy(RotateCommand.Options o, URI tlog, PublicKey key) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = o.http().send(HttpRequest.newBuilder(tlog.resolve("/ct/v1/get-sth"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            return false;
        }
        JsonNode sth = Json.MAPPER.readTree(r.body());
        byte[] signed = TreeHeadSignature.signedData(sth.path("timestamp").asLong(), sth.path("tree_size").asLong(),
                Hash.of(Base64.getDecoder().decode(sth.path("sha256_root_hash").asString(""))));
        DigitallySigned signature = DigitallySigned.parse(
                Base64.getDecoder().decode(sth.path("tree_head_signature").asString("")));
        try {
            SignatureVerifier.verifyMessage(key, SigningAlgorithm.ECDSA_P256_SHA256, signed, signature.signature());
            return true;
        } catch (SignatureVerificationException e) {
            return false;
        }
    }

}
