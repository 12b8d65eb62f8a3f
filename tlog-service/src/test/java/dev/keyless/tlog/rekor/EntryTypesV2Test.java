package dev.keyless.tlog.rekor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.EcdsaBackend;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.HashAlgorithm;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.encoding.Hex;
import dev.keyless.common.merkle.Rfc6962;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Rekor v2 entries: the canonicalized body clients rebuild, byte for byte, and the refusals.
 *
 * <p>Known answer: the inputs of rekor-tiles v2.3.0 {@code pkg/types/hashedrekord/hashedrekord_test.go}, case "valid
 * hashedrekord" (a P-256 public key verifier). rekor-tiles' tests compare structures, not bytes; the expected body
 * (489 bytes) and leaf hash were computed independently (Python: JCS of the protojson entry, RFC 6962 leaf hash) and
 * agree with how real entries of the sigstage v2 log re-canonicalize.
 */
class EntryTypesV2Test {
    static final String DIGEST_HEX = "5b3513f580c8397212ff2c8f459c199efc0c90e4354a5f3533adf0a3fff3a530";
    static final String SIGNATURE = "MEYCIQC59oLS3MsCqm0xCxPOy+8FdQK4RYCZE036s3q1ECfcagIhAJ4ATXlCSdFrklKAS8No0PsAE9uLi37TCbIfRXASJTTb";
    static final String PUBLIC_KEY = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEeLw7gX40qy1z7JUhGMAaaDITbV7p2D+C5G9xPEsy/PVAo9H0mgS4NYzpGirkXxBht+IvvL19WR1X9ANXha5ldQ==";
    static final String EXPECTED_BODY = "{\"apiVersion\":\"0.0.2\",\"kind\":\"hashedrekord\",\"spec\":{\"hashedRekordV002\":"
            + "{\"data\":{\"algorithm\":\"SHA2_256\",\"digest\":\"WzUT9YDIOXIS/yyPRZwZnvwMkOQ1Sl81M63wo//zpTA=\"},"
            + "\"signature\":{\"content\":\"" + SIGNATURE + "\",\"verifier\":{\"keyDetails\":\"PKIX_ECDSA_P256_SHA_256\","
            + "\"publicKey\":{\"rawBytes\":\"" + PUBLIC_KEY + "\"}}}}}}";
    static final String EXPECTED_LEAF = "9f7de180887c06919d4a3e1487998bb04246d40db05589f4287e7a3ec794d250";

    final EntryTypesV2 types = new EntryTypesV2(EcdsaBackend.BOUNCY_CASTLE);

    static String hashedRekord(String digestB64, String signature, String verifierKind, String rawBytes, String details) {
        return "{\"hashedRekordRequestV002\":{\"digest\":\"" + digestB64 + "\",\"signature\":{\"content\":\"" + signature
                + "\",\"verifier\":{\"" + verifierKind + "\":{\"rawBytes\":\"" + rawBytes + "\"},\"keyDetails\":\""
                + details + "\"}}}}";
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    ValidatedEntry validate(String json) {
        return types.validate(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theRekorTilesVectorGivesTheKnownBodyAndLeafHash() {
        ValidatedEntry e = validate(hashedRekord(b64(Hex.decode(DIGEST_HEX)), SIGNATURE, "publicKey", PUBLIC_KEY,
                "PKIX_ECDSA_P256_SHA_256"));
        assertThat(new String(e.canonicalBody(), StandardCharsets.UTF_8)).isEqualTo(EXPECTED_BODY);
        assertThat(e.canonicalBody()).hasSize(489);
        assertThat(Rfc6962.hashLeaf(e.canonicalBody()).toHex()).isEqualTo(EXPECTED_LEAF);
        assertThat(e.kind()).isEqualTo("hashedrekord");
        assertThat(e.apiVersion()).isEqualTo("0.0.2");
        assertThat(e.indexKeys()).containsExactly("sha256:" + DIGEST_HEX);
    }

    @Test
    void oneMutationOfTheVectorIsRefused() {
        byte[] digest = Hex.decode(DIGEST_HEX);
        digest[0] ^= 1;
        assertRefused(hashedRekord(b64(digest), SIGNATURE, "publicKey", PUBLIC_KEY, "PKIX_ECDSA_P256_SHA_256"),
                "signature verification failed");
        assertRefused(hashedRekord(b64(Hex.decode(DIGEST_HEX)), SIGNATURE, "publicKey", PUBLIC_KEY,
                "PKIX_ECDSA_P384_SHA_384"), "keyDetails does not fit the key");
        assertRefused(hashedRekord(b64(Hex.decode(DIGEST_HEX)), SIGNATURE, "publicKey", PUBLIC_KEY, "PKIX_ED25519"),
                "unsupported keyDetails");
        assertRefused(hashedRekord(b64(new byte[31]), SIGNATURE, "publicKey", PUBLIC_KEY, "PKIX_ECDSA_P256_SHA_256"),
                "digest length");
        assertRefused(hashedRekord(b64(Hex.decode(DIGEST_HEX)), SIGNATURE, "x509Certificate", PUBLIC_KEY,
                "PKIX_ECDSA_P256_SHA_256"), "invalid x509Certificate");
        String extra = hashedRekord(b64(Hex.decode(DIGEST_HEX)), SIGNATURE, "publicKey", PUBLIC_KEY,
                "PKIX_ECDSA_P256_SHA_256").replace("{\"digest\"", "{\"extra\":1,\"digest\"");
        assertRefused(extra, "unknown field");
    }

    @Test
    void requestsOfNeitherOrBothKindsAreRefused() {
        assertRefused("{}", "want exactly one");
        assertRefused("{\"hashedRekordRequestV002\":{},\"dsseRequestV002\":{}}", "want exactly one");
        assertRefused("{\"hashed_rekord_request_v002\":{}}", "want exactly one");
        assertThatThrownBy(() -> validate("[]")).isInstanceOf(RekorApiException.class)
                .hasMessageContaining("one JSON object");
        assertThatThrownBy(() -> validate("{\"a\":1,\"a\":2}")).isInstanceOf(RekorApiException.class);
    }

    @Test
    void aDsseRequestRecordsThePayloadHashAndEachSignatureWithItsVerifierSortedByBytes() {
        KeyPair a = PrivateKeys.generateEc(EcCurve.P256, new SecureRandom());
        KeyPair b = PrivateKeys.generateEc(EcCurve.P256, new SecureRandom());
        byte[] payload = "{\"_type\":\"https://in-toto.io/Statement/v1\"}".getBytes(StandardCharsets.UTF_8);
        byte[] pae = DsseEnvelope.pae("application/vnd.in-toto+json", payload);
        byte[] sigA = EcdsaSigner.of(a).sign(pae);
        byte[] sigB = EcdsaSigner.of(b).sign(pae);
        String request = "{\"dsseRequestV002\":{\"envelope\":{\"payload\":\"" + b64(payload)
                + "\",\"payloadType\":\"application/vnd.in-toto+json\",\"signatures\":[{\"sig\":\"" + b64(sigA)
                + "\"},{\"sig\":\"" + b64(sigB) + "\",\"keyid\":\"\"}]},\"verifiers\":[" + verifier(b) + "," + verifier(a)
                + "]}}";
        String body = new String(validate(request).canonicalBody(), StandardCharsets.UTF_8);
        String payloadHash = b64(HashAlgorithm.SHA256.digest(payload));
        assertThat(body).startsWith("{\"apiVersion\":\"0.0.2\",\"kind\":\"dsse\",\"spec\":{\"dsseV002\":{\"payloadHash\":"
                + "{\"algorithm\":\"SHA2_256\",\"digest\":\"" + payloadHash + "\"},\"signatures\":[");
        boolean aFirst = Arrays.compareUnsigned(sigA, sigB) < 0;
        String first = aFirst ? entry(sigA, a) : entry(sigB, b);
        String second = aFirst ? entry(sigB, b) : entry(sigA, a);
        assertThat(body).endsWith(first + "," + second + "]}}}");

        String unsigned = request.replace(b64(sigA), b64(EcdsaSigner.of(a).sign("other".getBytes(StandardCharsets.UTF_8))));
        assertRefused(unsigned, "does not verify with any verifier");
        assertRefused(request.replace(b64(sigB), b64(sigA)), "duplicate signature");
    }

    static String verifier(KeyPair k) {
        return "{\"publicKey\":{\"rawBytes\":\"" + b64(PublicKeys.toDer(k.getPublic())) + "\"},\"keyDetails\":\"PKIX_ECDSA_P256_SHA_256\"}";
    }

    static String entry(byte[] sig, KeyPair k) {
        return "{\"content\":\"" + b64(sig) + "\",\"verifier\":{\"keyDetails\":\"PKIX_ECDSA_P256_SHA_256\",\"publicKey\":"
                + "{\"rawBytes\":\"" + b64(PublicKeys.toDer(k.getPublic())) + "\"}}}";
    }

    private void assertRefused(String json, String reason) {
        assertThatThrownBy(() -> validate(json)).isInstanceOf(RekorApiException.class).hasMessageContaining(reason);
    }
}
