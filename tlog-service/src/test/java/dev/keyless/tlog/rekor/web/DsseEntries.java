package dev.keyless.tlog.rekor.web;

import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.crypto.Signer;
import dev.keyless.common.crypto.SigningAlgorithm;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.encoding.Hex;
import dev.keyless.common.encoding.StrictBase64;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.AlgorithmParameterSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds DSSE envelopes and the dsse 0.0.1 and intoto 0.0.2 proposals that carry them, as cosign and sigstore-js
 * send them (rekor.md §1.2). The PAE here is written independently of the server's.
 */
public final class DsseEntries {
    public static final String IN_TOTO = "application/vnd.in-toto+json";
    private static final SecureRandom RANDOM = new SecureRandom();

    public final EcdsaSigner signer;
    public final String publicKeyPem;

    public DsseEntries() {
        KeyPair pair = PrivateKeys.generateEc(EcCurve.P256, RANDOM);
        this.signer = EcdsaSigner.of(pair);
        this.publicKeyPem = PublicKeys.toPem(pair.getPublic());
    }

    /** A fresh in-toto statement about a random artifact, signed by {@link #signer}: a unique entry. */
    public Envelope next() {
        byte[] artifact = new byte[32];
        RANDOM.nextBytes(artifact);
        return Envelope.sign(IN_TOTO, statement(Hash.sha256(artifact).toHex()), List.of(signer), "");
    }

    public static byte[] statement(String subjectSha256) {
        return ("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a.tar.gz\",\"digest\":{\"sha256\":\""
                + subjectSha256 + "\"}}],\"predicateType\":\"https://example.com/p\",\"predicate\":{}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    public static String b64(String s) {
        return StrictBase64.encode(s.getBytes(StandardCharsets.UTF_8));
    }

    public static String pemB64(Signer s) {
        return b64(PublicKeys.toPem(s.publicKey()));
    }

    /** PAE(type, body) per DSSE protocol.md. */
    public static byte[] pae(String type, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] t = type.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(("DSSEv1 " + t.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(t);
        out.writeBytes((" " + body.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** One envelope signature: key hint and the base64 signature text. */
    public record Sig(String keyid, String sig) {
    }

    /** A DSSE envelope; {@link #json()} is its JSON as cosign writes it. */
    public record Envelope(String payloadType, byte[] payload, List<Sig> sigs) {
        public static Envelope sign(String type, byte[] payload, List<? extends Signer> signers, String keyid) {
            List<Sig> sigs = new ArrayList<>();
            for (Signer s : signers) {
                sigs.add(new Sig(keyid, StrictBase64.encode(s.sign(pae(type, payload)))));
            }
            return new Envelope(type, payload, sigs);
        }

        public String payloadB64() {
            return StrictBase64.encode(payload);
        }

        public String payloadSha256() {
            return Hash.sha256(payload).toHex();
        }

        public Envelope withSigs(List<Sig> s) {
            return new Envelope(payloadType, payload, s);
        }

        public Envelope withPayloadType(String t) {
            return new Envelope(t, payload, sigs);
        }

        public String json() {
            StringBuilder b = new StringBuilder("{\"payloadType\":\"").append(payloadType).append("\",\"payload\":\"")
                    .append(payloadB64()).append("\",\"signatures\":[");
            for (int i = 0; i < sigs.size(); i++) {
                b.append(i == 0 ? "" : ",").append("{\"keyid\":\"").append(sigs.get(i).keyid()).append("\",\"sig\":\"")
                        .append(sigs.get(i).sig()).append("\"}");
            }
            return b.append("]}").toString();
        }

        /** The dsse 0.0.1 proposal for this envelope and these base64 PEM verifiers. */
        public String dsse(String... verifiersB64) {
            return dsseJson(jsonString(json()), verifiersB64);
        }

        /**
         * The intoto 0.0.2 proposal, one base64 PEM key per signature, with sigstore-js's double base64 and its
         * keyid rule (omitted when empty).
         */
        public String intoto(String envelopeHashHex, String... publicKeysB64) {
            StringBuilder b = new StringBuilder("{\"apiVersion\":\"0.0.2\",\"kind\":\"intoto\",\"spec\":{\"content\":{\"envelope\":{")
                    .append("\"payloadType\":\"").append(payloadType).append("\",\"payload\":\"").append(b64(payloadB64()))
                    .append("\",\"signatures\":[");
            for (int i = 0; i < sigs.size(); i++) {
                b.append(i == 0 ? "{" : ",{");
                if (!sigs.get(i).keyid().isEmpty()) {
                    b.append("\"keyid\":\"").append(sigs.get(i).keyid()).append("\",");
                }
                b.append("\"sig\":\"").append(b64(sigs.get(i).sig())).append("\",\"publicKey\":\"").append(publicKeysB64[i])
                        .append("\"}");
            }
            return b.append("]},\"hash\":{\"algorithm\":\"sha256\",\"value\":\"").append(envelopeHashHex)
                    .append("\"},\"payloadHash\":{\"algorithm\":\"sha256\",\"value\":\"").append(payloadSha256())
                    .append("\"}}}}").toString();
        }
    }

    public static String dsseJson(String envelopeJsonString, String... verifiersB64) {
        StringBuilder b = new StringBuilder("{\"apiVersion\":\"0.0.1\",\"kind\":\"dsse\",\"spec\":{\"proposedContent\":{\"envelope\":")
                .append(envelopeJsonString).append(",\"verifiers\":[");
        for (int i = 0; i < verifiersB64.length; i++) {
            b.append(i == 0 ? "" : ",").append('"').append(verifiersB64[i]).append('"');
        }
        return b.append("]}}}").toString();
    }

    /** {@code s} as a JSON string literal (the envelope is ASCII JSON: only quotes need escaping). */
    public static String jsonString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A JCA signer for algorithms outside the hashedrekord registry, e.g. {@code SHA256withECDSA} on P-384. */
    public record JcaSigner(KeyPair pair, String jcaAlgorithm) implements Signer {
        public static JcaSigner generate(String keyAlgorithm, AlgorithmParameterSpec spec, int bits,
                String jcaAlgorithm) throws GeneralSecurityException {
            KeyPairGenerator g = KeyPairGenerator.getInstance(keyAlgorithm);
            if (spec != null) {
                g.initialize(spec, RANDOM);
            } else {
                g.initialize(bits, RANDOM);
            }
            return new JcaSigner(g.generateKeyPair(), jcaAlgorithm);
        }

        @Override
        public SigningAlgorithm algorithm() {
            throw new UnsupportedOperationException(jcaAlgorithm);
        }

        @Override
        public PublicKey publicKey() {
            return pair.getPublic();
        }

        @Override
        public byte[] sign(byte[] message) {
            try {
                Signature s = Signature.getInstance(jcaAlgorithm);
                s.initSign(pair.getPrivate());
                s.update(message);
                return s.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static String randomHex32() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Hex.encode(b);
    }
}
