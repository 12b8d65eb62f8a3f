package dev.keyless.tlog.rekor.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.common.encoding.Hash;
import dev.keyless.common.merkle.ProofVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Collection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * What fault tests check after the fault: every Rekor entry a client was answered 201 for is still served under its
 * UUID at the same index and verifies, and every checkpoint a client was given is consistent with the tree now.
 */
public final class AcknowledgedEntries {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AcknowledgedEntries() {
    }

    /** Checks {@code acknowledged} against the log at {@code base} (e.g. {@code http://localhost:3000}). */
    public static void assertStillLogged(HttpClient http, String base, PublicKey logKey, Collection<VerifiedEntry> acknowledged)
            throws Exception {
        JsonNode info = JSON.readTree(get(http, base + "/api/v1/log").body());
        long size = info.get("treeSize").asLong();
        Hash root = Hash.fromHex(info.get("rootHash").asString());
        for (VerifiedEntry e : acknowledged) {
            HttpResponse<String> r = get(http, base + "/api/v1/log/entries/" + e.uuid());
            assertThat(r.statusCode()).as("acknowledged entry %s", e.uuid()).isEqualTo(200);
            assertThat(VerifiedEntry.verify(r.body(), logKey, "localhost").logIndex()).isEqualTo(e.logIndex());
            JsonNode proof = JSON.readTree(get(http, base + "/api/v1/log/proof?firstSize=" + e.treeSize() + "&lastSize=" + size).body());
            ProofVerifier.verifyConsistency(e.treeSize(), size,
                    proof.get("hashes").valueStream().map(h -> Hash.fromHex(h.asString())).toList(), e.root(), root);
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
