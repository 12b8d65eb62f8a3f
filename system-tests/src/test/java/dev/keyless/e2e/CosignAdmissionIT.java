package dev.keyless.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.admin.PolicyControllerTrustRoot;
import dev.keyless.e2e.testing.Cosign;
import dev.keyless.e2e.testing.GoTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** cosign scenario 8: the admission decision of policy-controller's offline policy-tester. */
class CosignAdmissionIT extends CosignTestBase {
    /**
     * Scenario 8: the admission check before deploy, with policy-controller's offline policy-tester
     * ({@value GoTools#POLICY_CONTROLLER_VERSION}): a ClusterImagePolicy requiring our identity, with our trust root as
     * a TrustRoot resource ({@code ./dev policy-controller-trustroot}). policy-tester verifies only the legacy .sig
     * format: with {@code signatureFormat: bundle} it answers "bundle support for image signatures is not yet
     * implemented", and without it a bundle-format signature is not found (both shown below; docs/admission.md).
     */
    @Test
    void admissionPolicyAllowsTheSignedImageAndDeniesTheOthers() throws Exception {
        Cosign tester = cosign.program(GoTools.policyTester());
        String legacy = pushImage("deploy", "legacy", "deploy me");
        ok(cosign.run("sign", "-y", "--trusted-root", trustedRoot.toString(), "--identity-token", emailToken(),
                "--new-bundle-format=false", "--use-signing-config=false", "--fulcio-url", "https://localhost:" + port,
                "--rekor-url", rekorUrl(), legacy));
        String bundled = pushImage("deploy", "bundle", "deploy me too");
        ok(cosign.run("sign", "-y", "--signing-config", signingConfig.toString(), "--trusted-root", trustedRoot.toString(),
                "--identity-token", emailToken(), bundled));
        String unsigned = pushImage("deploy", "unsigned", "never signed");

        Path trustRoot = Files.writeString(dir.resolve("trustroot.yaml"),
                PolicyControllerTrustRoot.yaml(read(trustedRoot), "keyless"));
        Path policy = Files.writeString(dir.resolve("policy.yaml"), clusterImagePolicy("alice@example.com", ""));
        Path mallorys = Files.writeString(dir.resolve("mallory-policy.yaml"), clusterImagePolicy("mallory@example.com", ""));
        Path bundlePolicy = Files.writeString(dir.resolve("bundle-policy.yaml"),
                clusterImagePolicy("alice@example.com", "    signatureFormat: bundle\n"));

        Cosign.Result allowed = ok(tester.run("--policy", policy.toString(), "--trustroot", trustRoot.toString(), "--image", legacy));
        assertThat(allowed.stdout() + allowed.stderr()).contains("Verification was successful");
        refused(tester.run("--policy", policy.toString(), "--trustroot", trustRoot.toString(), "--image", unsigned),
                "no signatures found");
        refused(tester.run("--policy", mallorys.toString(), "--trustroot", trustRoot.toString(), "--image", legacy),
                "none of the expected identities matched");
        // What operators must know: policy-controller does not find bundle-format signatures.
        refused(tester.run("--policy", policy.toString(), "--trustroot", trustRoot.toString(), "--image", bundled),
                "no signatures found");
        refused(tester.run("--policy", bundlePolicy.toString(), "--trustroot", trustRoot.toString(), "--image", bundled),
                "bundle support for image signatures is not yet implemented");
    }

    String clusterImagePolicy(String subject, String extra) {
        return String.format(Locale.ROOT, """
                apiVersion: policy.sigstore.dev/v1beta1
                kind: ClusterImagePolicy
                metadata:
                  name: keyless-signed
                spec:
                  images:
                  - glob: "**"
                  authorities:
                  - name: keyless
                    keyless:
                      trustRootRef: keyless
                      identities:
                      - issuer: %s
                        subject: %s
                    ctlog:
                      url: %s
                      trustRootRef: keyless
                %s""", IDP.issuer("/email"), subject, rekorUrl(), extra);
    }
}
