package dev.keyless.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.admin.TufRepository;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.TrustedRootProvider;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.tuf.RootProvider;
import dev.sigstore.tuf.SigstoreTufClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The trust files through TUF only: ca-service serves the repository `./dev tuf init` writes at /tuf/, and cosign
 * (`cosign initialize --mirror --root`, then sign-blob and verify-blob without --trusted-root or --signing-config) and
 * sigstore-java (SigstoreTufClient with the mirror and the initial root) take their trust from it. A tampered target
 * and an expired timestamp are refused.
 */
class TufIT extends CosignTestBase {
    @DynamicPropertySource
    static void tuf(DynamicPropertyRegistry r) {
        r.add("keyless.ca.tuf.repository-dir", () -> caData.resolve("tuf-repository").toString());
    }

    @Test
    void cosignAndSigstoreJavaTakeTheirTrustFromTheTufRepository() throws Exception {
        Path repo = caData.resolve("tuf-repository");
        Path keys = caData.resolve("tuf-keys");
        TufRepository tuf = new TufRepository(repo, keys, Instant.now());
        tuf.init(TufRepository.targetFiles(trustedRoot, signingConfig));
        Path root = repo.resolve("1.root.json");
        URI mirror = URI.create("https://localhost:" + port + "/tuf");

        // sigstore-java: both targets, and a verifier whose trust root came through TUF.
        SigstoreTufClient.Builder javaTuf = SigstoreTufClient.builder().tufMirror(mirror, RootProvider.fromFile(root))
                .tufCacheLocation(Files.createTempDirectory(dir, "java-tuf"));
        SigstoreTufClient client = javaTuf.build();
        client.update();
        assertThat(client.getSigstoreTrustedRoot().getTLogs()).isNotEmpty();
        assertThat(client.getSigstoreSigningConfig().getCas()).singleElement()
                .satisfies(s -> assertThat(s.getUrl()).isEqualTo(URI.create("https://localhost:" + port)));

        // cosign: initialize from the mirror, then sign and verify with no trust file on the command line.
        ok(cosign.run("initialize", "--mirror", mirror.toString(), "--root", root.toString()));
        Path blob = Files.writeString(dir.resolve("through-tuf.txt"), "trust from TUF");
        Path bundle = dir.resolve("through-tuf.sigstore.json");
        ok(cosign.run("sign-blob", "-y", "--identity-token", emailToken(), "--bundle", bundle.toString(), blob.toString()));
        ok(cosign.run("verify-blob", "--bundle", bundle.toString(), "--certificate-identity", "alice@example.com",
                "--certificate-oidc-issuer", IDP.issuer("/email"), blob.toString()));
        KeylessVerifier.builder().trustedRootProvider(TrustedRootProvider.from(javaTuf)).build().verify(
                SigstoreJavaClient.sha256("trust from TUF"), Bundle.from(Files.newBufferedReader(bundle)),
                SigstoreJavaClient.identity("alice@example.com", IDP.issuer("/email")));

        // A target whose bytes no longer match targets.json (same length, one letter changed): refused.
        Path target;
        try (Stream<Path> files = Files.list(repo.resolve("targets"))) {
            target = files.filter(p -> p.getFileName().toString().endsWith(".trusted_root.json")).findFirst().orElseThrow();
        }
        byte[] genuine = Files.readAllBytes(target);
        Files.writeString(target, new String(genuine, StandardCharsets.UTF_8).replace("\"tlogs\"", "\"tlogz\""));
        assertThatThrownBy(() -> SigstoreTufClient.builder().tufMirror(mirror, RootProvider.fromFile(root))
                .tufCacheLocation(Files.createTempDirectory(dir, "tampered")).build().update())
                .satisfies(e -> assertThat(e.toString() + e.getCause()).containsIgnoringCase("hash"));
        refused(cosign.run("initialize", "--mirror", mirror.toString(), "--root", root.toString()),
                "length", "hash", "does not match");
        Files.write(target, genuine);

        // A timestamp that expired (its online key not used to re-sign it in time): refused.
        new TufRepository(repo, keys, Instant.now().minus(Duration.ofDays(30)))
                .publish(TufRepository.targetFiles(trustedRoot, signingConfig));
        assertThatThrownBy(() -> SigstoreTufClient.builder().tufMirror(mirror, RootProvider.fromFile(root))
                .tufCacheLocation(Files.createTempDirectory(dir, "expired")).build().update())
                .hasMessageContaining("expired");
        refused(cosign.run("initialize", "--mirror", mirror.toString(), "--root", root.toString()), "expired");
    }
}
