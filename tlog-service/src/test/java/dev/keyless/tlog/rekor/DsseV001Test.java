package dev.keyless.tlog.rekor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.crypto.AlgorithmPolicy;
import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.Ed25519Signer;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.encoding.StrictBase64;
import dev.keyless.tlog.rekor.web.DsseEntries;
import dev.keyless.tlog.rekor.web.DsseEntries.Envelope;
import dev.keyless.tlog.rekor.web.DsseEntries.JcaSigner;
import dev.keyless.tlog.rekor.web.DsseEntries.Sig;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

/** dsse 0.0.1: the exact canonical body and index keys, and one-field mutations that must be refused. */
class DsseV001Test {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private final EntryTypes types = new EntryTypes(AlgorithmPolicy.defaults());
    private final DsseEntries entries = new DsseEntries();

    private ValidatedEntry validate(String proposal) {
        return types.validate(JSON.readTree(proposal));
    }

    private void assertRefused(String why, String proposal) {
        assertThatThrownBy(() -> validate(proposal)).as(why).isInstanceOfSatisfying(RekorApiException.class,
                e -> assertThat(e.kind()).as(why).isIn(RekorApiException.Kind.BAD_REQUEST, RekorApiException.Kind.INVALID_ENTRY));
    }

    @Test
    void paeMatchesTheDsseSpecExample() {
        // secure-systems-lab/dsse protocol.md, "Test vector".
        assertThat(new String(DsseEnvelope.pae("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8)).isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
        assertThat(DsseEnvelope.pae("t\u00e9", new byte[0])).as("LEN counts UTF-8 bytes")
                .isEqualTo("DSSEv1 3 t\u00e9 0 ".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void validEnvelopeGivesTheExactCanonicalBodyAndRekorsIndexKeys() {
        Envelope env = entries.next();
        String subject = new String(env.payload(), StandardCharsets.UTF_8).replaceAll(".*\"sha256\":\"([0-9a-f]{64})\".*", "$1");
        ValidatedEntry e = validate(env.dsse(DsseEntries.b64(entries.publicKeyPem)));

        String envelopeHash = Hash.sha256(env.json().getBytes(StandardCharsets.UTF_8)).toHex();
        String expected = "{\"apiVersion\":\"0.0.1\",\"kind\":\"dsse\",\"spec\":{\"envelopeHash\":{\"algorithm\":\"sha256\",\"value\":\""
                + envelopeHash + "\"},\"payloadHash\":{\"algorithm\":\"sha256\",\"value\":\"" + env.payloadSha256()
                + "\"},\"signatures\":[{\"signature\":\"" + env.sigs().get(0).sig() + "\",\"verifier\":\""
                + DsseEntries.b64(entries.publicKeyPem) + "\"}]}}";
        assertThat(new String(e.canonicalBody(), StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(e.kind()).isEqualTo("dsse");
        assertThat(e.apiVersion()).isEqualTo("0.0.1");
        String keyHash = Hash.sha256(entries.publicKeyPem.getBytes(StandardCharsets.US_ASCII)).toHex();
        // Rekor's keys, and ours: the verifier's fingerprint (SHA-256 of its DER), for the console's search.
        String spki = Hash.sha256(PublicKeys.parsePem(entries.publicKeyPem).getEncoded()).toHex();
        assertThat(e.indexKeys()).containsExactly("sha256:" + keyHash, "spki-sha256:" + spki, "sha256:" + env.payloadSha256(),
                "sha256:" + envelopeHash, "sha256:" + subject);
    }

    @Test
    void verifierPemFormattingDoesNotChangeTheBody() {
        Envelope env = entries.next();
        ValidatedEntry plain = validate(env.dsse(DsseEntries.b64(entries.publicKeyPem)));
        ValidatedEntry crlf = validate(env.dsse(DsseEntries.b64(entries.publicKeyPem.replace("\n", "\r\n"))));
        assertThat(crlf.canonicalBody()).isEqualTo(plain.canonicalBody());
    }

    @Test
    void signaturesAreSortedAndEachNamesTheVerifierThatVerifiedIt() throws Exception {
        Ed25519Signer ed = Ed25519Signer.of(PrivateKeys.generateEd25519(RANDOM));
        JcaSigner rsa = JcaSigner.generate("RSA", null, 2048, "SHA256withRSA");
        JcaSigner p384 = JcaSigner.generate("EC", new ECGenParameterSpec("secp384r1"), 0, "SHA256withECDSA");
        Envelope env = Envelope.sign("text/plain", "hello".getBytes(StandardCharsets.UTF_8),
                List.of(entries.signer, ed, rsa, p384), "k");
        List<String> verifiers = new ArrayList<>(List.of(DsseEntries.pemB64(entries.signer), DsseEntries.pemB64(ed),
                DsseEntries.pemB64(rsa), DsseEntries.pemB64(p384)));
        Collections.reverse(verifiers);
        ValidatedEntry e = validate(env.dsse(verifiers.toArray(String[]::new)));

        var sigs = JSON.readTree(e.canonicalBody()).at("/spec/signatures");
        assertThat(sigs.size()).isEqualTo(4);
        List<String> sorted = env.sigs().stream().map(Sig::sig).sorted().toList();
        for (int i = 0; i < 4; i++) {
            String sig = sigs.get(i).get("signature").asString();
            assertThat(sig).isEqualTo(sorted.get(i));
            int signer = env.sigs().stream().map(Sig::sig).toList().indexOf(sig);
            var key = List.of(entries.signer, ed, rsa, p384).get(signer).publicKey();
            assertThat(sigs.get(i).get("verifier").asString()).isEqualTo(DsseEntries.b64(PublicKeys.toPem(key)));
        }
        assertThat(e.indexKeys()).as("no in-toto keys for text/plain: 4 key hashes, 4 fingerprints, payload, envelope")
                .hasSize(4 + 4 + 2);
    }

    @Test
    void mutationsAreRefused() throws Exception {
        Envelope env = entries.next();
        String key = DsseEntries.b64(entries.publicKeyPem);
        EcdsaSigner other = EcdsaSigner.of(PrivateKeys.generateEc(EcCurve.P256, RANDOM));
        byte[] flipped = StrictBase64.decode(env.sigs().get(0).sig());
        flipped[flipped.length - 1] ^= 1;
        String good = env.dsse(key);
        validate(good);

        assertRefused("one bit of the signature flipped",
                env.withSigs(List.of(new Sig("", StrictBase64.encode(flipped)))).dsse(key));
        assertRefused("signed by a key that is not among the verifiers",
                Envelope.sign(DsseEntries.IN_TOTO, env.payload(), List.of(other), "").dsse(key));
        assertRefused("a second signature nobody verifies",
                Envelope.sign(DsseEntries.IN_TOTO, env.payload(), List.of(entries.signer, other), "").dsse(key));
        assertRefused("payloadType changed after signing (PAE binds it)", env.withPayloadType("text/plain").dsse(key));
        assertRefused("a verifier that verifies nothing", env.dsse(key, DsseEntries.pemB64(other)));
        assertRefused("signature repeated", env.withSigs(List.of(env.sigs().get(0), env.sigs().get(0))).dsse(key));
        // Absent, null or (signatures) [] are what clients send; a value is the server's to compute.
        for (String f : new String[] {"signatures\":[{\"signature\":\"AA==\"}]", "envelopeHash\":{\"algorithm\":\"sha256\"}",
            "payloadHash\":{}", "signatures\":{}", "envelopeHash\":[]"}) {
            assertRefused("server-computed " + f, good.replace("\"spec\":{", "\"spec\":{\"" + f + ","));
        }
        assertRefused("unknown field in proposedContent", good.replace("\"verifiers\":", "\"publicKeys\":"));
        assertRefused("no proposedContent", "{\"apiVersion\":\"0.0.1\",\"kind\":\"dsse\",\"spec\":{}}");
        assertRefused("envelope not JSON", DsseEntries.dsseJson("\"{not json\"", key));
        assertRefused("envelope with an unpaired surrogate (no UTF-8 form to hash)",
                DsseEntries.dsseJson("\"{\\ud800}\"", key));
        assertRefused("envelope is a JSON array", DsseEntries.dsseJson("\"[]\"", key));
        assertRefused("envelope is an object, not a string", DsseEntries.dsseJson(env.json(), key));
        assertRefused("envelope has trailing data", DsseEntries.dsseJson(DsseEntries.jsonString(env.json() + "{}"), key));
        assertRefused("envelope repeats a field", DsseEntries.dsseJson(DsseEntries.jsonString(
                env.json().replace("{\"payloadType\":", "{\"payload\":\"AA==\",\"payloadType\":")), key));
        assertRefused("unknown envelope field", DsseEntries.dsseJson(DsseEntries.jsonString(
                env.json().replace("{\"payloadType\":", "{\"extra\":1,\"payloadType\":")), key));
        assertRefused("payload not base64", DsseEntries.dsseJson(DsseEntries.jsonString(
                env.json().replace(env.payloadB64(), "%%" + env.payloadB64())), key));
        Envelope ab = Envelope.sign("text/plain", "ab".getBytes(StandardCharsets.UTF_8), List.of(entries.signer), "");
        validate(ab.dsse(key));
        assertRefused("payload unpadded base64", DsseEntries.dsseJson(DsseEntries.jsonString(
                ab.json().replace("\"YWI=\"", "\"YWI\"")), key));
        assertRefused("payload URL-safe base64", DsseEntries.dsseJson(DsseEntries.jsonString(
                ab.json().replace("\"YWI=\"", "\"YW_=\"")), key));
        assertRefused("sig not base64", env.withSigs(List.of(new Sig("", "not base64!"))).dsse(key));
        assertRefused("verifier not base64", env.dsse("%%%"));
        assertRefused("verifier not PEM", env.dsse(DsseEntries.b64("hello")));
        assertRefused("empty verifiers", env.dsse());
        assertRefused("no signatures", env.withSigs(List.of()).dsse(key));
        List<EcdsaSigner> fresh = IntStream.range(0, 17)
                .mapToObj(i -> EcdsaSigner.of(PrivateKeys.generateEc(EcCurve.P256, RANDOM))).toList();
        Envelope many = Envelope.sign(DsseEntries.IN_TOTO, env.payload(), fresh, "");
        String[] manyKeys = fresh.stream().map(DsseEntries::pemB64).toArray(String[]::new);
        assertRefused("17 signatures", many.dsse(manyKeys));
        assertRefused("17 verifiers", Envelope.sign(DsseEntries.IN_TOTO, env.payload(), fresh.subList(0, 16), "")
                .dsse(manyKeys));
        validate(Envelope.sign(DsseEntries.IN_TOTO, env.payload(), fresh.subList(0, 16), "")
                .dsse(Arrays.copyOf(manyKeys, 16)));
    }

    @Test
    void p384SignatureOverSha384IsNotADsseSignature() throws Exception {
        // Rekor's DSSE verifiers hash with SHA-256 for every curve.
        JcaSigner p384 = JcaSigner.generate("EC", new ECGenParameterSpec("secp384r1"), 0, "SHA384withECDSA");
        Envelope env = Envelope.sign("text/plain", "x".getBytes(StandardCharsets.UTF_8), List.of(p384), "");
        assertRefused("P-384 with SHA-384", env.dsse(DsseEntries.pemB64(p384)));
    }

    @Test
    void inTotoDigestKeysAreBoundedAndPrintable() {
        String statement = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\"SHA256\":\"ABCD\","
                + "\"bad\":\"a b\",\"long\":\"" + "a".repeat(300) + "\",\"nul\":\"\\u0000\"}}],"
                + "\"predicate\":{\"materials\":[{\"digest\":{\"sha1\":\"0123\"}}]}}";
        Envelope env = Envelope.sign(DsseEntries.IN_TOTO, statement.getBytes(StandardCharsets.UTF_8), List.of(entries.signer), "");
        ValidatedEntry e = validate(env.dsse(DsseEntries.b64(entries.publicKeyPem)));
        assertThat(e.indexKeys()).contains("sha256:abcd", "sha1:0123").noneMatch(k -> k.startsWith("bad:")
                || k.startsWith("long:") || k.startsWith("nul:"));
        Envelope notStatement = Envelope.sign(DsseEntries.IN_TOTO, "not json".getBytes(StandardCharsets.UTF_8),
                List.of(entries.signer), "");
        assertThat(validate(notStatement.dsse(DsseEntries.b64(entries.publicKeyPem))).indexKeys()).hasSize(4);
    }
}
