package dev.keyless.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.admin.TufCommand;
import dev.keyless.ca.issuance.DevelopmentCa;
import dev.keyless.ca.rotation.RotateCommand;
import dev.keyless.ca.timestamp.TsaKeys;
import dev.keyless.admin.TrustRootCommand;
import dev.keyless.ca.wire.Http;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.tuf.TufMetadata;
import dev.keyless.e2e.testing.Cosign;
import dev.keyless.e2e.testing.PythonTuf;
import dev.keyless.e2e.testing.SigstoreJs;
import dev.keyless.tuf.LegacyTargets;
import dev.keyless.tuf.RoleKeys;
import dev.keyless.tuf.TufRepository;
import dev.keyless.ca.tls.DevelopmentServerCertificate;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.tuf.SigstoreTufClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The trust files through TUF only, with four clients that keep their caches from step to step as users' do: cosign
 * ({@code cosign initialize --mirror --root}, then sign-blob and verify-blob with no trust file), sigstore-java
 * ({@code SigstoreTufClient}), sigstore-js ({@code sigstore.verify} with {@code tufMirrorURL} and {@code tufRootPath})
 * and python-tuf's ngclient. ca-service serves the repository and re-signs its timestamp with the online keys. Each
 * client refuses a tampered target, an expired timestamp (the online key withheld), a rolled-back timestamp and a root
 * signed below threshold, and follows the rotation of every TUF role's keys on its own; bundles signed before the
 * rotations still verify after them. The steps run in order and share the repository.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TufIT extends CosignTestBase {
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void tuf(DynamicPropertyRegistry r) {
        r.add("keyless.ca.tuf.repository-dir", () -> caData.resolve("tuf-repository").toString());
        r.add("keyless.ca.tuf.online-keys-dir", () -> caData.resolve("tuf-keys/online").toString());
        r.add("keyless.ca.tuf.check-interval", () -> "1s");
        // A CA of this class's own (a copy of the development CA, same root): rotating it leaves other classes' alone.
        r.add("keyless.ca.signer.type", () -> "file");
        r.add("keyless.ca.signer.key-file", () -> tufCa().resolve("ca-key.pem").toString());
        r.add("keyless.ca.signer.chain-file", () -> tufCa().resolve("ca-chain.pem").toString());
        r.add("keyless.ca.timestamp.signer.type", () -> "file");
        r.add("keyless.ca.timestamp.signer.key-file", () -> tufCa().resolve("tsa-key.pem").toString());
        r.add("keyless.ca.timestamp.signer.chain-file", () -> tufCa().resolve("tsa-chain.pem").toString());
        r.add("keyless.ca.rotation.reload-interval", () -> "1s");
        r.add("keyless.ca.rotation.retired-dir", () -> tufCa().resolve("retired").toString());
    }

    static synchronized Path tufCa() {
        Path ca = caData.resolve("tuf-ca");
        if (!Files.exists(ca)) {
            try {
                DevelopmentCa.loadOrCreate(caData, Clock.systemUTC());
                TsaKeys.loadOrCreateDevelopment(caData, Clock.systemUTC());
                Files.createDirectories(ca);
                for (Path f : new Path[] {DevelopmentCa.keyFile(caData), DevelopmentCa.chainFile(caData),
                        DevelopmentCa.rootKeyFile(caData), TsaKeys.keyFile(caData), TsaKeys.chainFile(caData)}) {
                    Files.copy(f, ca.resolve(f.getFileName()));
                }
                Files.copy(TsaKeys.rootKeyFile(caData), ca.resolve("tsa-root-key.pem"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return ca;
    }

    /** Signed in the first step, verified after every change. */
    static Path firstBlob;
    static Path firstBundle;

    Path repo() {
        return caData.resolve("tuf-repository");
    }

    Path keys() {
        return caData.resolve("tuf-keys");
    }

    Path root() {
        return repo().resolve("1.root.json");
    }

    URI mirror() {
        return URI.create("https://localhost:" + port + "/tuf");
    }

    Path caTls() {
        return DevelopmentServerCertificate.directory(caData).resolve(DevelopmentServerCertificate.CERTIFICATE_FILE);
    }

    /** The four clients, their caches kept across steps. */
    TufClients clients() {
        return new TufClients(mirror(), root(), caTls(), cosign, caData.resolve("tuf-clients"), "alice@example.com",
                IDP.issuer("/email"));
    }

    Path cache(String client) throws Exception {
        return clients().cache(client);
    }

    Cosign tufCosign(Path tufRoot) {
        return clients().cosign(tufRoot);
    }

    SigstoreTufClient.Builder javaTuf(Path cache) {
        return clients().java(cache);
    }

    SigstoreJs.Result js(Path cache, Path artifact, Path bundle) throws Exception {
        return clients().js(cache, artifact, bundle);
    }

    PythonTuf.Result python(Path cache) throws Exception {
        return clients().python(cache);
    }

    void everyClientAccepts(Path blob, Path bundle) throws Exception {
        clients().everyClientAccepts(blob, bundle);
    }

    void everyKeptCacheRefuses(String... reasons) throws Exception {
        clients().everyKeptCacheRefuses(firstBlob, firstBundle, reasons);
    }

    /** The operator's command, as {@code ./dev tuf} runs it (no passphrase: development keys). */
    static String tuf(String command, Map<String, String> options) throws Exception {
        return TufCommand.run(command, options, null, Instant.now());
    }

    Map<String, String> options(String... kv) {
        Map<String, String> opt = new HashMap<>(Map.of("repo", repo().toString(), "keys", keys().toString(),
                "trusted-root", trustedRoot.toString(), "signing-config", signingConfig.toString()));
        for (int i = 0; i < kv.length; i += 2) {
            opt.put(kv[i], kv[i + 1]);
        }
        return opt;
    }

    @Test
    @Order(1)
    void cosignSigstoreJavaSigstoreJsAndPythonTufTakeTheirTrustFromTheRepository() throws Exception {
        assertThat(tuf("init", options("key-count", "root=2", "threshold", "root=2"))).contains("1.root.json");

        ok(tufCosign(cache("cosign")).run("initialize", "--mirror", mirror().toString(), "--root", root().toString()));
        firstBlob = Files.writeString(caData.resolve("through-tuf.txt"), "trust from TUF");
        firstBundle = caData.resolve("through-tuf.sigstore.json");
        ok(tufCosign(cache("cosign")).run("sign-blob", "-y", "--identity-token", emailToken(), "--bundle",
                firstBundle.toString(), firstBlob.toString()));

        SigstoreTufClient client = javaTuf(cache("java")).build();
        client.update();
        assertThat(client.getSigstoreSigningConfig().getCas()).singleElement()
                .satisfies(s -> assertThat(s.getUrl()).isEqualTo(URI.create("https://localhost:" + port)));
        everyClientAccepts(firstBlob, firstBundle);
        // sigstore-java signs with both trust files from TUF too, and every client verifies what it signed.
        Path javaBlob = Files.writeString(caData.resolve("java-through-tuf.txt"), "signed by sigstore-java through TUF");
        Bundle javaBundle = SigstoreJavaClient.sign(javaTuf(cache("java")), emailToken(),
                Hash.sha256(Files.readAllBytes(javaBlob)).toByteArray());
        everyClientAccepts(javaBlob, Files.writeString(caData.resolve("java-through-tuf.sigstore.json"),
                javaBundle.toJson()));

        // python-tuf downloads the legacy targets too, with Sigstore's custom metadata, the same keys as trusted_root.json.
        PythonTuf.Result py = PythonTuf.refresh(mirror().toString(), root(), cache("python"), caTls(),
                "trusted_root.json", "signing_config.v0.2.json", "fulcio_v1.crt.pem", "rekor.pub", "ctfe.pub");
        assertThat(py.ok()).as(py.output()).isTrue();
        assertThat(py.targets().path("trusted_root.json").path("sha256").asString())
                .isEqualTo(Hash.sha256(Files.readAllBytes(trustedRoot)).toHex());
        assertThat(py.targets().path("rekor.pub").path("custom").path("sigstore").path("usage").asString()).isEqualTo("Rekor");
        assertThat(py.targets().path("fulcio_v1.crt.pem").path("custom").path("sigstore").path("status").asString())
                .isEqualTo("Active");
        byte[] rekorPub = LegacyTargets.from(Files.readAllBytes(trustedRoot)).stream()
                .filter(t -> t.name().equals("rekor.pub")).findFirst().orElseThrow().bytes();
        assertThat(py.targets().path("rekor.pub").path("sha256").asString()).isEqualTo(Hash.sha256(rekorPub).toHex());
    }

    @Test
    @Order(2)
    void aTamperedTargetIsRefusedByEveryClient() throws Exception {
        Path target;
        try (Stream<Path> files = Files.list(repo().resolve("targets"))) {
            target = files.filter(p -> p.getFileName().toString().endsWith(".trusted_root.json")).findFirst().orElseThrow();
        }
        byte[] genuine = Files.readAllBytes(target);
        // Same length, one letter changed: only the hash tells.
        Files.writeString(target, new String(genuine, StandardCharsets.UTF_8).replace("\"tlogs\"", "\"tlogz\""));
        try {
            // Fresh caches: a client that already holds the genuine target does not download it again.
            Cosign.Result c = tufCosign(Files.createTempDirectory(dir, "cosign")).run("initialize", "--mirror",
                    mirror().toString(), "--root", root().toString());
            refused(c, "length", "hash", "does not match");
            System.out.println("[tuf] cosign refused: " + c.stderr().strip());
            assertThatThrownBy(() -> javaTuf(Files.createTempDirectory(dir, "java")).build().update())
                    .satisfies(e -> assertThat(e.toString() + e.getCause()).containsIgnoringCase("hash"));
            SigstoreJs.Result js = js(Files.createTempDirectory(dir, "js"), firstBlob, firstBundle);
            assertThat(js.exitCode()).isNotZero();
            assertThat(js.steps().get(0).detail()).as(js.output()).containsIgnoringCase("hash");
            PythonTuf.Result py = python(Files.createTempDirectory(dir, "python"));
            assertThat(py.error()).as(py.output()).contains("LengthOrHashMismatchError");
        } finally {
            Files.write(target, genuine);
        }
    }

    @Test
    @Order(3)
    void anExpiredTimestampIsRefusedUntilTheServiceSignsItAgainWithTheOnlineKey() throws Exception {
        RoleKeys atHand = RoleKeys.read(keys(), keys().resolve("online"), null);
        Path withheld = Files.createDirectories(dir.resolve("withheld"));
        List<Path> timestampKeys;
        try (Stream<Path> s = Files.list(keys().resolve("online"))) {
            timestampKeys = s.filter(p -> p.getFileName().toString().startsWith("timestamp-")).toList();
        }
        for (Path k : timestampKeys) {
            Files.move(k, withheld.resolve(k.getFileName()));
        }
        int expiredVersion;
        try {
            // Signed a month ago with the (then available) key: expired three weeks ago, and the service cannot renew it.
            new TufRepository(repo()).publish(atHand, TufCommand.targets(options()),
                    Instant.now().minus(Duration.ofDays(30)));
            expiredVersion = timestampVersion();
            Thread.sleep(2_500); // two of the service's runs, both failing without the key
            assertThat(timestampVersion()).isEqualTo(expiredVersion);
            everyKeptCacheRefuses("expired");
        } finally {
            for (Path k : timestampKeys) {
                Files.move(withheld.resolve(k.getFileName()), k);
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (timestampVersion() == expiredVersion && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(timestampVersion()).as("re-signed by ca-service").isGreaterThan(expiredVersion);
        everyClientAccepts(firstBlob, firstBundle);
    }

    @Test
    @Order(4)
    void aRolledBackTimestampIsRefusedByEveryClientThatSawALaterOne() throws Exception {
        byte[] older = Files.readAllBytes(repo().resolve("timestamp.json"));
        // Published from what ca-service serves (./dev tuf publish --ca): the same files, so only a new timestamp.
        assertThat(tuf("publish", options("ca", "https://localhost:" + port, "ca-tls-cert", caTls().toString())))
                .contains("targets unchanged");
        everyClientAccepts(firstBlob, firstBundle); // each now holds the newer timestamp
        byte[] newer = Files.readAllBytes(repo().resolve("timestamp.json"));
        Files.write(repo().resolve("timestamp.json"), older); // validly signed, unexpired, but older
        try {
            everyKeptCacheRefuses("version", "rollback");
        } finally {
            Files.write(repo().resolve("timestamp.json"), newer);
        }
        everyClientAccepts(firstBlob, firstBundle);
    }

    @Test
    @Order(5)
    @SuppressWarnings("unchecked")
    void aRootSignedBelowThresholdIsRefusedByEveryClient() throws Exception {
        Map<String, Object> signed = (Map<String, Object>) JSON.readValue(Files.readAllBytes(root()),
                new TypeReference<Map<String, Object>>() {
                }).get("signed");
        signed.put("version", 2);
        signed.put("expires", Instant.now().plus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString());
        EcdsaSigner one = RoleKeys.read(keys(), keys().resolve("online"), null).signers("root").get(0);
        Path bad = repo().resolve("2.root.json");
        Files.write(bad, JSON.writeValueAsBytes(TufMetadata.sign(signed, List.of(one)))); // 1 of the 2 required
        try {
            everyKeptCacheRefuses("threshold", "signature", "1/2", "unsigned", "verif");
        } finally {
            Files.delete(bad);
        }
        everyClientAccepts(firstBlob, firstBundle);
    }

    @Test
    @Order(6)
    void everyClientFollowsTheRotationOfEachRolesKeysAndOldBundlesStillVerify() throws Exception {
        Path blob = Files.writeString(dir.resolve("after-rotation.txt"), "signed after the TUF keys rotated");
        Path bundle = dir.resolve("after-rotation.sigstore.json");
        int rootVersion = 1;
        for (String role : List.of("root", "targets", "snapshot", "timestamp")) {
            String out = tuf("rotate", options("role", role));
            rootVersion++;
            assertThat(out).contains("root version " + rootVersion + ": " + role + " keys rotated");
            everyClientAccepts(firstBlob, firstBundle);
            PythonTuf.Result py = python(cache("python"));
            assertThat(py.rootVersion()).as(role).isEqualTo(rootVersion);
        }
        try (Stream<Path> s = Files.list(keys().resolve("online/retired"))) {
            assertThat(s.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("timestamp-"))
                    .anyMatch(n -> n.startsWith("snapshot-"));
        }
        ok(tufCosign(cache("cosign")).run("sign-blob", "-y", "--identity-token", emailToken(), "--bundle",
                bundle.toString(), blob.toString()));
        everyClientAccepts(blob, bundle);
        // ca-service renews an expired timestamp with the rotated online key, read from its directory without a restart.
        new TufRepository(repo()).publish(RoleKeys.read(keys(), keys().resolve("online"), null),
                TufCommand.targets(options()), Instant.now().minus(Duration.ofDays(30)));
        int expired = timestampVersion();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (timestampVersion() == expired && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(timestampVersion()).as("re-signed by ca-service").isGreaterThan(expired);
        everyClientAccepts(firstBlob, firstBundle);
    }

    @Test
    @Order(7)
    void theCaRotatesWithOneCommandWithoutRestartAndEveryClientFollowsThroughTuf() throws Exception {
        URI ca = URI.create("https://localhost:" + port);
        String out = RotateCommand.rotateCa(new RotateCommand.Options(tufCa().resolve("ca-key.pem"),
                tufCa().resolve("ca-chain.pem"), tufCa().resolve("root-key.pem"), false, tufCa().resolve("retired"), ca,
                Http.occasional(Duration.ofSeconds(5), caTls()), Duration.ofMinutes(12), Clock.systemUTC()));
        assertThat(out).contains("CA rotated");
        assertThat(tuf("publish", options("ca", ca.toString(), "ca-tls-cert", caTls().toString())))
                .containsPattern("published targets version [0-9]+");

        everyClientAccepts(firstBlob, firstBundle); // its certificate chains to the retired intermediate
        Path blob = Files.writeString(dir.resolve("after-ca-rotation.txt"), "signed by the new intermediate");
        Path bundle = dir.resolve("after-ca-rotation.sigstore.json");
        ok(tufCosign(cache("cosign")).run("sign-blob", "-y", "--identity-token", emailToken(), "--bundle",
                bundle.toString(), blob.toString()));
        assertThat(leafIssuer(bundle)).contains("keyless intermediate").isNotEqualTo(leafIssuer(firstBundle));
        everyClientAccepts(blob, bundle);
        afterCaRotation = new Path[] {blob, bundle};
        PythonTuf.Result py = PythonTuf.refresh(mirror().toString(), root(), cache("python"), caTls(), "fulcio_v1.crt.pem",
                "fulcio_v1_2.crt.pem");
        assertThat(py.targets().path("fulcio_v1_2.crt.pem").path("custom").path("sigstore").path("status").asString())
                .as(py.output()).isEqualTo("Expired");
    }

    @Test
    @Order(8)
    void theTimestampAuthorityRotatesWithOneCommandAndTimestampsFromBeforeStillVerify() throws Exception {
        assertThat(JSON.readTree(Files.readString(firstBundle)).path("verificationMaterial")
                .path("timestampVerificationData").path("rfc3161Timestamps").size()).as("cosign asked our TSA").isOne();
        URI ca = URI.create("https://localhost:" + port);
        String out = RotateCommand.rotateTsa(new RotateCommand.Options(tufCa().resolve("tsa-key.pem"),
                tufCa().resolve("tsa-chain.pem"), tufCa().resolve("tsa-root-key.pem"), false, tufCa().resolve("retired"),
                ca, Http.occasional(Duration.ofSeconds(5), caTls()), Duration.ofMinutes(2), Clock.systemUTC()));
        assertThat(out).contains("TSA rotated");
        assertThat(tuf("publish", options("ca", ca.toString(), "ca-tls-cert", caTls().toString())))
                .containsPattern("published targets version [0-9]+");
        JsonNode served = JSON.readTree(Files.readString(TrustRootCommand.download(TrustRootCommand.client(caTls()), ca,
                Files.createTempDirectory(dir, "served"))[0]));
        assertThat(served.path("timestampAuthorities").size()).as("the retired TSA and the new one").isEqualTo(2);
        assertThat(served.path("timestampAuthorities").get(0).path("validFor").has("end")).isTrue();

        everyClientAccepts(firstBlob, firstBundle); // its timestamp is the retired TSA's
        Path blob = Files.writeString(dir.resolve("after-tsa-rotation.txt"), "timestamped by the new TSA");
        Path bundle = dir.resolve("after-tsa-rotation.sigstore.json");
        ok(tufCosign(cache("cosign")).run("sign-blob", "-y", "--identity-token", emailToken(), "--bundle",
                bundle.toString(), blob.toString()));
        everyClientAccepts(blob, bundle);
    }

    /** Signed under the first new intermediate (step 7), verified after the new root too. */
    static Path[] afterCaRotation;

    @Test
    @Order(9)
    void theCaRotatesToANewRootWithOneCommandAndTheCtLogAcceptsTheRootFirst() throws Exception {
        URI ca = URI.create("https://localhost:" + port);
        String out = RotateCommand.rotateCa(new RotateCommand.Options(tufCa().resolve("ca-key.pem"),
                tufCa().resolve("ca-chain.pem"), tufCa().resolve("root-key.pem"), true, tufCa().resolve("retired"), ca,
                Http.occasional(Duration.ofSeconds(5), caTls()), Duration.ofMinutes(12), Clock.systemUTC(),
                tlog.dataDir().resolve("ca-root.pem"), URI.create("http://localhost:" + tlog.port())));
        assertThat(out).contains("CA rotated");
        assertThat(tuf("publish", options("ca", ca.toString(), "ca-tls-cert", caTls().toString())))
                .containsPattern("published targets version [0-9]+");
        JsonNode cas = JSON.readTree(Files.readString(TrustRootCommand.download(TrustRootCommand.client(caTls()), ca,
                Files.createTempDirectory(dir, "served"))[0])).path("certificateAuthorities");
        assertThat(cas.size()).as("two retired chains and the new one").isEqualTo(3);
        JsonNode newChain = cas.get(2).path("certChain").path("certificates");
        JsonNode oldChain = cas.get(1).path("certChain").path("certificates");
        assertThat(newChain.get(newChain.size() - 1)).as("a new root").isNotEqualTo(oldChain.get(oldChain.size() - 1));

        everyClientAccepts(firstBlob, firstBundle);
        everyClientAccepts(afterCaRotation[0], afterCaRotation[1]);
        Path blob = Files.writeString(dir.resolve("after-new-root.txt"), "signed under a new root");
        Path bundle = dir.resolve("after-new-root.sigstore.json");
        ok(tufCosign(cache("cosign")).run("sign-blob", "-y", "--identity-token", emailToken(), "--bundle",
                bundle.toString(), blob.toString()));
        everyClientAccepts(blob, bundle);
    }

    static String leafIssuer(Path bundle) throws Exception {
        String der = JSON.readTree(Files.readString(bundle)).path("verificationMaterial").path("certificate")
                .path("rawBytes").asString();
        return dev.keyless.common.crypto.Certificates.parseDer(java.util.Base64.getDecoder().decode(der))
                .getIssuerX500Principal().getName();
    }

    int timestampVersion() throws Exception {
        Map<String, Object> ts = JSON.readValue(Files.readAllBytes(repo().resolve("timestamp.json")),
                new TypeReference<Map<String, Object>>() {
                });
        return ((Number) ((Map<?, ?>) ts.get("signed")).get("version")).intValue();
    }
}
