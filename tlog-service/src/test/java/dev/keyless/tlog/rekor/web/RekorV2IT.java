package dev.keyless.tlog.rekor.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import dev.keyless.common.crypto.KeyIds;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.merkle.ProofVerifier;
import dev.keyless.common.merkle.Rfc6962;
import dev.keyless.common.note.Checkpoint;
import dev.keyless.common.note.NoteVerifiers;
import dev.keyless.common.note.SignedNote;
import dev.keyless.tlog.TlogIntegrationTest;
import dev.sigstore.proto.common.v1.PublicKeyDetails;
import dev.sigstore.proto.rekor.v2.CreateEntryRequest;
import dev.sigstore.proto.rekor.v2.HashedRekordRequestV002;
import dev.sigstore.proto.rekor.v2.Signature;
import dev.sigstore.proto.rekor.v2.Verifier;
import dev.sigstore.rekor.client.RekorEntry;
import dev.sigstore.rekor.client.RekorVerificationException;
import dev.sigstore.rekor.client.RekorVerifier;
import dev.sigstore.rekor.v2.client.RekorV2ClientHttp;
import dev.sigstore.trustroot.Service;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rekor v2 over HTTP: sigstore-java 2.0.0's own v2 client submits and its verifier checks the answer (inclusion proof,
 * checkpoint signed under the host name with the key hint of the trust root's log ID); the response has rekor-tiles'
 * fields in its order; a duplicate is 409 with {@code x-log-index}; bad input is 400 in rekor-tiles' error shape.
 */
// The Rekor v2 proto PublicKey is written out: java.security.PublicKey is the one imported.
class RekorV2IT extends TlogIntegrationTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final JsonMapper JSON = JsonMapper.builder().build();

    URI url() {
        return URI.create("http://localhost:" + port);
    }

    PublicKey v2Key() throws Exception {
        return PublicKeys.parsePem(get("/api/v2/log/publicKey").body());
    }

    static HashedRekordRequestV002 request(HashedRekords rekords, byte[] artifact) {
        byte[] digest = Hash.sha256(artifact).toByteArray();
        return HashedRekordRequestV002.newBuilder().setDigest(ByteString.copyFrom(digest))
                .setSignature(Signature.newBuilder().setContent(ByteString.copyFrom(rekords.signer.signDigest(digest)))
                        .setVerifier(Verifier.newBuilder()
                                .setPublicKey(dev.sigstore.proto.rekor.v2.PublicKey.newBuilder().setRawBytes(
                                        ByteString.copyFrom(PublicKeys.toDer(rekords.signer.publicKey()))))
                                .setKeyDetails(PublicKeyDetails.PKIX_ECDSA_P256_SHA_256)))
                .build();
    }

    @Test
    void sigstoreJavaSubmitsAndVerifiesAV2Entry() throws Exception {
        PublicKey key = v2Key();
        RekorV2ClientHttp client = RekorV2ClientHttp.builder().setService(Service.of(url(), 2)).build();
        RekorEntry entry = client.putEntry(request(new HashedRekords(), "signed for rekor v2".getBytes(StandardCharsets.UTF_8)));
        assertThat(entry.getIntegratedTime()).isZero();
        RekorVerifier.newRekorVerifier(SigstoreJavaRekorIT.trustRoot(url(), key)).verifyEntry(entry);

        // Another key under the same log ID: the checkpoint signature no longer verifies.
        PublicKey stranger = new HashedRekords().signer.publicKey();
        RekorVerifier wrong = RekorVerifier.newRekorVerifier(SigstoreTrustedRoot.from(
                new ByteArrayInputStream(SigstoreJavaRekorIT.trustRootJson(url(), stranger, KeyIds.logId(key))
                        .getBytes(StandardCharsets.UTF_8))));
        assertThatThrownBy(() -> wrong.verifyEntry(entry))
                .isInstanceOf(RekorVerificationException.class);
    }

    @Test
    void theResponseIsATransparencyLogEntryWhoseProofVerifiesAgainstItsCheckpoint() throws Exception {
        PublicKey key = v2Key();
        String body = JsonFormat.printer().print(CreateEntryRequest.newBuilder().setHashedRekordRequestV002(request(new HashedRekords(), "raw".getBytes(StandardCharsets.UTF_8)))
                .build());
        HttpResponse<String> r = post(body);
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode e = JSON.readTree(r.body());
        List<String> fields = new ArrayList<>();
        for (Iterator<String> it = e.propertyNames().iterator(); it.hasNext();) {
            fields.add(it.next());
        }
        assertThat(fields).containsExactly("logIndex", "logId", "kindVersion", "integratedTime", "inclusionPromise",
                "inclusionProof", "canonicalizedBody");
        assertThat(e.get("integratedTime").asString()).isEqualTo("0");
        assertThat(e.get("inclusionPromise").isNull()).isTrue();
        assertThat(e.get("kindVersion").toString()).isEqualTo("{\"kind\":\"hashedrekord\",\"version\":\"0.0.2\"}");
        assertThat(Base64.getDecoder().decode(e.get("logId").get("keyId").asString()))
                .isEqualTo(KeyIds.logId(key).toByteArray());

        JsonNode proof = e.get("inclusionProof");
        String note = proof.get("checkpoint").get("envelope").asString();
        SignedNote signed = SignedNote.parse(note);
        assertThat(signed.verify(List.of(NoteVerifiers.ecdsa("localhost", key)))).hasSize(1);
        Checkpoint checkpoint = Checkpoint.fromNoteText(signed.text());
        assertThat(checkpoint.origin()).as("a v2 origin is the bare host").isEqualTo("localhost");
        long index = Long.parseLong(e.get("logIndex").asString());
        assertThat(Long.parseLong(proof.get("treeSize").asString())).isEqualTo(checkpoint.size()).isGreaterThan(index);
        List<Hash> hashes = new ArrayList<>();
        proof.get("hashes").forEach(h -> hashes.add(Hash.of(Base64.getDecoder().decode(h.asString()))));
        byte[] canonical = Base64.getDecoder().decode(e.get("canonicalizedBody").asString());
        ProofVerifier.verifyInclusion(index, checkpoint.size(), Rfc6962.hashLeaf(canonical), hashes, checkpoint.rootHash());
        assertThat(Hash.of(Base64.getDecoder().decode(proof.get("rootHash").asString()))).isEqualTo(checkpoint.rootHash());

        HttpResponse<String> again = post(body);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("x-log-index")).contains(Long.toString(index));
        assertThat(again.body()).isEqualTo("{\"code\":6,\"message\":\"an equivalent entry already exists in the "
                + "transparency log with index " + index + "\",\"details\":[]}");
    }

    @Test
    void badRequestsAre400InRekorTilesShapeAndStoreNothing() throws Exception {
        String before = get("/checkpoint").body().split("\n", 3)[1];
        for (String bad : List.of("", "not json", "{}", "{\"hashedRekordRequestV002\":{\"digest\":\"AA==\"}}",
                "{\"dsseRequestV002\":{\"envelope\":{},\"verifiers\":[]}}")) {
            HttpResponse<String> r = post(bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            JsonNode e = JSON.readTree(r.body());
            assertThat(e.get("code").asInt()).isEqualTo(3);
            assertThat(e.get("details").isArray()).isTrue();
        }
        HttpResponse<String> tooLarge = post("{\"hashedRekordRequestV002\":{\"digest\":\"" + "A".repeat(70_000) + "\"}}");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(tooLarge.body()).get("code").asInt()).isEqualTo(8);
        assertThat(get("/checkpoint").body().split("\n", 3)[1]).as("nothing stored").isEqualTo(before);
    }

    HttpResponse<String> post(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url().resolve("/api/v2/log/entries"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
