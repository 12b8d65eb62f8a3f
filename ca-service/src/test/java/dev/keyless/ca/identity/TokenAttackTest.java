package dev.keyless.ca.identity;

import static dev.keyless.ca.testing.TestClaims.AUDIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.keyless.ca.testing.AttackTokens;
import dev.keyless.ca.testing.TestClaims;
import dev.keyless.ca.testing.TestOidcProvider;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every token of the attack matrix is refused as an invalid token; the edges of the skew window are accepted. */
class TokenAttackTest {
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static TestOidcProvider idp;
    static IssuerPool pool;

    @BeforeAll
    static void start() {
        idp = new TestOidcProvider();
        pool = IssuerPoolTest.pool(idp, Clock.fixed(NOW, ZoneOffset.UTC), List.of(
                new IssuerSettings(idp.issuer("/email"), AUDIENCE, IssuerType.EMAIL, null, null, false, null),
                new IssuerSettings(idp.issuer("/github"), AUDIENCE, IssuerType.GITHUB_WORKFLOW, null, null, false, null)));
    }

    @AfterAll
    static void stop() {
        idp.close();
    }

    static Stream<AttackTokens.Attack> attacks() {
        return AttackTokens.all(idp, NOW).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void attackIsRefused(AttackTokens.Attack attack) {
        assertThatThrownBy(() -> pool.authenticate(attack.token())).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void refusalMessagesNeverContainTheToken() {
        for (AttackTokens.Attack attack : AttackTokens.all(idp, NOW)) {
            try {
                pool.authenticate(attack.token());
            } catch (InvalidTokenException e) {
                String[] parts = attack.token().split("\\.");
                for (String part : parts) {
                    if (part.length() > 8) {
                        assertThat(e.getMessage()).as(attack.name()).doesNotContain(part);
                    }
                }
            }
        }
    }

    @Test
    void expiryAndNotBeforeTolerateSixtySecondsOfSkew() {
        Map<String, Object> claims = TestClaims.email(idp.issuer("/email"), NOW);
        claims.put("exp", NOW.minusSeconds(59).getEpochSecond());
        claims.put("nbf", NOW.plusSeconds(59).getEpochSecond());
        claims.put("iat", NOW.plusSeconds(59).getEpochSecond());
        assertThat(pool.authenticate(idp.mint(claims)).name()).isEqualTo("alice@example.com");
    }

    @Test
    void audienceListContainingOursIsAccepted() {
        Map<String, Object> claims = TestClaims.email(idp.issuer("/email"), NOW);
        claims.put("aud", List.of("other", AUDIENCE));
        assertThat(pool.authenticate(idp.mint(claims)).name()).isEqualTo("alice@example.com");
    }

    @Test
    void keyPublishedLaterIsFoundByRefetchingTheJwks() throws Exception {
        try (TestOidcProvider other = new TestOidcProvider()) {
            Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
            IssuerPool p = IssuerPoolTest.pool(other, clock, List.of(
                    new IssuerSettings(other.issuer(), AUDIENCE, IssuerType.EMAIL, null, null, false, null)));
            assertThat(p.authenticate(other.mint(TestClaims.email(other.issuer(), NOW))).name()).isEqualTo("alice@example.com");
            var rotated = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
            other.publish(rotated);
            String token = TestOidcProvider.mint(TestClaims.email(other.issuer(), NOW), rotated, JWSAlgorithm.RS256);
            assertThat(p.authenticate(token).name()).isEqualTo("alice@example.com");
            assertThat(other.jwksRequests.get()).isEqualTo(2);
        }
    }

    /** Forged tokens naming unknown keys cannot make the CA hammer the IdP: one refetch, then refusals from cache. */
    @Test
    void unknownKeyIdsRefetchTheJwksAtMostOnceWithinTheRateLimit() {
        try (TestOidcProvider other = new TestOidcProvider()) {
            IssuerPool p = IssuerPoolTest.pool(other, Clock.fixed(NOW, ZoneOffset.UTC), List.of(
                    new IssuerSettings(other.issuer(), AUDIENCE, IssuerType.EMAIL, null, null, false, null)));
            assertThat(p.authenticate(other.mint(TestClaims.email(other.issuer(), NOW))).name()).isEqualTo("alice@example.com");
            assertThat(other.jwksRequests.get()).isEqualTo(1);
            for (int i = 0; i < 20; i++) {
                String forged = TestOidcProvider.mint(TestClaims.email(other.issuer(), NOW), other.unpublished,
                        JWSAlgorithm.RS256);
                assertThatThrownBy(() -> p.authenticate(forged)).isInstanceOf(InvalidTokenException.class);
            }
            assertThat(other.jwksRequests.get()).as("key set fetches").isEqualTo(2);
        }
    }

    @Test
    void discoveryDocumentNamingAnotherIssuerMakesTheIssuerUnavailable() {
        try (TestOidcProvider other = new TestOidcProvider()) {
            other.overrideDiscoveryIssuer("https://evil.example.com");
            IssuerPool p = IssuerPoolTest.pool(other, Clock.fixed(NOW, ZoneOffset.UTC), List.of(
                    new IssuerSettings(other.issuer(), AUDIENCE, IssuerType.EMAIL, null, null, false, null)));
            assertThatThrownBy(() -> p.authenticate(other.mint(TestClaims.email(other.issuer(), NOW))))
                    .isInstanceOf(IdentityProviderUnavailableException.class);
        }
    }

    @Test
    void unreachableIssuerIsUnavailableNotInvalid() {
        TestOidcProvider gone = new TestOidcProvider();
        String issuer = gone.issuer();
        String token = gone.mint(TestClaims.email(issuer, NOW));
        gone.close();
        IssuerPool p = IssuerPoolTest.pool(gone, Clock.fixed(NOW, ZoneOffset.UTC), List.of(
                new IssuerSettings(issuer, AUDIENCE, IssuerType.EMAIL, null, null, false, null)));
        assertThatThrownBy(() -> p.authenticate(token)).isInstanceOf(IdentityProviderUnavailableException.class);
    }
}
