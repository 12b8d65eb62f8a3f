package dev.keyless.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.ca.tls.DevelopmentServerCertificate;
import dev.keyless.e2e.testing.SigstoreJs;
import dev.sigstore.KeylessVerificationException;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.TrustedRootProvider;
import dev.sigstore.bundle.Bundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
        Path caTls = DevelopmentServerCertificate.directory(caData).resolve(DevelopmentServerCertificate.CERTIFICATE_FILE);
        Path jsBlob = Files.writeString(dir.resolve("v2-by-js.txt"), "signed by sigstore-js beside v2");
        Map<String, String> jsEnv = new HashMap<>();
        jsEnv.put("NODE_EXTRA_CA_CERTS", caTls.toString());
        jsEnv.put("KEYLESS_FULCIO_URL", "https://localhost:" + port);
        jsEnv.put("KEYLESS_REKOR_URL", "http://localhost:" + tlog.port());
        jsEnv.put("KEYLESS_TOKEN", emailToken());
        jsEnv.put("KEYLESS_TRUSTED_ROOT", trustedRoot.toString());
        jsEnv.put("KEYLESS_IDENTITY", "alice@example.com");
        jsEnv.put("KEYLESS_ISSUER", issuer);
        jsEnv.put("KEYLESS_ARTIFACT", jsBlob.toString());
        jsEnv.put("KEYLESS_BUNDLE_OUT", dir.resolve("v2-by-js.sigstore.json").toString());
        jsEnv.put("KEYLESS_JAVA_ARTIFACT", blob.toString());
        jsEnv.put("KEYLESS_JAVA_BUNDLE", bundle.toString());
        SigstoreJs.Result js = SigstoreJs.run(jsEnv);
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
