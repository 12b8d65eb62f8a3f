package dev.keyless.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.common.crypto.HashAlgorithm;
import dev.keyless.e2e.testing.OciRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;

/** cosign scenarios 1 and 2: blobs, and images in both signature formats on registries with and without the referrers API. */
class CosignBlobAndImageIT extends CosignTestBase {
    /** Scenario 1: a blob signed keyless into a bundle and verified; a changed blob, another identity or issuer, and another deployment's trust root are refused. */
    @Test
    void signBlobAndVerifyBlob() throws Exception {
        Path blob = Files.writeString(dir.resolve("release.tar.gz"), "a release built in CI");
        Path bundle = dir.resolve("release.sigstore.json");
        ok(cosign.run("sign-blob", "-y", "--signing-config", signingConfig.toString(), "--trusted-root", trustedRoot.toString(),
                "--identity-token", emailToken(), "--bundle", bundle.toString(), blob.toString()));

        ok(verifyBlob(blob, bundle, trustedRoot, "alice@example.com", IDP.issuer("/email")));
        Path changed = Files.writeString(dir.resolve("changed.tar.gz"), "a release built in CI!");
        refused(verifyBlob(changed, bundle, trustedRoot, "alice@example.com", IDP.issuer("/email")), "invalid signature");
        refused(verifyBlob(blob, bundle, trustedRoot, "mallory@example.com", IDP.issuer("/email")), "expected SAN value");
        refused(verifyBlob(blob, bundle, trustedRoot, "alice@example.com", IDP.issuer("/github")), "expected issuer value");
        refused(verifyBlob(blob, bundle, foreignTrustRoot(), "alice@example.com", IDP.issuer("/email")),
                "not enough verified log entries");
    }

    /**
     * The signing config lists our timestamp authority, so cosign asks it for an RFC 3161 timestamp over the signature
     * and puts it in the bundle; verification with signed timestamps required passes on our trust root, and is
     * refused on one that lists no timestamp authority.
     */
    @Test
    void aBlobBundleCarriesAnRfc3161TimestampFromOurAuthority() throws Exception {
        Path blob = Files.writeString(dir.resolve("timestamped.tar.gz"), "a timestamped release");
        Path bundle = dir.resolve("timestamped.sigstore.json");
        ok(cosign.run("sign-blob", "-y", "--signing-config", signingConfig.toString(), "--trusted-root", trustedRoot.toString(),
                "--identity-token", emailToken(), "--bundle", bundle.toString(), blob.toString()));

        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(bundle));
        JsonNode stamps = json.path("verificationMaterial").path("timestampVerificationData").path("rfc3161Timestamps");
        assertThat(stamps.size()).as("one RFC 3161 timestamp in the bundle").isEqualTo(1);
        TimeStampToken token = new TimeStampResponse(Base64.getDecoder().decode(
                stamps.get(0).path("signedTimestamp").asString())).getTimeStampToken();
        byte[] signature = Base64.getDecoder().decode(json.path("messageSignature").path("signature").asString());
        assertThat(token.getTimeStampInfo().getMessageImprintDigest()).as("over the signature bytes")
                .isEqualTo(HashAlgorithm.SHA256.digest(signature));

        ok(cosign.run("verify-blob", "--trusted-root", trustedRoot.toString(), "--bundle", bundle.toString(),
                "--use-signed-timestamps", "--certificate-identity", "alice@example.com",
                "--certificate-oidc-issuer", IDP.issuer("/email"), blob.toString()));
        ObjectNode withoutTsa = (ObjectNode) JsonMapper.builder().build().readTree(Files.readString(trustedRoot));
        withoutTsa.putArray("timestampAuthorities");
        Path noTsaRoot = Files.writeString(dir.resolve("no_tsa_trusted_root.json"), withoutTsa.toString());
        refused(cosign.run("verify-blob", "--trusted-root", noTsaRoot.toString(), "--bundle", bundle.toString(),
                "--use-signed-timestamps", "--certificate-identity", "alice@example.com",
                "--certificate-oidc-issuer", IDP.issuer("/email"), blob.toString()), "timestamp");
    }

    /** Scenario 2: an image signed keyless by digest, in the bundle format and in the legacy .sig format. */
    @Test
    void signAndVerifyAnImageInBothFormats() throws Exception {
        for (boolean newFormat : new boolean[] {true, false}) {
            String image = pushImage("app-" + newFormat, "v1", "content " + newFormat);
            List<String> sign = new ArrayList<>(List.of("sign", "-y", "--trusted-root", trustedRoot.toString(),
                    "--identity-token", emailToken()));
            if (newFormat) {
                sign.addAll(List.of("--signing-config", signingConfig.toString()));
            } else {
                // The legacy .sig format cannot be combined with a signing config: the service URLs are named instead.
                sign.addAll(List.of("--new-bundle-format=false", "--use-signing-config=false",
                        "--fulcio-url", "https://localhost:" + port, "--rekor-url", "http://localhost:" + tlog.port()));
            }
            sign.add(image);
            ok(cosign.run(sign.toArray(String[]::new)));
            ok(verifyImage(image, "alice@example.com", IDP.issuer("/email")));
            refused(verifyImage(image, "mallory@example.com", IDP.issuer("/email")), "no matching CertificateIdentity found", "none of the expected identities matched");

            String unsigned = pushImage("app-" + newFormat, "unsigned", "unsigned " + newFormat);
            refused(verifyImage(unsigned, "alice@example.com", IDP.issuer("/email")), "no signatures found");
            // The tag v1 moved to another image: what it names now was never signed.
            String tag = registry.host() + "/app-" + newFormat + ":v1";
            ok(verifyImage(tag, "alice@example.com", IDP.issuer("/email")));
            pushImage("app-" + newFormat, "v1", "moved " + newFormat);
            refused(verifyImage(tag, "alice@example.com", IDP.issuer("/email")), "no signatures found");
        }
    }

    /**
     * Scenario 2 on both kinds of registry: without the referrers API the bundle sits under the fallback tag
     * {@code sha256-<hex>}; with it, it is a referrer of the image (artifact type: the bundle's media type) and no
     * fallback tag is written. cosign verifies either way.
     */
    @Test
    void bundlesLiveUnderAFallbackTagOrAsReferrersAsTheRegistryAllows() throws Exception {
        for (OciRegistry reg : new OciRegistry[] {registry, referrersRegistry}) {
            boolean referrers = reg == referrersRegistry;
            String image = pushImage(reg, "placed", "v1", "placed " + referrers);
            ok(cosign.run("sign", "-y", "--signing-config", signingConfig.toString(), "--trusted-root", trustedRoot.toString(),
                    "--identity-token", emailToken(), image));
            ok(verifyImage(image, "alice@example.com", IDP.issuer("/email")));
            String digest = image.substring(image.indexOf('@') + 1);
            String fallbackTag = digest.replace(':', '-');
            String tags = reg.get("/v2/placed/tags/list").body();
            var index = reg.get("/v2/placed/referrers/" + digest);
            if (referrers) {
                assertThat(index.statusCode()).isEqualTo(200);
                var referrer = JsonMapper.builder().build().readTree(index.body()).get("manifests");
                assertThat(referrer).as(index.body()).hasSize(1);
                // (This registry reports the config's media type as artifactType in the index; the manifest has the real one.)
                String manifest = reg.get("/v2/placed/manifests/" + referrer.get(0).get("digest").asString()).body();
                assertThat(manifest).contains("\"artifactType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\"")
                        .contains("\"subject\"");
                assertThat(tags).doesNotContain(fallbackTag);
            } else {
                assertThat(index.statusCode()).as("distribution v3.1.1 has no referrers API").isNotEqualTo(200);
                assertThat(tags).contains(fallbackTag);
            }
        }
    }
}
