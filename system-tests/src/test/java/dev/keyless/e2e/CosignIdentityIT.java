package dev.keyless.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.ca.testing.TestClaims;
import dev.keyless.e2e.testing.Cosign;
import dev.keyless.e2e.testing.SigstoreJs;
import dev.sigstore.KeylessVerificationException;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.TrustedRootProvider;
import dev.sigstore.bundle.Bundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** cosign scenarios 6 and 7: a CI workload identity with a claim policy, and bundles shared with sigstore-java and sigstore-js. */
class CosignIdentityIT extends CosignTestBase {
    /** Scenario 6: a CI workload's token; verification by workflow identity and repository; a token a policy refuses. */
    @Test
    void signWithACiIdentityAndVerifyItsRepository() throws Exception {
        String image = pushImage("built-in-ci", "v1", "built in CI");
        ok(cosign.run("sign", "-y", "--signing-config", signingConfig.toString(), "--trusted-root", trustedRoot.toString(),
                "--identity-token", IDP.mint(TestClaims.github(IDP.issuer("/github"), Instant.now())), image));
        ok(verifyWorkflow(image, "my-org/my-repo"));
        refused(verifyWorkflow(image, "other-org/my-repo"), "expected GithubWorkflowRepository");
        refused(cosign.run("verify", "--trusted-root", trustedRoot.toString(), "--certificate-identity-regexp",
                "^https://github\\.com/other-org/", "--certificate-oidc-issuer", IDP.issuer("/github"), image),
                "expected SAN value to match regex");

        Map<String, Object> otherOrg = TestClaims.github(IDP.issuer("/github"), Instant.now());
        otherOrg.put("repository_owner", "other-org");
        Cosign.Result r = refused(cosign.run("sign", "-y", "--signing-config", signingConfig.toString(), "--trusted-root",
                trustedRoot.toString(), "--identity-token", IDP.mint(otherOrg), pushImage("built-in-ci", "v2", "other")),
                "Fulcio returned 403");
        assertThat(r.stderr()).as(r.describe()).contains("403").contains("policy rule: only-my-org");
    }

    Cosign.Result verifyWorkflow(String image, String repository) throws Exception {
        return cosign.run("verify", "--trusted-root", trustedRoot.toString(),
                "--certificate-identity-regexp", "^https://github\\.com/my-org/my-repo/\\.github/workflows/",
                "--certificate-oidc-issuer", IDP.issuer("/github"),
                "--certificate-github-workflow-repository", repository, image);
    }

    /** Scenario 7: cosign's blob bundles verified by sigstore-java and sigstore-js, and theirs by cosign. */
    @Test
    void bundlesCrossVerifyBetweenCosignSigstoreJavaAndSigstoreJs() throws Exception {
        String issuer = IDP.issuer("/email");
        Path cosignBlob = Files.writeString(dir.resolve("by-cosign.txt"), "signed by cosign");
        Path cosignBundle = dir.resolve("by-cosign.sigstore.json");
        ok(cosign.run("sign-blob", "-y", "--signing-config", signingConfig.toString(), "--trusted-root", trustedRoot.toString(),
                "--identity-token", emailToken(), "--bundle", cosignBundle.toString(), cosignBlob.toString()));

        Bundle parsed = Bundle.from(Files.newBufferedReader(cosignBundle));
        KeylessVerifier javaVerifier = KeylessVerifier.builder()
                .trustedRootProvider(TrustedRootProvider.from(trustedRoot)).build();
        javaVerifier.verify(SigstoreJavaClient.sha256("signed by cosign"), parsed, SigstoreJavaClient.identity("alice@example.com", issuer));
        assertThatThrownBy(() -> javaVerifier.verify(SigstoreJavaClient.sha256("signed by cosign!"),
                parsed, SigstoreJavaClient.identity("alice@example.com", issuer)))
                .isInstanceOf(KeylessVerificationException.class);

        Bundle javaBundle = SigstoreJavaClient.sign(trustedRoot, signingConfig, emailToken(),
                SigstoreJavaClient.sha256("signed by sigstore-java"));
        Path javaBlob = Files.writeString(dir.resolve("by-java.txt"), "signed by sigstore-java");
        Path javaBundleFile = Files.writeString(dir.resolve("by-java.sigstore.json"), javaBundle.toJson());
        ok(verifyBlob(javaBlob, javaBundleFile, trustedRoot, "alice@example.com", issuer));

        Path jsBlob = Files.writeString(dir.resolve("by-js.txt"), "signed by sigstore-js");
        Path jsBundle = dir.resolve("by-js.sigstore.json");
        SigstoreJs.Result js = sigstoreJs(jsBlob, jsBundle, cosignBlob, cosignBundle); // the other bundle: cosign's
        assertThat(js.steps()).as(js.output()).extracting(SigstoreJs.Step::step,
                SigstoreJs.Step::ok).contains(
                Tuple.tuple("sign", true),
                Tuple.tuple("verify sigstore-java bundle", true));
        assertThat(js.exitCode()).as(js.output()).isZero();
        ok(verifyBlob(jsBlob, jsBundle, trustedRoot, "alice@example.com", issuer));
        refused(verifyBlob(cosignBlob, jsBundle, trustedRoot, "alice@example.com", issuer), "invalid signature", "do not match");
    }
}
