package dev.keyless.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.admin.LogSignatureCommand;
import dev.keyless.e2e.testing.Cosign;
import dev.keyless.e2e.testing.Pkcs11Signer;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** cosign scenarios 4 and 5: an organization's key pair, and signatures made outside cosign (openssl, PKCS#11). */
class CosignKeysIT extends CosignTestBase {
    /** Scenario 4: an organization's key pair instead of keyless; the signature is logged in our Rekor. */
    @Test
    void signAndVerifyWithAKeyPair() throws Exception {
        Cosign withPassword = cosign.with(env("COSIGN_PASSWORD", "correct horse"));
        ok(withPassword.run("generate-key-pair", "--output-key-prefix", dir.resolve("org").toString()));
        ok(withPassword.run("generate-key-pair", "--output-key-prefix", dir.resolve("other").toString()));
        assertThat(read(dir.resolve("org.key"))).startsWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----");
        String image = pushImage("keyed", "v1", "signed with a key");
        ok(withPassword.run("sign", "--key", dir.resolve("org.key").toString(), "-y", "--signing-config",
                signingConfig.toString(), "--trusted-root", trustedRoot.toString(), image));
        Cosign.Result verified = ok(cosign.run("verify", "--key", dir.resolve("org.pub").toString(),
                "--trusted-root", trustedRoot.toString(), image));
        assertThat(verified.stderr()).as("the transparency log entry was required and checked")
                .contains("Existence of the claims in the transparency log was verified offline");
        refused(cosign.run("verify", "--key", dir.resolve("other.pub").toString(), "--trusted-root", trustedRoot.toString(), image),
                "does not match");

        Path blob = Files.writeString(dir.resolve("firmware.bin"), "firmware");
        Path bundle = dir.resolve("firmware.sigstore.json");
        ok(withPassword.run("sign-blob", "--key", dir.resolve("org.key").toString(), "-y", "--signing-config",
                signingConfig.toString(), "--trusted-root", trustedRoot.toString(), "--bundle", bundle.toString(), blob.toString()));
        ok(cosign.run("verify-blob", "--key", dir.resolve("org.pub").toString(), "--trusted-root", trustedRoot.toString(),
                "--bundle", bundle.toString(), blob.toString()));
        refused(cosign.run("verify-blob", "--key", dir.resolve("other.pub").toString(), "--trusted-root",
                trustedRoot.toString(), "--bundle", bundle.toString(), blob.toString()), "does not match");
    }

    /**
     * Scenario 5: a payload signed outside cosign with an organization's key (openssl), logged in our Rekor with
     * {@code ./dev log-signature}, attached with {@code cosign attach signature}, verified with the public key and
     * its transparency log entry required; without the entry, verification needs {@code --insecure-ignore-tlog}.
     */
    @Test
    void signaturesMadeElsewhereAreAttachedLoggedAndVerified() throws Exception {
        String image = pushImage("signed-elsewhere", "v1", "signed elsewhere");
        Path payload = Files.writeString(dir.resolve("payload.json"), ok(cosign.run("generate", image)).stdout());
        Path key = dir.resolve("org-ec.pem");
        Path pub = dir.resolve("org-ec.pub");
        Path der = dir.resolve("payload.sig.der");
        exec("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key.toString());
        exec("openssl", "ec", "-in", key.toString(), "-pubout", "-out", pub.toString());
        exec("openssl", "dgst", "-sha256", "-sign", key.toString(), "-out", der.toString(), payload.toString());
        Path sig = Files.writeString(dir.resolve("payload.sig"), Base64.getEncoder().encodeToString(Files.readAllBytes(der)));

        Path rekorResponse = dir.resolve("rekor-response.json");
        JsonNode entry = LogSignatureCommand.log(HttpClient.newHttpClient(),
                URI.create("http://localhost:" + tlog.port()), trustedRoot, payload, sig, pub, rekorResponse);
        assertThat(entry.get("logIndex").asLong()).isPositive();
        ok(cosign.run("attach", "signature", "--payload", payload.toString(), "--signature", sig.toString(),
                "--rekor-response", rekorResponse.toString(), image));
        // --rekor-url: for a legacy signature whose attached entry does not match, cosign searches the log online,
        // by default the public-good instance's.
        Cosign.Result verified = ok(cosign.run("verify", "--rekor-url", rekorUrl(), "--key", pub.toString(), "--trusted-root", trustedRoot.toString(), image));
        assertThat(verified.stderr()).contains("Existence of the claims in the transparency log was verified offline");
        ok(cosign.with(env("COSIGN_PASSWORD", "x")).run("generate-key-pair", "--output-key-prefix", dir.resolve("other").toString()));
        refused(cosign.run("verify", "--rekor-url", rekorUrl(), "--key", dir.resolve("other.pub").toString(), "--trusted-root", trustedRoot.toString(), image),
                "no matching signatures", "invalid signature");

        // The same signature attached without its log entry: a verifier that requires the log refuses it.
        String unlogged = pushImage("signed-elsewhere", "v2", "signed elsewhere, not logged");
        Path payload2 = Files.writeString(dir.resolve("payload2.json"), ok(cosign.run("generate", unlogged)).stdout());
        Path der2 = dir.resolve("payload2.sig.der");
        exec("openssl", "dgst", "-sha256", "-sign", key.toString(), "-out", der2.toString(), payload2.toString());
        Path sig2 = Files.writeString(dir.resolve("payload2.sig"), Base64.getEncoder().encodeToString(Files.readAllBytes(der2)));
        ok(cosign.run("attach", "signature", "--payload", payload2.toString(), "--signature", sig2.toString(), unlogged));
        refused(cosign.run("verify", "--rekor-url", rekorUrl(), "--key", pub.toString(), "--trusted-root", trustedRoot.toString(), unlogged), "bundle");
        ok(cosign.run("verify", "--rekor-url", rekorUrl(), "--key", pub.toString(), "--trusted-root", trustedRoot.toString(), "--insecure-ignore-tlog", unlogged));

        // The same with the organization's key in an HSM (SoftHSM through PKCS#11).
        String hsmSigned = pushImage("signed-elsewhere", "v3", "signed in an HSM");
        Path payload3 = Files.writeString(dir.resolve("payload3.json"), ok(cosign.run("generate", hsmSigned)).stdout());
        Path hsmPub = dir.resolve("hsm.pub");
        Path sig3 = dir.resolve("payload3.sig");
        Pkcs11Signer.sign(dir.resolve("softhsm"), payload3, hsmPub, sig3);
        Path rekorResponse3 = dir.resolve("rekor-response3.json");
        LogSignatureCommand.log(HttpClient.newHttpClient(),
                URI.create(rekorUrl()), trustedRoot, payload3, sig3, hsmPub, rekorResponse3);
        ok(cosign.run("attach", "signature", "--payload", payload3.toString(), "--signature", sig3.toString(),
                "--rekor-response", rekorResponse3.toString(), hsmSigned));
        ok(cosign.run("verify", "--rekor-url", rekorUrl(), "--key", hsmPub.toString(), "--trusted-root", trustedRoot.toString(), hsmSigned));
        refused(cosign.run("verify", "--rekor-url", rekorUrl(), "--key", pub.toString(), "--trusted-root", trustedRoot.toString(), hsmSigned),
                "no matching signatures", "invalid signature");

        // A signature that does not verify is not logged at all.
        Path wrong = Files.writeString(dir.resolve("wrong.sig"), Base64.getEncoder().encodeToString(Files.readAllBytes(der2)));
        assertThatThrownBy(() -> LogSignatureCommand.log(
                HttpClient.newHttpClient(), URI.create("http://localhost:" + tlog.port()), trustedRoot, payload,
                wrong, pub, dir.resolve("never.json"))).hasMessageContaining("does not verify");
        assertThat(dir.resolve("never.json")).doesNotExist();
    }
}
