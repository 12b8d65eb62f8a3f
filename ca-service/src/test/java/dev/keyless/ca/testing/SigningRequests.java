package dev.keyless.ca.testing;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.keyless.common.crypto.PublicKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;

/** Signing requests as clients send them to {@code /api/v2/signingCert}, with keys made for the test. */
public final class SigningRequests {
    private SigningRequests() {
    }

    /** A v2 request for alice@example.com: the token in the body, the key, and its signature over the email. */
    public static String aliceRequest(KeyPair key, String token) throws Exception {
        return JSONObjectUtils.toJSONString(Map.of(
                "credentials", Map.of("oidcIdentityToken", token),
                "publicKeyRequest", Map.of(
                        "publicKey", Map.of("algorithm", "ECDSA", "content", PublicKeys.toPem(key.getPublic())),
                        "proofOfPossession", sign(key, "alice@example.com"))));
    }

    public static KeyPair p256() throws Exception {
        return keyPair("EC", new ECGenParameterSpec("secp256r1"));
    }

    public static KeyPair keyPair(String algorithm, AlgorithmParameterSpec spec) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        g.initialize(spec);
        return g.generateKeyPair();
    }

    /** Base64 of an ECDSA (SHA-256) signature over {@code message}. */
    public static String sign(KeyPair pair, String message) throws Exception {
        return sign(pair, "SHA256withECDSA", message);
    }

    public static String sign(KeyPair pair, String algorithm, String message) throws Exception {
        Signature s = Signature.getInstance(algorithm);
        s.initSign(pair.getPrivate());
        s.update(message.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(s.sign());
    }
}
