package dev.keyless.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.e2e.testing.Cosign;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** cosign scenario 3: attestations (SLSA provenance, SPDX, CycloneDX, OpenVEX) on an image and on a blob. */
class CosignAttestationIT extends CosignTestBase {
    /** Scenario 3: attestations of four real-shaped predicate types on an image, and on a blob. */
    @Test
    void attestAndVerifyAttestations() throws Exception {
        String image = pushImage("attested", "v1", "attested");
        String[][] predicates = {{"slsaprovenance1", "slsa-provenance-v1.json"}, {"spdxjson", "spdx.json"},
            {"cyclonedx", "cyclonedx.json"}, {"openvex", "openvex.json"}};
        for (String[] p : predicates) {
            ok(cosign.run("attest", "-y", "--signing-config", signingConfig.toString(), "--trusted-root", trustedRoot.toString(),
                    "--identity-token", emailToken(), "--predicate", predicate(p[1]).toString(), "--type", p[0], image));
        }
        for (String[] p : predicates) {
            Cosign.Result r = ok(verifyAttestation(image, p[0], "alice@example.com"));
            assertThat(r.stdout()).as("the verified attestation is printed").isNotBlank();
        }
        refused(verifyAttestation(image, "vuln", "alice@example.com"), "none of the attestations matched the predicate type");
        refused(verifyAttestation(image, "slsaprovenance1", "mallory@example.com"), "expected SAN value");

        Path blob = Files.writeString(dir.resolve("app.jar"), "a jar built in CI");
        Path bundle = dir.resolve("app.jar.intoto.sigstore.json");
        ok(cosign.run("attest-blob", "-y", "--signing-config", signingConfig.toString(), "--trusted-root", trustedRoot.toString(),
                "--identity-token", emailToken(), "--predicate", predicate("slsa-provenance-v1.json").toString(),
                "--type", "slsaprovenance1", "--bundle", bundle.toString(), blob.toString()));
        ok(verifyBlobAttestation(blob, bundle, "slsaprovenance1", "alice@example.com"));
        refused(verifyBlobAttestation(blob, bundle, "spdxjson", "alice@example.com"), "invalid predicate type");
        refused(verifyBlobAttestation(blob, bundle, "slsaprovenance1", "mallory@example.com"), "expected SAN value");
        refused(verifyBlobAttestation(Files.writeString(dir.resolve("other.jar"), "another jar"), bundle, "slsaprovenance1",
                "alice@example.com"), "provided artifact digests do not match");
    }

    Cosign.Result verifyAttestation(String image, String type, String identity) throws Exception {
        return cosign.run("verify-attestation", "--trusted-root", trustedRoot.toString(), "--type", type,
                "--certificate-identity", identity, "--certificate-oidc-issuer", IDP.issuer("/email"), image);
    }

    Cosign.Result verifyBlobAttestation(Path blob, Path bundle, String type, String identity) throws Exception {
        return cosign.run("verify-blob-attestation", "--trusted-root", trustedRoot.toString(), "--bundle", bundle.toString(),
                "--type", type, "--certificate-identity", identity, "--certificate-oidc-issuer", IDP.issuer("/email"),
                blob.toString());
    }
}
