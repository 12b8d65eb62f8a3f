package dev.keyless.tlog.rekor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.crypto.AlgorithmPolicy;
import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.encoding.StrictBase64;
import dev.keyless.tlog.rekor.web.DsseEntries;
import dev.keyless.tlog.rekor.web.DsseEntries.Envelope;
import dev.keyless.tlog.rekor.web.DsseEntries.Sig;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

/** intoto 0.0.2: Rekor's double base64, the exact canonical body, and one-field mutations that must be refused. */
class IntotoV002Test {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private final EntryTypes types = new EntryTypes(AlgorithmPolicy.defaults());
    private final DsseEntries entries = new DsseEntries();
    private final String key = DsseEntries.b64(new DsseEntries().publicKeyPem);

    private ValidatedEntry validate(String proposal) {
        return types.validate(JSON.readTree(proposal));
    }

    private void assertRefused(String why, String proposal) {
        assertThatThrownBy(() -> validate(proposal)).as(why).isInstanceOfSatisfying(RekorApiException.class,
                e -> assertThat(e.kind()).as(why).isIn(RekorApiException.Kind.BAD_REQUEST, RekorApiException.Kind.INVALID_ENTRY));
    }

    private String expectedBody(Envelope env, String keyid, String hash, String pemB64) {
        return "{\"apiVersion\":\"0.0.2\",\"kind\":\"intoto\",\"spec\":{\"content\":{\"envelope\":{\"payloadType\":\""
                + env.payloadType() + "\",\"signatures\":[{" + (keyid.isEmpty() ? "" : "\"keyid\":\"" + keyid + "\",")
                + "\"publicKey\":\"" + pemB64 + "\",\"sig\":\"" + DsseEntries.b64(env.sigs().get(0).sig())
                + "\"}]},\"hash\":{\"algorithm\":\"sha256\",\"value\":\"" + hash + "\"},\"payloadHash\":{\"algorithm\":\"sha256\","
                + "\"value\":\"" + env.payloadSha256() + "\"}}}}";
    }

    @Test
    void validEntryDropsThePayloadAndKeepsDoubleBase64Signatures() {
        Envelope env = entries.next();
        String pem = DsseEntries.b64(entries.publicKeyPem);
        String hash = DsseEntries.randomHex32();
        ValidatedEntry e = validate(env.intoto(hash, pem));
        assertThat(new String(e.canonicalBody(), StandardCharsets.UTF_8)).isEqualTo(expectedBody(env, "", hash, pem));
        assertThat(e.kind()).isEqualTo("intoto");
        assertThat(e.apiVersion()).isEqualTo("0.0.2");
        String subject = new String(env.payload(), StandardCharsets.UTF_8).replaceAll(".*\"sha256\":\"([0-9a-f]{64})\".*", "$1");
        String keyHash = Hash.sha256(entries.publicKeyPem.getBytes(StandardCharsets.US_ASCII)).toHex();
        String spki = Hash.sha256(PublicKeys.parsePem(entries.publicKeyPem).getEncoded()).toHex();
        assertThat(e.indexKeys()).as("no index key for the client's envelope hash")
                .containsExactly("sha256:" + keyHash, "spki-sha256:" + spki, "sha256:" + env.payloadSha256(), "sha256:" + subject);
    }

    @Test
    void keyidIsKeptWhenNonEmptyAndPemIsCanonicalized() {
        Envelope env = Envelope.sign(DsseEntries.IN_TOTO, DsseEntries.statement(DsseEntries.randomHex32()),
                List.of(entries.signer), "my-key");
        String hash = DsseEntries.randomHex32();
        String crlf = DsseEntries.b64(entries.publicKeyPem.replace("\n", "\r\n"));
        ValidatedEntry e = validate(env.intoto(hash, crlf));
        assertThat(new String(e.canonicalBody(), StandardCharsets.UTF_8))
                .isEqualTo(expectedBody(env, "my-key", hash, DsseEntries.b64(entries.publicKeyPem)));
        // An explicitly empty keyid is dropped, as Go's omitempty does.
        Envelope noKeyid = env.withSigs(List.of(new Sig("", env.sigs().get(0).sig())));
        String withEmpty = noKeyid.intoto(hash, DsseEntries.b64(entries.publicKeyPem))
                .replace("{\"sig\":", "{\"keyid\":\"\",\"sig\":");
        assertThat(new String(validate(withEmpty).canonicalBody(), StandardCharsets.UTF_8))
                .isEqualTo(expectedBody(noKeyid, "", hash, DsseEntries.b64(entries.publicKeyPem)));
    }

    @Test
    void mutationsAreRefused() {
        Envelope env = entries.next();
        String pem = DsseEntries.b64(entries.publicKeyPem);
        String hash = DsseEntries.randomHex32();
        String good = env.intoto(hash, pem);
        validate(good);
        byte[] flipped = StrictBase64.decode(env.sigs().get(0).sig());
        flipped[flipped.length - 1] ^= 1;
        EcdsaSigner other = EcdsaSigner.of(PrivateKeys.generateEc(EcCurve.P256, RANDOM));

        assertRefused("one bit of the signature flipped",
                env.withSigs(List.of(new Sig("", StrictBase64.encode(flipped)))).intoto(hash, pem));
        assertRefused("signature by another key than its publicKey", env.intoto(hash, key));
        assertRefused("signed by a key that is not listed",
                Envelope.sign(DsseEntries.IN_TOTO, env.payload(), List.of(other), "").intoto(hash, pem));
        assertRefused("payloadType changed after signing", env.withPayloadType("text/plain").intoto(hash, pem));
        assertRefused("payload single base64", good.replace(DsseEntries.b64(env.payloadB64()), env.payloadB64()));
        assertRefused("sig single base64", good.replace(DsseEntries.b64(env.sigs().get(0).sig()), env.sigs().get(0).sig()));
        assertRefused("payload not base64", good.replace(DsseEntries.b64(env.payloadB64()), "%%%"));
        assertRefused("publicKey not base64", env.intoto(hash, "%%%"));
        assertRefused("publicKey not PEM", env.intoto(hash, DsseEntries.b64("hello")));
        assertRefused("wrong payloadHash", good.replace(env.payloadSha256(), DsseEntries.randomHex32()));
        assertRefused("payloadHash sha512", good.replace("\"payloadHash\":{\"algorithm\":\"sha256\"",
                "\"payloadHash\":{\"algorithm\":\"sha512\""));
        assertRefused("no envelope hash", good.replace(",\"hash\":{\"algorithm\":\"sha256\",\"value\":\"" + hash + "\"}", ""));
        assertRefused("envelope hash not hex", good.replace(hash, "zz" + hash.substring(2)));
        assertRefused("envelope hash too short", good.replace(hash, hash.substring(2)));
        assertRefused("unknown field", good.replace("\"content\":{", "\"content\":{\"extra\":1,"));
        assertRefused("publicKey missing", good.replace(",\"publicKey\":\"" + pem + "\"", ""));
        assertRefused("envelope as a string (dsse style)", good.replaceFirst("\"envelope\":\\{.*?\\]\\}",
                Matcher.quoteReplacement("\"envelope\":" + DsseEntries.jsonString(env.json()))));
        assertRefused("no signatures", env.withSigs(List.of()).intoto(hash));
        List<EcdsaSigner> fresh = IntStream.range(0, 17)
                .mapToObj(i -> EcdsaSigner.of(PrivateKeys.generateEc(EcCurve.P256, RANDOM))).toList();
        String[] keys = fresh.stream().map(DsseEntries::pemB64).toArray(String[]::new);
        assertRefused("17 signatures", Envelope.sign(DsseEntries.IN_TOTO, env.payload(), fresh, "").intoto(hash, keys));
        validate(Envelope.sign(DsseEntries.IN_TOTO, env.payload(), fresh.subList(0, 16), "").intoto(hash, keys));
    }
}
