package dev.keyless.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.ca.timestamp.TimestampAuthority;
import dev.keyless.ca.timestamp.TsaKeys;
import dev.keyless.common.crypto.HashAlgorithm;
import dev.keyless.common.note.Checkpoint;
import dev.keyless.common.note.SignedNote;
import dev.keyless.e2e.testing.Cosign;
import dev.keyless.e2e.testing.GoTools;
import dev.keyless.e2e.testing.SigstoreJs;
import dev.sigstore.KeylessVerificationException;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.TrustedRootProvider;
import dev.sigstore.bundle.Bundle;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import org.assertj.core.groups.Tuple;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rekor v2 with the real clients: ca-service lists tlog-service's v2 log beside v1 in the trust files, so cosign
 * (which takes the highest version) signs through v2 and gets its time from our timestamp authority; the bundle
 * verifies with cosign, sigstore-java and sigstore-js; sigstore-java signs through v2 when allowed to; a changed
 * artifact and another identity are refused.
 */
class CosignRekorV2IT extends CosignTestBase {
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void rekorV2(DynamicPropertyRegistry r) {
        r.add("keyless.ca.trust-root.rekor-v2-url", () -> "http://localhost:" + tlog.port());
    }

    @Test
    void cosignSignsABlobThroughRekorV2AndEveryClientVerifiesIt() throws Exception {
        JsonNode config = JSON.readTree(Files.readString(signingConfig));
        assertThat(config.get("rekorTlogUrls").get(0).get("majorApiVersion").asInt()).isEqualTo(2);

        String issuer = IDP.issuer("/email");
        Path blob = Files.writeString(dir.resolve("v2.tar.gz"), "a release logged in rekor v2");
        Path bundle = dir.resolve("v2.sigstore.json");
        ok(cosign.run("sign-blob", "-y", "--signing-config", signingConfig.toString(), "--trusted-root", trustedRoot.toString(),
                "--identity-token", emailToken(), "--bundle", bundle.toString(), blob.toString()));
        JsonNode b = JSON.readTree(Files.readString(bundle));
        JsonNode entry = b.get("verificationMaterial").get("tlogEntries").get(0);
        assertThat(entry.get("kindVersion").get("version").asString()).as("a Rekor v2 entry").isEqualTo("0.0.2");
        assertThat(entry.get("inclusionProof").get("checkpoint").get("envelope").asString()).startsWith("localhost\n");
        assertThat(b.get("verificationMaterial").get("timestampVerificationData").get("rfc3161Timestamps").size())
                .as("time from our timestamp authority").isEqualTo(1);

        ok(verifyBlob(blob, bundle, trustedRoot, "alice@example.com", issuer));
        Path changed = Files.writeString(dir.resolve("v2-changed.tar.gz"), "a release logged in rekor v2!");
        refused(verifyBlob(changed, bundle, trustedRoot, "alice@example.com", issuer), "invalid signature");
        refused(verifyBlob(blob, bundle, trustedRoot, "mallory@example.com", issuer), "expected SAN value");

        // sigstore-java verifies cosign's v2 bundle.
        Bundle parsed = Bundle.from(Files.newBufferedReader(bundle));
        KeylessVerifier javaVerifier = KeylessVerifier.builder()
                .trustedRootProvider(TrustedRootProvider.from(trustedRoot)).build();
        javaVerifier.verify(SigstoreJavaClient.sha256("a release logged in rekor v2"), parsed,
                SigstoreJavaClient.identity("alice@example.com", issuer));
        assertThatThrownBy(() -> javaVerifier.verify(SigstoreJavaClient.sha256("a release logged in rekor v2!"), parsed,
                SigstoreJavaClient.identity("alice@example.com", issuer))).isInstanceOf(KeylessVerificationException.class);

        // sigstore-js signs through Rekor v1 and verifies cosign's v2 bundle.
        Path jsBlob = Files.writeString(dir.resolve("v2-by-js.txt"), "signed by sigstore-js beside v2");
        SigstoreJs.Result js = sigstoreJs(jsBlob, dir.resolve("v2-by-js.sigstore.json"), blob, bundle);
        assertThat(js.steps()).as(js.output()).extracting(SigstoreJs.Step::step, SigstoreJs.Step::ok)
                .contains(Tuple.tuple("sign", true), Tuple.tuple("verify sigstore-java bundle", true));
        assertThat(js.exitCode()).as(js.output()).isZero();
    }

    @Test
    void sigstoreJavaSignsThroughRekorV2AndCosignVerifies() throws Exception {
        String issuer = IDP.issuer("/email");
        Bundle javaBundle = SigstoreJavaClient.sign(trustedRoot, signingConfig, emailToken(),
                SigstoreJavaClient.sha256("signed by sigstore-java through v2"), true);
        assertThat(javaBundle.getEntries().get(0).getIntegratedTime()).as("a v2 entry has no integrated time").isZero();
        assertThat(javaBundle.getTimestamps()).as("so it carries an RFC 3161 timestamp").hasSize(1);
        KeylessVerifier.builder().trustedRootProvider(TrustedRootProvider.from(trustedRoot)).build()
                .verify(SigstoreJavaClient.sha256("signed by sigstore-java through v2"), javaBundle,
                        SigstoreJavaClient.identity("alice@example.com", issuer));
        Path blob = Files.writeString(dir.resolve("by-java-v2.txt"), "signed by sigstore-java through v2");
        Path bundleFile = Files.writeString(dir.resolve("by-java-v2.sigstore.json"), javaBundle.toJson());
        ok(verifyBlob(blob, bundleFile, trustedRoot, "alice@example.com", issuer));
    }

    /** sigstore-java's attest(): a DSSE bundle logged as a dsse 0.0.2 entry (dsseRequestV002), which it verifies. */
    @Test
    void sigstoreJavaAttestsThroughRekorV2AndVerifiesTheAttestation() throws Exception {
        String issuer = IDP.issuer("/email");
        byte[] artifact = SigstoreJavaClient.sha256("an artifact with provenance");
        String statement = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"artifact\","
                + "\"digest\":{\"sha256\":\"" + HexFormat.of().formatHex(artifact) + "\"}}],"
                + "\"predicateType\":\"https://slsa.dev/provenance/v1\",\"predicate\":{\"buildDefinition\":{}}}";
        Bundle attestation = SigstoreJavaClient.attest(trustedRoot, signingConfig, emailToken(), statement);
        JsonNode body = JSON.readTree(Base64.getDecoder().decode(attestation.getEntries().get(0).getBody()));
        assertThat(body.get("kind").asString()).isEqualTo("dsse");
        assertThat(body.get("apiVersion").asString()).isEqualTo("0.0.2");
        KeylessVerifier verifier = KeylessVerifier.builder().trustedRootProvider(TrustedRootProvider.from(trustedRoot)).build();
        verifier.verify(artifact, attestation, SigstoreJavaClient.identity("alice@example.com", issuer));
        assertThatThrownBy(() -> verifier.verify(SigstoreJavaClient.sha256("another artifact"), attestation,
                SigstoreJavaClient.identity("alice@example.com", issuer))).isInstanceOf(KeylessVerificationException.class);
    }

    /**
     * A v2 bundle's time comes only from its timestamp: one made an hour after signing (by a second, trusted timestamp
     * authority whose clock runs an hour ahead) falls outside the 10-minute certificate, and cosign refuses the bundle
     * (the leaf does not verify at that time),
     * while the same bundle with our authority's timestamp verifies against the same trust root.
     */
    @Test
    void aBundleWhoseTimestampIsOutsideTheCertificatesValidityIsRefused() throws Exception {
        Path blob = Files.writeString(dir.resolve("late.tar.gz"), "timestamped too late");
        Path bundle = dir.resolve("late.sigstore.json");
        ok(cosign.run("sign-blob", "-y", "--signing-config", signingConfig.toString(), "--trusted-root", trustedRoot.toString(),
                "--identity-token", emailToken(), "--bundle", bundle.toString(), blob.toString()));
        ObjectNode b = (ObjectNode) JSON.readTree(Files.readString(bundle));
        byte[] signature = Base64.getDecoder().decode(b.get("messageSignature").get("signature").asString());

        TsaKeys.Material lateKeys = TsaKeys.loadOrCreateDevelopment(Files.createTempDirectory(dir, "late-tsa"),
                Clock.systemUTC());
        TimestampAuthority late = new TimestampAuthority(lateKeys.key(), lateKeys.chain(),
                TimestampAuthority.DEFAULT_POLICY, Clock.offset(Clock.systemUTC(), Duration.ofHours(1)));
        byte[] token = late.respond(new TimeStampRequestGenerator()
                .generate(TSPAlgorithms.SHA256, HashAlgorithm.SHA256.digest(signature)).getEncoded());

        ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(trustedRoot));
        ObjectNode tsa = ((ArrayNode) root.get("timestampAuthorities")).addObject();
        tsa.putObject("subject").put("organization", "keyless").put("commonName", "late");
        tsa.put("uri", "https://late.example/api/v1/timestamp");
        ArrayNode certs = tsa.putObject("certChain").putArray("certificates");
        for (X509Certificate c : lateKeys.chain()) {
            certs.addObject().put("rawBytes", Base64.getEncoder().encodeToString(c.getEncoded()));
        }
        tsa.putObject("validFor").put("start", lateKeys.chain().get(0).getNotBefore().toInstant().toString());
        Path twoTsas = Files.writeString(dir.resolve("two_tsas_trusted_root.json"), root.toString());
        ok(verifyBlob(blob, bundle, twoTsas, "alice@example.com", IDP.issuer("/email")));

        ((ObjectNode) b.get("verificationMaterial").get("timestampVerificationData").get("rfc3161Timestamps").get(0))
                .put("signedTimestamp", Base64.getEncoder().encodeToString(token));
        Path lateBundle = Files.writeString(dir.resolve("late-timestamp.sigstore.json"), b.toString());
        refused(verifyBlob(blob, lateBundle, twoTsas, "alice@example.com", IDP.issuer("/email")),
                "leaf certificate verification failed", "expired", "not yet valid");
    }

    /**
     * An independent tlog-tiles client (e2e/tiles-reader, on golang.org/x/mod's sumdb packages) reads the v2 log: the
     * checkpoint's signature, every entry's inclusion through the tiles, and consistency with the checkpoint taken
     * before a cosign signature grew the tree; with the v1 key instead, it refuses the checkpoint.
     */
    @Test
    void anIndependentTilesReaderProvesEveryEntryAndConsistency() throws Exception {
        String base = "http://localhost:" + tlog.port();
        Checkpoint before = checkpoint(base);
        Path blob = Files.writeString(dir.resolve("tiles.txt"), "read back through the tiles");
        ok(cosign.run("sign-blob", "-y", "--signing-config", signingConfig.toString(), "--trusted-root", trustedRoot.toString(),
                "--identity-token", emailToken(), "--bundle", dir.resolve("tiles.sigstore.json").toString(), blob.toString()));
        Path key = Files.writeString(dir.resolve("rekor-v2.pub.pem"), get(base + "/api/v2/log/publicKey"));
        Cosign reader = cosign.program(GoTools.tilesReader());
        Cosign.Result r = reader.run("-url", base, "-origin", "localhost", "-key", key.toString(),
                "-old-size", Long.toString(before.size()),
                "-old-root", Base64.getEncoder().encodeToString(before.rootHash().toByteArray()));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        JsonNode out = JSON.readTree(r.stdout());
        assertThat(out.get("size").asLong()).isGreaterThan(before.size());
        assertThat(out.get("entriesProven").asLong()).isEqualTo(out.get("size").asLong());
        assertThat(out.get("consistentWith").asLong()).isEqualTo(before.size());

        Path v1Key = Files.writeString(dir.resolve("rekor-v1.pub.pem"), get(base + "/api/v1/log/publicKey"));
        Cosign.Result wrong = reader.run("-url", base, "-origin", "localhost", "-key", v1Key.toString());
        assertThat(wrong.exitCode()).as(wrong.describe()).isEqualTo(1);
        assertThat(JSON.readTree(wrong.stdout()).get("error").asString()).contains("checkpoint signature");
    }

    static Checkpoint checkpoint(String base) throws Exception {
        return Checkpoint.fromNoteText(SignedNote.parse(get(base + "/checkpoint")).text());
    }

    static String get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void cosignSignsAndVerifiesAnImageThroughRekorV2() throws Exception {
        String image = pushImage("app-v2", "v1", "content for rekor v2");
        ok(cosign.run("sign", "-y", "--trusted-root", trustedRoot.toString(), "--signing-config", signingConfig.toString(),
                "--identity-token", emailToken(), image));
        ok(verifyImage(image, "alice@example.com", IDP.issuer("/email")));
        refused(verifyImage(image, "mallory@example.com", IDP.issuer("/email")), "no matching CertificateIdentity found",
                "none of the expected identities matched");
    }
}
