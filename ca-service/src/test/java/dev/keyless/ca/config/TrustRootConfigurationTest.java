package dev.keyless.ca.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.ca.issuance.CertificateAuthority;
import dev.keyless.ca.issuance.DevelopmentCa;
import dev.keyless.ca.rotation.Reloadable;
import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.PublicKeys;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/** Configuration mistakes in the served trust root stop the start, with a message naming the property. */
class TrustRootConfigurationTest {
    private static final Duration REFRESH = Duration.ofMinutes(5);
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private CtProperties ctOff() {
        return new CtProperties(false, URI.create("http://localhost:3000"), null, true, Duration.ofSeconds(3), Duration.ofSeconds(15));
    }

    private Path oldKey() throws Exception {
        return Files.writeString(dir.resolve("old.pub.pem"),
                PublicKeys.toPem(PrivateKeys.generateEc(EcCurve.P256, new SecureRandom()).getPublic()));
    }

    @Test
    void aRetiredEntryEndingInTheFutureIsRefused() throws Exception {
        CertificateAuthority loaded = DevelopmentCa.loadOrCreate(dir, Clock.systemUTC());
        Reloadable<CertificateAuthority> ca = Reloadable.fixed(loaded);
        RotationProperties rotation = new RotationProperties(Duration.ZERO, dir.resolve("retired"));
        TrustRootProperties props = new TrustRootProperties(null, URI.create("http://localhost:3000"), null, List.of(
                new TrustRootProperties.Retired(TrustRootProperties.Kind.REKOR, oldKey(), null, NOW.minusSeconds(3600), NOW.plusSeconds(60))), REFRESH);
        assertThatThrownBy(() -> new TrustRootConfiguration().trustRootSource(props, ctOff(), ca, new MockEnvironment(), CLOCK, Optional.empty(), rotation, null, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("still ahead");
        TrustRootProperties ended = new TrustRootProperties(null, URI.create("http://localhost:3000"), null, List.of(
                new TrustRootProperties.Retired(TrustRootProperties.Kind.REKOR, oldKey(), null, NOW.minusSeconds(3600), NOW.minusSeconds(60))), REFRESH);
        assertThat(new TrustRootConfiguration().trustRootSource(ended, ctOff(), ca, new MockEnvironment(), CLOCK, Optional.empty(), rotation, null, Optional.empty())).isNotNull();
    }

    @Test
    void urlsMustBeHttpWithAHostAndNothingElse() {
        for (String bad : new String[] {"ftp://log.example/", "file://host/x", "http://user@log.example", "http://log.example/?q=1",
                "http://log.example/#f", "/relative"}) {
            assertThatThrownBy(() -> new TrustRootProperties(URI.create(bad), null, null, List.of(), REFRESH)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http(s)");
            assertThatThrownBy(() -> new TrustRootProperties.Retired(TrustRootProperties.Kind.CT, dir, URI.create(bad),
                    NOW.minusSeconds(10), NOW)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(new TrustRootProperties(URI.create("https://ca.example:5555"), URI.create("http://log.example"), null, List.of(), REFRESH).caUrl())
                .isEqualTo(URI.create("https://ca.example:5555"));
        assertThat(new TrustRootProperties(URI.create(""), URI.create(""), URI.create(""), List.of(), REFRESH).rekorUrl()).isNull();
    }

    @Test
    void refreshIsBetweenZeroAndOneDay() {
        URI rekor = URI.create("http://log.example");
        assertThat(new TrustRootProperties(null, rekor, null, List.of(), Duration.ZERO).refresh()).isZero();
        assertThat(new TrustRootProperties(null, rekor, null, List.of(), Duration.ofDays(1)).refresh()).hasDays(1);
        for (Duration bad : new Duration[] {Duration.ofSeconds(-1), Duration.ofDays(1).plusSeconds(1)}) {
            assertThatThrownBy(() -> new TrustRootProperties(null, rekor, null, List.of(), bad)).as(bad.toString())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refresh");
        }
    }
}
