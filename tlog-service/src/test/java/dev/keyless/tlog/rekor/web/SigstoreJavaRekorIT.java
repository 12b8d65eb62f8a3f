package dev.keyless.tlog.rekor.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.crypto.EcdsaBackend;
import dev.keyless.common.crypto.KeyIds;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.encoding.Hash;
import dev.keyless.tlog.TlogIntegrationTest;
import dev.sigstore.rekor.client.HashedRekordRequest;
import dev.sigstore.rekor.client.RekorClientHttp;
import dev.sigstore.rekor.client.RekorEntry;
import dev.sigstore.rekor.client.RekorResponse;
import dev.sigstore.rekor.client.RekorVerificationException;
import dev.sigstore.rekor.client.RekorVerifier;
import dev.sigstore.trustroot.Service;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The acceptance test for the Rekor API: sigstore-java's own Rekor client submits an entry, and its own
 * verifier checks the answer (SET, inclusion proof, checkpoint signature and key name) against a trust root
 * that lists only our log key.
 */
class SigstoreJavaRekorIT extends TlogIntegrationTest {
    @Autowired
    EcdsaBackend ecdsa;

    /** Where the native provider ships, the service runs its ECDSA there: the tests above then check its output. */
    @Test
    void theLogSignsAndChecksOnTheNativeEcdsaProvider() {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux")
                && System.getProperty("os.arch").equals("amd64"), "the native ECDSA provider ships for Linux on x86_64");
        assertThat(ecdsa.provider().map(Provider::getName))
                .hasValue("AmazonCorrettoCryptoProvider");
    }

    @Test
    void sigstoreJavaSubmitsAndVerifiesAnEntry() throws Exception {
        PublicKey logKey = PublicKeys.parsePem(get("/api/v1/log/publicKey").body());
        URI url = URI.create("http://localhost:" + port);
        RekorClientHttp client = RekorClientHttp.builder().setService(Service.of(url, 1)).build();
        HashedRekords rekords = new HashedRekords();

        byte[] artifact = "an artifact signed by sigstore-java".getBytes(StandardCharsets.UTF_8);
        byte[] digest = Hash.sha256(artifact).toByteArray();
        HashedRekordRequest request = HashedRekordRequest.newHashedRekordRequest(digest,
                rekords.publicKeyPem.getBytes(StandardCharsets.US_ASCII), rekords.signer.signDigest(digest));
        RekorResponse response = client.putEntry(request);
        RekorEntry entry = response.getEntry();
        assertThat(response.getUuid()).endsWith(request.computeUUID());
        assertThat(entry.getLogIndex()).isPositive();

        RekorVerifier verifier = RekorVerifier.newRekorVerifier(trustRoot(url, logKey));
        verifier.verifyEntry(entry);

        // The client's own lookup by entry and by UUID find it, and those answers verify too.
        Optional<RekorEntry> found = client.getEntry(request);
        assertThat(found).isPresent();
        verifier.verifyEntry(found.get());
        verifier.verifyEntry(client.getEntry(response.getUuid()).orElseThrow());
        assertThat(client.searchEntry(null, "sha256:" + Hash.sha256(artifact).toHex(), null, null))
                .contains(response.getUuid());
    }

    @Test
    void sigstoreJavaRejectsOurEntryUnderAnotherLogKey() throws Exception {
        URI url = URI.create("http://localhost:" + port);
        RekorClientHttp client = RekorClientHttp.builder().setService(Service.of(url, 1)).build();
        HashedRekords rekords = new HashedRekords();
        byte[] digest = Hash.sha256("another artifact".getBytes(StandardCharsets.UTF_8)).toByteArray();
        RekorEntry entry = client.putEntry(HashedRekordRequest.newHashedRekordRequest(digest,
                rekords.publicKeyPem.getBytes(StandardCharsets.US_ASCII), rekords.signer.signDigest(digest))).getEntry();
        // A trust root naming a different key with our log ID cannot verify the entry: the check is real.
        PublicKey stranger = new HashedRekords().signer.publicKey();
        PublicKey ours = PublicKeys.parsePem(get("/api/v1/log/publicKey").body());
        SigstoreTrustedRoot wrong = SigstoreTrustedRoot.from(new ByteArrayInputStream(
                trustRootJson(url, stranger, KeyIds.logId(ours)).getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> RekorVerifier.newRekorVerifier(wrong).verifyEntry(entry))
                .isInstanceOf(RekorVerificationException.class);
    }

    static SigstoreTrustedRoot trustRoot(URI url, PublicKey logKey) throws Exception {
        return SigstoreTrustedRoot.from(new ByteArrayInputStream(
                trustRootJson(url, logKey, KeyIds.logId(logKey)).getBytes(StandardCharsets.UTF_8)));
    }

    static String trustRootJson(URI url, PublicKey key, Hash logId) {
        Base64.Encoder b64 = Base64.getEncoder();
        return "{\"mediaType\":\"application/vnd.dev.sigstore.trustedroot+json;version=0.1\",\"tlogs\":[{\"baseUrl\":\"" + url
                + "\",\"hashAlgorithm\":\"SHA2_256\",\"publicKey\":{\"rawBytes\":\"" + b64.encodeToString(PublicKeys.toDer(key))
                + "\",\"keyDetails\":\"PKIX_ECDSA_P256_SHA_256\",\"validFor\":{\"start\":\"2020-01-01T00:00:00Z\"}},"
                + "\"logId\":{\"keyId\":\"" + b64.encodeToString(logId.toByteArray()) + "\"}}],"
                + "\"certificateAuthorities\":[],\"ctlogs\":[],\"timestampAuthorities\":[]}";
    }
}
