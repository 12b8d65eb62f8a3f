package dev.keyless.ca.identity;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzz targets (Jazzer) for what an identity token brings before and after its signature is checked:
 * the compact JWS with its header and claims as {@link IssuerPool#authenticate} parses them, and a claim set mapped to
 * a principal for every issuer type. A token may be refused only with {@link InvalidTokenException}; claims only with
 * that or {@link IdentityMappingException} (answered 401 and 400). Anything else would be a 500.
 *
 * <p>The issuers' discovery document and key set are served from memory, so no input reaches the network, and the
 * issuers include a meta-issuer pattern, so an {@code iss} is matched against a regular expression too.
 */
class IdentityTokenFuzzTest {
    static final String ISSUER = "https://idp.example.com";
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final List<IssuerSettings> SETTINGS = List.of(
            new IssuerSettings(ISSUER, "sigstore", IssuerType.EMAIL, null, null, false, null),
            new IssuerSettings("https://token.actions.githubusercontent.com", "sigstore", IssuerType.GITHUB_WORKFLOW,
                    null, null, false, null),
            new IssuerSettings("https://oidc.eks.*.amazonaws.com/id/*", "sigstore", IssuerType.KUBERNETES, null, null,
                    false, null),
            new IssuerSettings("https://spiffe.example.com", "sigstore", IssuerType.SPIFFE, null, "example.com", false,
                    null),
            new IssuerSettings("https://ci.example.com", "sigstore", IssuerType.URI, "https://example.com", null, false,
                    null),
            new IssuerSettings("https://user.example.com", "sigstore", IssuerType.USERNAME, "example.com", null, false,
                    null));
    /** An empty key set: no fuzzed token verifies, but each is parsed, typed and its key looked up. */
    static final ResourceRetriever IN_MEMORY = (URL url) -> {
        String u = url.toString();
        if (u.endsWith("/.well-known/openid-configuration")) {
            String issuer = u.substring(0, u.length() - "/.well-known/openid-configuration".length());
            return new Resource("{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/keys\"}", "application/json");
        }
        if (u.endsWith("/keys")) {
            return new Resource("{\"keys\":[]}", "application/json");
        }
        throw new IOException("not served: " + u);
    };
    static final IssuerPool POOL = new IssuerPool(SETTINGS,
            s -> new OidcIssuer(s, IN_MEMORY, Clock.fixed(NOW, ZoneOffset.UTC)));

    @FuzzTest(maxDuration = "10s")
    void token(byte[] input) {
        try {
            POOL.authenticate(new String(input, StandardCharsets.UTF_8));
            throw new AssertionError("a token verified against an empty key set");
        } catch (InvalidTokenException e) {
            // refused with a 401, as documented
        }
    }

    @FuzzTest(maxDuration = "10s")
    void claims(byte[] input) {
        Map<String, Object> raw;
        try {
            raw = JSONObjectUtils.parse(new String(input, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            return; // not a claim set: Nimbus refuses it before any mapping
        }
        for (IssuerSettings settings : SETTINGS) {
            IssuerSettings concrete = settings.isMeta()
                    ? settings.forConcreteUrl("https://oidc.eks.eu-west-1.amazonaws.com/id/ABC") : settings;
            try {
                Principal principal = Principal.from(concrete, new Claims(raw));
                principal.subjectAltName();
                principal.issuer();
            } catch (IdentityMappingException | InvalidTokenException e) {
                // refused with a 400 (cannot be put in a certificate) or a 401 (a required claim missing), as documented
            }
        }
    }
}
