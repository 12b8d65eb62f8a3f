package dev.keyless.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.ca.testing.TestClaims;
import dev.keyless.common.encoding.Hash;
import dev.keyless.e2e.testing.Browser;
import dev.keyless.e2e.testing.Browser.Page;
import dev.keyless.e2e.testing.Browser.Step;
import dev.keyless.e2e.testing.FlippingProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The auditors' web console in a real browser (Debian's chromium, headless, through playwright-core): entries that
 * cosign logged are found by email and by workflow URI, their pages show the certificate in words and every check
 * passed, bad input gets a plain message, and, when a proxy between the browser and the log changes one byte of
 * the inclusion proof, the entry page says the inclusion check failed: the browser verifies, not the server. The CT
 * page lists the certificates the identity received.
 * Screenshots of each page are kept in {@code system-tests/target/console-screenshots/}.
 */
class ConsoleIT extends CosignTestBase {
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots").toAbsolutePath();

    @Test
    void anAuditorFindsVerifiesAndCannotBeFooledByTheServer() throws Exception {
        String email = "auditor-" + System.nanoTime() + "@example.com";
        Map<String, Object> claims = TestClaims.email(IDP.issuer("/email"), Instant.now());
        claims.put("email", email);
        Logged byEmail = sign("by-email", IDP.mint(claims));
        long emailIndex = byEmail.logIndex();
        long workflowIndex = sign("by-workflow", IDP.mint(TestClaims.github(IDP.issuer("/github"), Instant.now()))).logIndex();
        String workflow = "https://github.com/my-org/my-repo/.github/workflows/release.yml@refs/heads/main";

        try (FlippingProxy proxy = new FlippingProxy(tlog.port())) {
            String console = "http://127.0.0.1:" + proxy.port() + "/console/";
            List<Page> pages = Browser.run(console, SCREENSHOTS, List.of(
                    Step.open("1-log", "/"),
                    Step.open("2-search-email", "/search?q=" + email),
                    Step.open("3-entry", "/entry/" + emailIndex),
                    Step.open("4-search-workflow", "/search?q=" + workflow),
                    Step.open("5-entry-workflow", "/entry/" + workflowIndex),
                    // From the tree cosign's bundle was proven in (its root from the bundle) to the current one.
                    Step.open("6-consistency", "/consistency?first=" + byEmail.treeSize() + "&root=" + byEmail.rootHex()),
                    new Step("7-junk", "/search", "x".repeat(10_000)),
                    Step.open("8-malformed-hash", "/search?q=sha256:12345"),
                    Step.open("9-unknown-email", "/search?q=nobody-" + System.nanoTime() + "@example.com"),
                    Step.open("10-search-certificate-fingerprint", "/search?q=" + byEmail.certificateSha256()),
                    Step.open("11-ct-latest", "/ct"),
                    Step.open("12-ct-issued-to", "/ct?identity=" + email.toUpperCase(java.util.Locale.ROOT)),
                    Step.open("13-ct-too-long", "/ct?identity=" + "y".repeat(2000))));
            Map<String, Page> p = byName(pages);
            pages.forEach(page -> assertThat(page.errors()).as(page.name()).isEmpty());

            assertThat(List.of("key", "checkpoint", "checkpoint-root")).allSatisfy(id ->
                    assertThat(p.get("1-log").check(id)).as(id + ": " + p.get("1-log").checkDetail(id)).isEqualTo("passed"));

            assertThat(p.get("2-search-email").rows()).singleElement().satisfies(row -> {
                assertThat(row.get(0)).isEqualTo(Long.toString(emailIndex));
                assertThat(row.get(2)).isEqualTo("hashedrekord");
                assertThat(row.get(3)).startsWith(email).contains(IDP.issuer("/email"));
            });

            Page entry = p.get("3-entry");
            assertThat(List.of("key", "log-id", "leaf", "inclusion", "checkpoint", "checkpoint-root", "set")).allSatisfy(id ->
                    assertThat(entry.check(id)).as(id + ": " + entry.checkDetail(id)).isEqualTo("passed"));
            assertThat(entry.fact("SAN (email)")).isEqualTo(email);
            assertThat(entry.fact("OIDC issuer")).isEqualTo(IDP.issuer("/email"));
            assertThat(entry.fact("integrated within validity")).isEqualTo("yes");

            assertThat(p.get("4-search-workflow").rows()).extracting(row -> row.get(0)).contains(Long.toString(workflowIndex));
            Page ci = p.get("5-entry-workflow");
            assertThat(ci.check("inclusion")).isEqualTo("passed");
            assertThat(ci.fact("SAN (URI)")).isEqualTo(workflow);
            assertThat(ci.fact("Source repository URI")).isEqualTo("https://github.com/my-org/my-repo");
            assertThat(ci.fact("Build config URI")).isEqualTo(workflow);
            assertThat(ci.fact("Source repository ref")).isEqualTo("refs/heads/main");
            assertThat(ci.fact("Source repository digest")).isEqualTo("0123456789abcdef0123456789abcdef01234567");
            assertThat(ci.fact("Build trigger")).isEqualTo("push");
            assertThat(ci.fact("Runner environment")).isEqualTo("github-hosted");

            Page consistency = p.get("6-consistency");
            assertThat(List.of("key", "checkpoint", "proof", "second-root", "first-root")).allSatisfy(id ->
                    assertThat(consistency.check(id)).as(id + ": " + consistency.checkDetail(id)).isEqualTo("passed"));

            assertThat(p.get("7-junk").messages()).containsExactly("The query is too long (10000 characters; at most 1024).");
            assertThat(p.get("8-malformed-hash").messages()).singleElement().asString().contains("64 hex digits");
            assertThat(p.get("9-unknown-email").messages()).singleElement().asString().startsWith("No entries for nobody-");

            // The certificate's fingerprint (SHA-256 of its DER, as the entry page shows it) finds the entry too.
            assertThat(p.get("10-search-certificate-fingerprint").rows()).extracting(row -> row.get(0))
                    .containsExactly(Long.toString(emailIndex));
            assertThat(entry.fact("SHA-256 (DER)")).isEqualTo(byEmail.certificateSha256());

            // The CT log lists who received certificates: the identity signed once, so one certificate.
            assertThat(p.get("11-ct-latest").rows()).isNotEmpty().anySatisfy(row -> assertThat(row.get(2)).isEqualTo(email));
            assertThat(p.get("12-ct-issued-to").rows()).singleElement().satisfies(row -> {
                assertThat(row.get(2)).isEqualTo(email);
                assertThat(row.get(3)).isEqualTo(IDP.issuer("/email"));
                assertThat(row.get(4)).isEqualTo("precertificate");
            });
            assertThat(p.get("13-ct-too-long").messages()).containsExactly("Enter an email or URI of 1 to 1000 characters.");

            // One byte of the proof changed on its way: the browser's own check catches it.
            proxy.flipping(FlippingProxy.Flip.PROOF);
            Page flipped = Browser.run(console, SCREENSHOTS, List.of(Step.open("14-entry-proof-flipped", "/entry/" + emailIndex)))
                    .get(0);
            assertThat(proxy.flipped()).isPositive();
            assertThat(flipped.check("inclusion")).isEqualTo("failed");
            assertThat(flipped.checkDetail("inclusion")).startsWith("computed root ");
            assertThat(flipped.check("checkpoint")).as("the checkpoint itself was not touched").isEqualTo("passed");

            // One byte of the checkpoint's signature changed: the checkpoint fails, and nothing is compared with it.
            proxy.flipping(FlippingProxy.Flip.CHECKPOINT_SIGNATURE);
            Page forged = Browser.run(console, SCREENSHOTS, List.of(Step.open("15-entry-checkpoint-forged", "/entry/" + emailIndex)))
                    .get(0);
            assertThat(forged.check("inclusion")).isEqualTo("passed");
            assertThat(forged.check("checkpoint")).as(forged.checkDetail("checkpoint")).isEqualTo("failed");
            assertThat(forged.check("checkpoint-root")).as("never compared with an unverified checkpoint").isEqualTo("skipped");
        }
        assertThat(SCREENSHOTS.resolve("3-entry.png")).isNotEmptyFile();
    }

    /** The browser's verifier against the project's Merkle vectors (happy paths and one-mutation failures). */
    @Test
    void theInBrowserVerifierAgreesWithEveryMerkleVector() throws Exception {
        String out = Browser.node("verify-vectors.mjs");
        assertThat(out.strip().lines().reduce((a, b) -> b).orElseThrow()).matches("\\{\"files\":\\d{3,},\"wrong\":0\\}");
    }

    /** Where cosign's bundle says the entry went: its index and the tree its inclusion proof was made in. */
    record Logged(long logIndex, long treeSize, String rootHex, String certificateSha256) {
    }

    private Logged sign(String name, String token) throws Exception {
        Path blob = Files.writeString(dir.resolve(name + ".txt"), "signed " + name + " " + System.nanoTime());
        Path bundle = dir.resolve(name + ".sigstore.json");
        ok(cosign.run("sign-blob", "-y", "--identity-token", token, "--bundle", bundle.toString(), "--trusted-root",
                trustedRoot.toString(), "--signing-config", signingConfig.toString(), blob.toString()));
        JsonNode entry = JsonMapper.builder().build().readTree(Files.readString(bundle)).path("verificationMaterial")
                .path("tlogEntries").get(0);
        JsonNode proof = entry.path("inclusionProof");
        byte[] certificate = Base64.getDecoder().decode(JsonMapper.builder().build().readTree(Files.readString(bundle))
                .path("verificationMaterial").path("certificate").path("rawBytes").asString());
        return new Logged(Long.parseLong(entry.path("logIndex").asString()), Long.parseLong(proof.path("treeSize").asString()),
                HexFormat.of().formatHex(Base64.getDecoder().decode(proof.path("rootHash").asString())),
                Hash.sha256(certificate).toHex());
    }

    private static Map<String, Page> byName(List<Page> pages) {
        return pages.stream().collect(java.util.stream.Collectors.toMap(Page::name, x -> x));
    }
}
