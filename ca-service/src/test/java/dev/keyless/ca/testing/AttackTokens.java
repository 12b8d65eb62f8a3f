package dev.keyless.ca.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The token attack matrix: each entry is a token that must be refused (401) by an issuer pool configured with
 * {@code <idp>/email} (email) and {@code <idp>/github} (github-workflow), both with audience {@code sigstore}.
 */
public final class AttackTokens {
    private AttackTokens() {
    }

    public record Attack(String name, String token) {
        @Override
        public String toString() {
            return name;
        }
    }

    public static List<Attack> all(TestOidcProvider idp, Instant now) {
        String email = idp.issuer("/email");
        String github = idp.issuer("/github");
        List<Attack> attacks = new ArrayList<>();
        attacks.add(new Attack("expired beyond the 60 s skew", idp.mint(email(email, now, c -> {
            c.put("iat", now.minusSeconds(1200).getEpochSecond());
            c.put("exp", now.minusSeconds(61).getEpochSecond());
        }))));
        attacks.add(new Attack("not yet valid (nbf in 2 min)", idp.mint(email(email, now,
                c -> c.put("nbf", now.plusSeconds(120).getEpochSecond())))));
        attacks.add(new Attack("issued in the future (iat in 2 min)", idp.mint(email(email, now,
                c -> c.put("iat", now.plusSeconds(120).getEpochSecond())))));
        attacks.add(new Attack("wrong audience", idp.mint(email(email, now, c -> c.put("aud", "not-sigstore")))));
        attacks.add(new Attack("audience list without ours", idp.mint(email(email, now, c -> c.put("aud", List.of("a", "b"))))));
        attacks.add(new Attack("unknown issuer", idp.mint(email(idp.issuer("/unknown"), now, c -> { }))));
        attacks.add(new Attack("issuer differs in trailing slash", idp.mint(email(email + "/", now, c -> { }))));
        attacks.add(new Attack("alg none", unsigned(email(email, now, c -> { }))));
        attacks.add(new Attack("HS256 keyed with the public key bytes", hmacWithPublicKey(idp, email(email, now, c -> { }))));
        attacks.add(new Attack("unknown kid (key not in the JWKS)",
                TestOidcProvider.mint(email(email, now, c -> { }), idp.unpublished, JWSAlgorithm.RS256)));
        attacks.add(new Attack("tampered signature", tamperSignature(idp.mint(email(email, now, c -> { })))));
        attacks.add(new Attack("tampered payload", swapPayload(idp.mint(email(email, now, c -> { })),
                email(email, now, c -> c.put("email", "mallory@example.com")))));
        attacks.add(new Attack("email_verified false", idp.mint(email(email, now, c -> c.put("email_verified", false)))));
        attacks.add(new Attack("email_verified missing", idp.mint(email(email, now, c -> c.remove("email_verified")))));
        attacks.add(new Attack("email missing", idp.mint(email(email, now, c -> c.remove("email")))));
        attacks.add(new Attack("sub missing", idp.mint(email(email, now, c -> c.remove("sub")))));
        attacks.add(new Attack("exp missing", idp.mint(email(email, now, c -> c.remove("exp")))));
        attacks.add(new Attack("iss missing", idp.mint(email(email, now, c -> c.remove("iss")))));
        attacks.add(new Attack("github token without repository_owner", idp.mint(github(github, now, c -> c.remove("repository_owner")))));
        attacks.add(new Attack("github token without job_workflow_ref", idp.mint(github(github, now, c -> c.remove("job_workflow_ref")))));
        attacks.add(new Attack("not a JWT", "not-a-token"));
        attacks.add(new Attack("two parts", "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0"));
        attacks.add(new Attack("four parts", idp.mint(email(email, now, c -> { })) + ".AAAA"));
        attacks.add(new Attack("oversized", "a".repeat(70_000) + ".b.c"));
        return attacks;
    }

    private static Map<String, Object> email(String issuer, Instant now, Consumer<Map<String, Object>> change) {
        Map<String, Object> c = TestClaims.email(issuer, now);
        change.accept(c);
        return c;
    }

    private static Map<String, Object> github(String issuer, Instant now, Consumer<Map<String, Object>> change) {
        Map<String, Object> c = TestClaims.github(issuer, now);
        change.accept(c);
        return c;
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static String unsigned(Map<String, Object> claims) {
        try {
            return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(JWTClaimsSet.parse(claims).toString()) + ".";
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The classic RS256 → HS256 confusion: HMAC keyed with the issuer's public key, kid of the RSA key. */
    static String hmacWithPublicKey(TestOidcProvider idp, Map<String, Object> claims) {
        try {
            byte[] secret = idp.rsa.toRSAPublicKey().getEncoded();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(idp.rsa.getKeyID()).build(),
                    JWTClaimsSet.parse(claims));
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    static String tamperSignature(String token) {
        int last = token.lastIndexOf('.');
        char[] sig = token.substring(last + 1).toCharArray();
        sig[10] = sig[10] == 'A' ? 'B' : 'A';
        return token.substring(0, last + 1) + new String(sig);
    }

    static String swapPayload(String token, Map<String, Object> claims) {
        String[] parts = token.split("\\.");
        try {
            return parts[0] + "." + b64(JWTClaimsSet.parse(claims).toString()) + "." + parts[2];
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
