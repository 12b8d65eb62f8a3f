package dev.keyless.ca.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.PrivateKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevelopmentServerCertificateTest {
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path data;

    Path certificateFile() {
        return DevelopmentServerCertificate.directory(data).resolve(DevelopmentServerCertificate.CERTIFICATE_FILE);
    }

    Path keyFile() {
        return DevelopmentServerCertificate.directory(data).resolve(DevelopmentServerCertificate.KEY_FILE);
    }

    @Test
    void firstStartMakesASelfSignedP256ServerCertificateForLocalhostAndTheConfiguredHosts() throws Exception {
        ServerCredentials made = DevelopmentServerCertificate.loadOrCreate(data, List.of("ca.example.internal", "10.0.0.7"), CLOCK);

        X509Certificate c = made.chain().get(0);
        assertThat(made.chain()).hasSize(1);
        assertThat(((ECPublicKey) c.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        c.verify(c.getPublicKey());
        assertThat(c.getSubjectAlternativeNames()).containsExactlyInAnyOrder(List.of(2, "localhost"), List.of(7, "127.0.0.1"),
                List.of(7, "0:0:0:0:0:0:0:1"), List.of(2, "ca.example.internal"), List.of(7, "10.0.0.7"));
        assertThat(c.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(c.getBasicConstraints()).isEqualTo(-1);
        assertThat(c.getKeyUsage()[0]).isTrue(); // digitalSignature
        assertThat(c.getNotBefore().toInstant()).isBefore(NOW);
        assertThat(c.getNotAfter().toInstant()).isAfter(NOW.plus(Duration.ofDays(365)));
        assertThat(Files.getPosixFilePermissions(keyFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Certificates.parsePem(Files.readString(certificateFile()))).isEqualTo(c);
        try (var files = Files.list(DevelopmentServerCertificate.directory(data))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("server-cert.pem", "server-key.pem");
        }
    }

    @Test
    void laterStartsKeepTheCertificate() {
        X509Certificate first = DevelopmentServerCertificate.loadOrCreate(data, List.of("ca.example.internal"), CLOCK).chain().get(0);
        X509Certificate again = DevelopmentServerCertificate.loadOrCreate(data, List.of("CA.example.internal"), CLOCK).chain().get(0);
        X509Certificate fewerHosts = DevelopmentServerCertificate.loadOrCreate(data, List.of(), CLOCK).chain().get(0);
        assertThat(again).isEqualTo(first);
        assertThat(fewerHosts).isEqualTo(first);
    }

    @Test
    void aNewHostNameOrNearExpiryOrATornPairMakesANewCertificate() throws Exception {
        X509Certificate first = DevelopmentServerCertificate.loadOrCreate(data, List.of(), CLOCK).chain().get(0);

        X509Certificate withHost = DevelopmentServerCertificate.loadOrCreate(data, List.of("ca.example.internal"), CLOCK).chain().get(0);
        assertThat(withHost).isNotEqualTo(first);
        assertThat(withHost.getSubjectAlternativeNames()).contains(List.of(2, "ca.example.internal"));

        Clock later = Clock.offset(CLOCK, Duration.ofDays(397));
        X509Certificate renewed = DevelopmentServerCertificate.loadOrCreate(data, List.of("ca.example.internal"), later).chain().get(0);
        assertThat(renewed).isNotEqualTo(withHost);

        Files.writeString(keyFile(), PrivateKeys.toPem(PrivateKeys.generateEc(EcCurve.P256, new SecureRandom()).getPrivate()),
                StandardCharsets.US_ASCII);
        ServerCredentials repaired = DevelopmentServerCertificate.loadOrCreate(data, List.of("ca.example.internal"), later);
        assertThat(repaired.chain().get(0)).isNotEqualTo(renewed);
        assertThat(ServerCredentials.load(keyFile(), null, certificateFile()).chain()).isEqualTo(repaired.chain());
    }

    @Test
    void configuredFilesLoadWithAnEncryptedKeyAndAMismatchIsRefused() throws Exception {
        ServerCredentials made = DevelopmentServerCertificate.create(List.of("localhost"), NOW);
        Path key = data.resolve("key.pem");
        Path chain = data.resolve("chain.pem");
        Files.writeString(key, PrivateKeys.toEncryptedPem(made.key(), "s3cret".toCharArray(), new SecureRandom(), 1000));
        Files.writeString(chain, Certificates.chainToPem(made.chain()));

        ServerCredentials loaded = ServerCredentials.load(key, "s3cret", chain);
        assertThat(loaded.chain()).isEqualTo(made.chain());
        assertThat(loaded.toKeyStore("x".toCharArray()).isKeyEntry(ServerCredentials.ALIAS)).isTrue();

        assertThatThrownBy(() -> ServerCredentials.load(key, "pw-Zq81x", chain))
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("pw-Zq81x").doesNotContain("s3cret");
        Files.writeString(key, PrivateKeys.toPem(PrivateKeys.generateEc(EcCurve.P256, new SecureRandom()).getPrivate()));
        assertThatThrownBy(() -> ServerCredentials.load(key, null, chain))
                .hasMessage("the server key does not belong to the first certificate of the chain");
    }
}
