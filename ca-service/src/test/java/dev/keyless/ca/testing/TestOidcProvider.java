package dev.keyless.ca.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real OIDC provider on localhost for tests: discovery ({@code <issuer>/.well-known/openid-configuration}) and a
 * JWKS ({@code <issuer>/jwks}) over HTTP for the root issuer and any path below it (so meta-issuer patterns such as
 * {@code http://127.0.0.1:<port>/tenant/*} can be exercised), plus a token minter. Keys: RSA-2048 ({@code rsa-1}),
 * EC P-256 ({@code ec-1}), P-384 ({@code ec-384}) and P-521 ({@code ec-521}) are published; {@code unpublished} is a
 * valid RSA key that is not.
 */
public final class TestOidcProvider implements AutoCloseable {
    public final RSAKey rsa;
    public final ECKey ec;
    public final ECKey ec384;
    public final ECKey ec521;
    public final RSAKey unpublished;
    public final AtomicInteger discoveryRequests = new AtomicInteger();
    public final AtomicInteger jwksRequests = new AtomicInteger();
    private final List<JWK> published = new ArrayList<>();
    private final HttpServer server;
    private volatile String discoveryIssuerOverride;

    public TestOidcProvider() {
        try {
            rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
            ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
            ec384 = new ECKeyGenerator(Curve.P_384).keyID("ec-384").generate();
            ec521 = new ECKeyGenerator(Curve.P_521).keyID("ec-521").generate();
            unpublished = new RSAKeyGenerator(2048).keyID("rsa-unpublished").generate();
            published.add(rsa.toPublicJWK());
            published.add(ec.toPublicJWK());
            published.add(ec384.toPublicJWK());
            published.add(ec521.toPublicJWK());
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException | IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** The root issuer URL, {@code http://127.0.0.1:<port>}. */
    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** An issuer URL below the root, e.g. {@code issuer("/tenant/a")}. */
    public String issuer(String path) {
        return issuer() + path;
    }

    /** Makes discovery documents claim a different issuer (to test the issuer-mismatch check). */
    public void overrideDiscoveryIssuer(String issuer) {
        this.discoveryIssuerOverride = issuer;
    }

    /** Publishes another key (to test key rotation / refetch on unknown kid). */
    public synchronized void publish(JWK key) {
        published.add(key.toPublicJWK());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body;
        if (path.endsWith("/.well-known/openid-configuration")) {
            discoveryRequests.incrementAndGet();
            String prefix = path.substring(0, path.length() - "/.well-known/openid-configuration".length());
            String iss = discoveryIssuerOverride != null ? discoveryIssuerOverride : issuer() + prefix;
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("issuer", iss);
            doc.put("jwks_uri", issuer() + prefix + "/jwks");
            doc.put("id_token_signing_alg_values_supported", List.of("RS256", "ES256"));
            body = JSONObjectUtils.toJSONString(doc);
        } else if (path.endsWith("/jwks")) {
            jwksRequests.incrementAndGet();
            synchronized (this) {
                body = new JWKSet(published).toString(true);
            }
        } else {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** Standard claims: iss, aud, sub, iat = now, exp = now + 10 min. */
    public static Map<String, Object> standardClaims(String issuer, String audience, String subject, Instant now) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("aud", audience);
        claims.put("sub", subject);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plusSeconds(600).getEpochSecond());
        return claims;
    }

    /** Signs claims with the published RSA key (RS256). */
    public String mint(Map<String, Object> claims) {
        return mint(claims, rsa, JWSAlgorithm.RS256);
    }

    /** Signs claims with {@code key} and {@code alg}; the header carries the key's kid. */
    public static String mint(Map<String, Object> claims, JWK key, JWSAlgorithm alg) {
        return mint(claims, key, alg, JOSEObjectType.JWT);
    }

    /** @param type the {@code typ} header, or null for none */
    public static String mint(Map<String, Object> claims, JWK key, JWSAlgorithm alg, JOSEObjectType type) {
        try {
            JWSSigner signer = key instanceof RSAKey r ? new RSASSASigner(r) : new ECDSASigner((ECKey) key);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(type).build(),
                    JWTClaimsSet.parse(claims));
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
