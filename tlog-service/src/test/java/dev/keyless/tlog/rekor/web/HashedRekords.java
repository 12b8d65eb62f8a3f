package dev.keyless.tlog.rekor.web;

import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.encoding.Hex;
import dev.keyless.common.encoding.StrictBase64;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;

/** Builds valid (and deliberately broken) hashedrekord 0.0.1 proposals as real clients send them. */
public final class HashedRekords {
    private static final SecureRandom RANDOM = new SecureRandom();

    public final EcdsaSigner signer;
    public final String publicKeyPem;

    public HashedRekords() {
        KeyPair pair = PrivateKeys.generateEc(EcCurve.P256, RANDOM);
        this.signer = EcdsaSigner.of(pair);
        this.publicKeyPem = PublicKeys.toPem(pair.getPublic());
    }

    /** A fresh artifact, signed: a unique entry. */
    public Proposal next() {
        byte[] artifact = new byte[32];
        RANDOM.nextBytes(artifact);
        return sign(artifact);
    }

    public Proposal sign(byte[] artifact) {
        byte[] digest = Hash.sha256(artifact).toByteArray();
        return new Proposal(Hex.encode(digest), StrictBase64.encode(signer.signDigest(digest)),
                StrictBase64.encode(publicKeyPem.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The parts of a proposal; {@link #json()} writes it as sigstore-js does. */
    public record Proposal(String digestHex, String signatureB64, String publicKeyB64) {
        public String json() {
            return json("sha256", digestHex, signatureB64, publicKeyB64);
        }

        public Proposal withSignature(String sig) {
            return new Proposal(digestHex, sig, publicKeyB64);
        }

        public Proposal withDigest(String digest) {
            return new Proposal(digest, signatureB64, publicKeyB64);
        }

        public Proposal withPublicKey(String keyB64) {
            return new Proposal(digestHex, signatureB64, keyB64);
        }

        public static String json(String algorithm, String digest, String sig, String key) {
            return "{\"apiVersion\":\"0.0.1\",\"kind\":\"hashedrekord\",\"spec\":{\"data\":{\"hash\":{\"algorithm\":\""
                    + algorithm + "\",\"value\":\"" + digest + "\"}},\"signature\":{\"content\":\"" + sig
                    + "\",\"publicKey\":{\"content\":\"" + key + "\"}}}}";
        }
    }
}
