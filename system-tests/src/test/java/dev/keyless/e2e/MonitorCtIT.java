package dev.keyless.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.keyless.admin.TrustRootCommand;
import dev.keyless.admin.monitor.MonitorAccess;
import dev.keyless.ca.testing.SigningRequests;
import dev.keyless.ca.testing.TestClaims;
import dev.keyless.ca.tls.DevelopmentServerCertificate;
import dev.keyless.common.crypto.PublicKeys;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The monitor following the CA's CT log (RFC 6962 API, tree heads verified under the CT key of trusted_root.json):
 * an identity in the rules that receives a certificate is an alert within 5 seconds, whether or not the certificate is
 * ever used to sign anything (here it is not: nothing reaches the Rekor log).
 */
class MonitorCtIT extends CosignTestBase {
    @Test
    void aCertificateIssuedToAWatchedIdentityIsAnAlertEvenIfNothingIsSigned() throws Exception {
        String carol = "carol-" + System.nanoTime() + "@example.com";
        Path rules = Files.writeString(dir.resolve("ct-rules.yaml"), "rules:\n  - name: carol-gets-a-certificate\n"
                + "    san: " + carol + "\n  - name: dave\n    san: dave@example.com\n");
        URI ct = URI.create(JsonMapper.builder().build().readTree(Files.readString(trustedRoot)).path("ctlogs").get(0)
                .path("baseUrl").asString());
        List<String> alerts = new CopyOnWriteArrayList<>();
        MonitorAccess monitor = MonitorAccess.createCt(ct, trustedRoot, rules, dir.resolve("ct-monitor-state.json"),
                alerts::add);
        long caughtUp = monitor.poll();
        long rekorSize = rekorTreeSize();

        // carol asks the CA for a certificate and never uses it.
        Map<String, Object> claims = TestClaims.email(IDP.issuer("/email"), Instant.now());
        claims.put("email", carol);
        KeyPair key = SigningRequests.p256();
        String request = JSONObjectUtils.toJSONString(Map.of(
                "credentials", Map.of("oidcIdentityToken", IDP.mint(claims)),
                "publicKeyRequest", Map.of("publicKey", Map.of("algorithm", "ECDSA", "content", PublicKeys.toPem(key.getPublic())),
                        "proofOfPossession", SigningRequests.sign(key, carol))));
        Path caTls = DevelopmentServerCertificate.directory(caData).resolve(DevelopmentServerCertificate.CERTIFICATE_FILE);
        HttpResponse<String> issued = TrustRootCommand.client(caTls).send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + port + "/api/v2/signingCert")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);

        long t0 = System.nanoTime();
        while (alerts.isEmpty() && System.nanoTime() - t0 < 5_000_000_000L) {
            monitor.poll();
            Thread.sleep(200);
        }
        System.out.println("[monitor ct] identity alert " + (System.nanoTime() - t0) / 1e9 + " s after the certificate: " + alerts);
        assertThat(alerts).as("within 5 s").singleElement().asString().contains("\"alert\":\"identity\"")
                .contains("\"rule\":\"carol-gets-a-certificate\"").contains(carol).contains(IDP.issuer("/email"));
        assertThat(monitor.poll()).isEqualTo(caughtUp + 1);
        assertThat(rekorTreeSize()).as("nothing was signed").isEqualTo(rekorSize);
    }

    long rekorTreeSize() throws Exception {
        return JsonMapper.builder().build().readTree(java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(rekorUrl() + "/api/v1/log")).build(), HttpResponse.BodyHandlers.ofString()).body())
                .path("treeSize").asLong();
    }
}
