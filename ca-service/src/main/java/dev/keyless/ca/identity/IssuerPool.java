package dev.keyless.ca.identity;

import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * All configured issuers (Fulcio {@code pkg/identity/issuerpool.go}). The unverified {@code iss} claim only selects
 * which configured issuer verifies the token; nothing in the token decides where keys come from. Exact URLs win;
 * otherwise meta-issuer patterns are tried in configuration order, and the concrete issuer built for a matching URL
 * is kept in a bounded LRU ({@value #META_CACHE_SIZE} entries, as Fulcio).
 */
public final class IssuerPool {
    /** Larger tokens are refused before any parsing (real ID tokens are a few KiB). */
    public static final int MAX_TOKEN_CHARS = 64 * 1024;
    static final int META_CACHE_SIZE = 100;

    private record Meta(IssuerSettings settings, Pattern pattern) {
    }

    private final List<IssuerSettings> all;
    private final Map<String, OidcIssuer> exact = new LinkedHashMap<>();
    private final List<Meta> metas = new ArrayList<>();
    private final Function<IssuerSettings, OidcIssuer> factory;
    private final Map<String, OidcIssuer> metaCache = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, OidcIssuer> eldest) {
            return size() > META_CACHE_SIZE;
        }
    });

    /**
     * @param factory builds the verifier of one concrete issuer (tests inject clock and HTTP client through it)
     */
    public IssuerPool(List<IssuerSettings> issuers, Function<IssuerSettings, OidcIssuer> factory) {
        this.all = List.copyOf(issuers);
        this.factory = factory;
        for (IssuerSettings s : issuers) {
            if (s.isMeta()) {
                metas.add(new Meta(s, s.metaPattern()));
            } else if (exact.put(s.url(), factory.apply(s)) != null) {
                throw new IllegalArgumentException("issuer configured twice: " + s.url());
            }
        }
    }

    /** The configured issuers in configuration order (patterns as configured). */
    public List<IssuerSettings> issuers() {
        return all;
    }

    /**
     * Verifies the token with the issuer its {@code iss} names.
     *
     * @throws InvalidTokenException if the token is malformed, names no configured issuer, or fails verification
     * @throws IdentityProviderUnavailableException if that issuer's keys cannot be fetched
     */
    public Principal authenticate(String token) {
        if (token == null || token.isEmpty()) {
            throw new InvalidTokenException("no identity token");
        }
        // Refuse oversized or non-compact tokens before decoding anything (GHSA-f83f-xpx7-ffpw).
        if (token.length() > MAX_TOKEN_CHARS || token.chars().filter(c -> c == '.').count() != 2) {
            throw new InvalidTokenException("not a compact JWS");
        }
        SignedJWT jwt;
        String iss;
        try {
            jwt = SignedJWT.parse(token); // refuses alg "none" (not a JWS header)
            iss = jwt.getJWTClaimsSet().getIssuer();
        } catch (ParseException | RuntimeException e) {
            throw new InvalidTokenException("token cannot be parsed");
        }
        if (iss == null) {
            throw new InvalidTokenException("token has no iss");
        }
        return issuerFor(iss).orElseThrow(() -> new InvalidTokenException("iss is not a configured issuer"))
                .authenticate(jwt);
    }

    /** The verifier for a concrete issuer URL, if it is configured exactly or matches a meta-issuer pattern. */
    Optional<OidcIssuer> issuerFor(String iss) {
        OidcIssuer found = exact.get(iss);
        if (found != null) {
            return Optional.of(found);
        }
        for (Meta meta : metas) {
            if (meta.pattern().matcher(iss).matches()) {
                return Optional.of(metaCache.computeIfAbsent(iss, url -> factory.apply(meta.settings().forConcreteUrl(url))));
            }
        }
        return Optional.empty();
    }
}
