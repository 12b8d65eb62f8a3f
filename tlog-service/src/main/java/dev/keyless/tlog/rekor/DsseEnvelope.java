package dev.keyless.tlog.rekor;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A DSSE v1 envelope (secure-systems-lab/dsse {@code envelope.md}, {@code protocol.md}) as the dsse and intoto
 * entry kinds carry it: a payload type, the payload, and 1..{@value #MAX_SIGNATURES} signatures over the
 * pre-authentication encoding {@link #pae()}. Parsing is strict: standard padded base64 only (Rekor's Go library
 * also takes URL-safe and unpadded forms), exact field names, no unknown fields, no repeated signature.
 *
 * @param payload the decoded payload bytes
 * @param signatures in envelope order
 */
record DsseEnvelope(String payloadType, byte[] payload, List<Signature> signatures) {
    static final int MAX_SIGNATURES = 16;
    static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

    /**
     * One envelope signature.
     *
     * @param keyid the optional key hint, {@code null} when absent; never used to pick a verifier
     * @param sigBase64 the signature exactly as the envelope carries it (canonical standard base64)
     * @param sig the decoded signature bytes
     */
    record Signature(String keyid, String sigBase64, byte[] sig) {
    }

    /** Parses the envelope JSON of a dsse entry's {@code proposedContent.envelope}. */
    static DsseEnvelope parseJson(String json) {
        JsonNode env = Json.parse(json, "envelope");
        Json.onlyFields(env, Set.of("payloadType", "payload", "signatures"), "envelope");
        String payloadType = Json.string(env, "payloadType");
        byte[] payload = Json.base64(Json.string(env, "payload"), "invalid payload");
        List<Signature> sigs = new ArrayList<>();
        for (JsonNode s : Json.array(env, "signatures", MAX_SIGNATURES)) {
            if (!s.isObject()) {
                throw RekorApiException.invalidEntry("missing or invalid signatures");
            }
            Json.onlyFields(s, Set.of("keyid", "sig"), "signature");
            String sig = Json.string(s, "sig");
            sigs.add(new Signature(Json.optionalString(s, "keyid"), sig, Json.base64(sig, "invalid signature")));
        }
        return of(payloadType, payload, sigs);
    }

    /** An envelope from already-decoded parts; refuses a signature that appears twice. */
    static DsseEnvelope of(String payloadType, byte[] payload, List<Signature> signatures) {
        Json.utf8(payloadType, "invalid payloadType");
        Set<String> seen = new HashSet<>();
        for (Signature s : signatures) {
            if (!seen.add(s.sigBase64())) {
                throw RekorApiException.invalidEntry("duplicate signature in envelope");
            }
        }
        return new DsseEnvelope(payloadType, payload, List.copyOf(signatures));
    }

    /** PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, LEN in ASCII decimal bytes. */
    byte[] pae() {
        return pae(payloadType, payload);
    }

    static byte[] pae(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(type.length + payload.length + 32);
        out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(type);
        out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(payload);
        return out.toByteArray();
    }
}
