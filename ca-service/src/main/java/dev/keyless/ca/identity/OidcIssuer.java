package dev.keyless.ca.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One concrete OIDC issuer: discovers its key set from the configured URL (never from anything in a request), then
 * verifies tokens: signature by a key of that set with an allowed algorithm, {@code iss}, {@code aud}, and
 * {@code exp}/{@code nbf}/{@code iat} against an injected clock with {@link #CLOCK_SKEW} tolerance.
 *
 * <p>Discovery runs on first use and its result is kept; a failure is remembered for {@link #DISCOVERY_BACKOFF} so a
 * down IdP is not hammered. The key set is cached by Nimbus and refetched (rate-limited) when a token names an
 * unknown key ID, which is how IdPs roll keys.
 */
public final class OidcIssuer {
    /**
     * Allowed token algorithms: RSA PKCS#1, RSA-PSS and ECDSA with SHA-256/384/512, as Fulcio (go-oidc) allows
     * (fulcio.md §3.1). Never {@code none}, never HMAC. EdDSA, which go-oidc also allows, is not: no IdP known to sign
     * identity tokens with it, and Nimbus would need another library (Tink) to verify it.
     */
    public static final Set<JWSAlgorithm> ALLOWED_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    /**
     * Accepted {@code typ} headers: none, {@code JWT}, or {@code JOSE}, which SPIFFE JWT-SVIDs may carry (JWT-SVID spec
     * §2.1), compared as RFC 7515 §4.1.9 says (case-insensitive, {@code application/} optional). go-oidc, which
     * Fulcio uses, reads no {@code typ} at all; tokens explicitly typed as something else ({@code at+jwt} access
     * tokens, for one) are refused here, a deliberate difference.
     */
    private static final JOSEObjectTypeVerifier<SecurityContext> TYPES = (type, context) -> {
        if (type == null) {
            return;
        }
        String t = type.getType().toLowerCase(Locale.ROOT);
        t = t.startsWith("application/") ? t.substring("application/".length()) : t;
        if (!t.equals("jwt") && !t.equals("jose")) {
            throw new BadJOSEException("typ is neither JWT nor JOSE");
        }
    };
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    static final Duration DISCOVERY_BACKOFF = Duration.ofSeconds(5);
    private static final long JWKS_CACHE_TTL_MS = Duration.ofMinutes(10).toMillis();
    private static final long JWKS_REFRESH_TIMEOUT_MS = Duration.ofSeconds(10).toMillis();
    private static final long JWKS_MIN_REFETCH_INTERVAL_MS = Duration.ofSeconds(30).toMillis();

    private final IssuerSettings settings;
    private final ResourceRetriever retriever;
    private final Clock clock;
    /** A lock, not a monitor: discovery does network I/O, which would pin a virtual thread's carrier on JDK 21. */
    private final ReentrantLock discoveryLock = new ReentrantLock();
    private volatile DefaultJWTProcessor<SecurityContext> processor;
    private volatile Instant lastDiscoveryFailure;

    public OidcIssuer(IssuerSettings settings, ResourceRetriever retriever, Clock clock) {
        if (settings.isMeta()) {
            throw new IllegalArgumentException("a meta-issuer pattern is not a concrete issuer: " + settings.url());
        }
        this.settings = settings;
        this.retriever = retriever;
        this.clock = clock;
    }

    public IssuerSettings settings() {
        return settings;
    }

    /**
     * Verifies {@code token} and maps its claims to a principal.
     *
     * @throws InvalidTokenException if any check fails
     * @throws IdentityProviderUnavailableException if discovery or the key set cannot be fetched
     */
    public Principal authenticate(SignedJWT token) {
        JWTClaimsSet claims;
        try {
            claims = processor().process(token, null);
        } catch (BadJOSEException e) {
            throw new InvalidTokenException("token rejected by " + settings.url() + ": " + reason(e));
        } catch (RateLimitReachedException e) {
            // The key is not in the set we have, and we refetched too recently to look again.
            throw new InvalidTokenException("unknown signing key for " + settings.url() + " (key set refetch rate-limited)");
        } catch (KeySourceException e) {
            throw new IdentityProviderUnavailableException("cannot fetch the key set of " + settings.url(), e);
        } catch (JOSEException e) {
            throw new InvalidTokenException("token rejected by " + settings.url() + ": " + reason(e));
        }
        return Principal.from(settings, new Claims(claims.toJSONObject()));
    }

    /**
     * Nimbus's reason without the claim values some of its messages quote ("JWT audience rejected: [...]", "... has
     * value X"): a token's claims are the caller's text, and this reason is logged.
     */
    static String reason(Exception e) {
        String m = String.valueOf(e.getMessage());
        int cut = m.length();
        for (String stop : new String[] {":", " has value", ","}) {
            int at = m.indexOf(stop);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        String reason = m.substring(0, cut).replaceAll("[^A-Za-z0-9 ._-]", "");
        return reason.length() > 80 ? reason.substring(0, 80) : reason;
    }

    private DefaultJWTProcessor<SecurityContext> processor() {
        DefaultJWTProcessor<SecurityContext> p = processor;
        if (p != null) {
            return p;
        }
        discoveryLock.lock();
        try {
            if (processor != null) {
                return processor;
            }
            Instant failed = lastDiscoveryFailure;
            if (failed != null && clock.instant().isBefore(failed.plus(DISCOVERY_BACKOFF))) {
                throw new IdentityProviderUnavailableException("discovery of " + settings.url() + " failed recently", null);
            }
            try {
                processor = newProcessor(discoverJwksUrl());
                return processor;
            } catch (IOException | ParseException | RuntimeException e) {
                lastDiscoveryFailure = clock.instant();
                throw new IdentityProviderUnavailableException("OIDC discovery of " + settings.url() + " failed: " + e.getMessage(), e);
            }
        } finally {
            discoveryLock.unlock();
        }
    }

    /** OpenID Connect Discovery 1.0 §4: the document must name this exact issuer and an http(s) jwks_uri. */
    private URL discoverJwksUrl() throws IOException, ParseException {
        String base = settings.url().endsWith("/") ? settings.url().substring(0, settings.url().length() - 1) : settings.url();
        URL discovery = URI.create(base + "/.well-known/openid-configuration").toURL();
        Map<String, Object> doc = JSONObjectUtils.parse(retriever.retrieveResource(discovery).getContent());
        if (!settings.url().equals(doc.get("issuer"))) {
            throw new IOException("discovery document names a different issuer");
        }
        if (!(doc.get("jwks_uri") instanceof String jwks)) {
            throw new IOException("discovery document has no jwks_uri");
        }
        URI jwksUri = URI.create(jwks);
        String scheme = jwksUri.getScheme();
        boolean downgrade = settings.url().startsWith("https:") && !"https".equals(scheme);
        if (!("https".equals(scheme) || "http".equals(scheme)) || jwksUri.getHost() == null || downgrade) {
            throw new IOException("jwks_uri is not an acceptable URL");
        }
        return jwksUri.toURL();
    }

    private DefaultJWTProcessor<SecurityContext> newProcessor(URL jwksUrl) {
        JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(jwksUrl, retriever)
                .cache(JWKS_CACHE_TTL_MS, JWKS_REFRESH_TIMEOUT_MS)
                .rateLimited(JWKS_MIN_REFETCH_INTERVAL_MS)
                .build();
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSTypeVerifier(TYPES);
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(ALLOWED_ALGORITHMS, keys));
        p.setJWTClaimsSetVerifier(claimsVerifier());
        return p;
    }

    /**
     * RFC 7519 §4.1 checks by Nimbus on the injected clock: {@code iss} exactly this issuer, {@code aud} containing
     * the client ID, {@code exp} present and not past, {@code nbf} not ahead (both with {@link #CLOCK_SKEW}), and
     * {@code sub} present. Ours on top: {@code iat} not ahead, and a {@code sub} that is not empty.
     */
    private JWTClaimsSetVerifier<SecurityContext> claimsVerifier() {
        DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(settings.clientId(),
                new JWTClaimsSet.Builder().issuer(settings.url()).build(), Set.of("exp", "sub")) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }

            @Override
            public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
                super.verify(claims, context);
                Date iat = claims.getIssueTime();
                if (iat != null && iat.toInstant().isAfter(clock.instant().plus(CLOCK_SKEW))) {
                    throw new BadJWTException("issued in the future");
                }
                if (claims.getSubject().isEmpty()) {
                    throw new BadJWTException("sub is empty");
                }
            }
        };
        verifier.setMaxClockSkew(Math.toIntExact(CLOCK_SKEW.toSeconds()));
        return verifier;
    }
}
