package dev.keyless.ca.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.ca.timestamp.TsaKeys;
import dev.keyless.ca.trust.TrustRoot.Ca;
import dev.keyless.ca.trust.TrustRoot.Log;
import dev.keyless.ca.trust.TrustRoot.Validity;
import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.KeyIds;
import dev.keyless.common.crypto.PrivateKeys;
import dev.sigstore.trustroot.SigstoreSigningConfig;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** The files are read back by sigstore-java's own parsers, which is what a client will do with them. */
class TrustRootTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final URI CA = URI.create("https://ca.example:5555");
    private static final URI LOG = URI.create("http://log.example:3000");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123Z");
    private static final Instant ROTATED = Instant.parse("2026-06-01T00:00:00Z");

    static X509Certificate selfSigned(String cn) throws Exception {
        KeyPair pair = PrivateKeys.generateEc(EcCurve.P384, RANDOM);
        X500Name name = new X500Name("CN=" + cn + ",O=keyless");
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(Instant.parse("2026-01-01T00:00:00Z")),
                Date.from(Instant.parse("2036-01-01T00:00:00Z")), name, pair.getPublic());
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA384withECDSA").build(pair.getPrivate())));
    }

    private static PublicKey p256() {
        return PrivateKeys.generateEc(EcCurve.P256, RANDOM).getPublic();
    }

    private static TrustRoot sample() throws Exception {
        return new TrustRoot(List.of(new Ca(CA, List.of(selfSigned("intermediate"), selfSigned("root")), new Validity(T0, null))),
                List.of(new Log(LOG, p256(), new Validity(T0, null))), List.of(new Log(LOG, p256(), new Validity(T0, null))),
                CA, LOG, T0);
    }

    @Test
    void sigstoreJavaReadsTheTrustedRoot() throws Exception {
        TrustRoot t = sample();
        SigstoreTrustedRoot root = SigstoreTrustedRoot.from(new ByteArrayInputStream(t.trustedRootJson().getBytes(StandardCharsets.UTF_8)));
        assertThat(root.getTLogs()).hasSize(1);
        assertThat(root.getTLogs().get(0).getBaseUrl()).isEqualTo(LOG);
        assertThat(root.getTLogs().get(0).getLogId().getKeyId()).isEqualTo(KeyIds.logId(t.tlogs().get(0).key()).toByteArray());
        assertThat(root.getCTLogs()).hasSize(1);
        assertThat(root.getCTLogs().get(0).getLogId().getKeyId()).isEqualTo(KeyIds.logId(t.ctlogs().get(0).key()).toByteArray());
        assertThat(root.getCAs()).hasSize(1);
        assertThat(List.copyOf(root.getCAs().get(0).getCertPath().getCertificates())).isEqualTo(t.cas().get(0).chain());
        assertThat(t.trustedRootJson()).contains("\"start\" : \"2026-01-01T00:00:00Z\"").doesNotContain("\"end\"")
                .contains("\"mediaType\" : \"" + TrustRoot.TRUSTED_ROOT_MEDIA_TYPE + "\"");
    }

    @Test
    void rotatedKeysAndChainsStayListedWithTheirEnd() throws Exception {
        PublicKey oldRekor = p256();
        PublicKey newRekor = p256();
        X509Certificate oldIntermediate = selfSigned("old intermediate");
        TrustRoot t = new TrustRoot(
                List.of(new Ca(CA, List.of(oldIntermediate), new Validity(T0, ROTATED)),
                        new Ca(CA, List.of(selfSigned("intermediate")), new Validity(ROTATED, null))),
                List.of(new Log(LOG, oldRekor, new Validity(T0, ROTATED)), new Log(LOG, newRekor, new Validity(ROTATED, null))),
                List.of(new Log(LOG, p256(), new Validity(T0, null))), CA, LOG, T0);
        SigstoreTrustedRoot root = SigstoreTrustedRoot.from(new ByteArrayInputStream(t.trustedRootJson().getBytes(StandardCharsets.UTF_8)));
        assertThat(root.getTLogs()).hasSize(2);
        assertThat(root.getTLogs().get(0).getLogId().getKeyId()).isEqualTo(KeyIds.logId(oldRekor).toByteArray());
        assertThat(root.getTLogs().get(0).getPublicKey().getValidFor().getEnd()).contains(ROTATED);
        assertThat(root.getTLogs().get(1).getPublicKey().getValidFor().getStart()).isEqualTo(ROTATED);
        assertThat(root.getTLogs().get(1).getPublicKey().getValidFor().getEnd()).isEmpty();
        assertThat(root.getCAs()).hasSize(2);
        assertThat(root.getCAs().get(0).getValidFor().getEnd()).contains(ROTATED);
        assertThat(List.copyOf(root.getCAs().get(0).getCertPath().getCertificates())).isEqualTo(List.of(oldIntermediate));
        // The current key is the one a client picks for a time after the rotation, the old one before it.
        assertThat(root.getTLogs().get(1).getPublicKey().getValidFor().contains(ROTATED.plusSeconds(1))).isTrue();
        assertThat(root.getTLogs().get(0).getPublicKey().getValidFor().contains(ROTATED.plusSeconds(1))).isFalse();
        assertThat(root.getTLogs().get(0).getPublicKey().getValidFor().contains(ROTATED.minusSeconds(1))).isTrue();
    }

    @Test
    void sigstoreJavaReadsTheSigningConfig() throws Exception {
        TrustRoot t = sample();
        SigstoreSigningConfig config = SigstoreSigningConfig.from(
                new ByteArrayInputStream(t.signingConfigJson().getBytes(StandardCharsets.UTF_8)));
        assertThat(config.getCas()).singleElement().satisfies(s -> {
            assertThat(s.getUrl()).isEqualTo(CA);
            assertThat(s.getApiVersion()).isEqualTo(1);
        });
        assertThat(config.getTLogs()).singleElement().satisfies(s -> assertThat(s.getUrl()).isEqualTo(LOG));
    }

    @Test
    void sigstoreJavaReadsTheTimestampAuthorityInBothFiles() throws Exception {
        TrustRoot base = sample();
        TsaKeys.Material tsa = TsaKeys.loadOrCreateDevelopment(Files.createTempDirectory("trust-root-tsa"), Clock.systemUTC());
        URI tsaUrl = URI.create(CA + "/api/v1/timestamp");
        TrustRoot t = new TrustRoot(base.cas(), base.tlogs(), base.ctlogs(),
                List.of(new TrustRoot.Tsa(tsaUrl, tsa.chain(), new Validity(T0, null))), CA, LOG, T0);
        SigstoreTrustedRoot root = SigstoreTrustedRoot.from(new ByteArrayInputStream(t.trustedRootJson().getBytes(StandardCharsets.UTF_8)));
        assertThat(root.getTSAs()).singleElement().satisfies(a -> {
            assertThat(a.getUri()).isEqualTo(tsaUrl);
            assertThat(List.copyOf(a.getCertPath().getCertificates())).as("TSA certificate first, root last")
                    .isEqualTo(tsa.chain());
        });
        SigstoreSigningConfig config = SigstoreSigningConfig.from(
                new ByteArrayInputStream(t.signingConfigJson().getBytes(StandardCharsets.UTF_8)));
        assertThat(config.getTsas()).singleElement().satisfies(s -> {
            assertThat(s.getUrl()).isEqualTo(tsaUrl);
            assertThat(s.getApiVersion()).isEqualTo(1);
        });
        assertThat(SigstoreSigningConfig.from(new ByteArrayInputStream(base.signingConfigJson()
                .getBytes(StandardCharsets.UTF_8))).getTsas()).as("none without a TSA").isEmpty();
    }

    @Test
    void invalidInputIsRefused() throws Exception {
        TrustRoot t = sample();
        assertThatThrownBy(() -> new Log(LOG, PrivateKeys.generateEc(EcCurve.P384, RANDOM).getPublic(), new Validity(T0, null)))
                .hasMessageContaining("P-256");
        assertThatThrownBy(() -> new Ca(CA, List.of(), new Validity(T0, null))).hasMessageContaining("empty");
        assertThatThrownBy(() -> new Validity(ROTATED, T0)).hasMessageContaining("not after its start");
        assertThatThrownBy(() -> new TrustRoot(List.of(), t.tlogs(), t.ctlogs(), CA, LOG, T0)).hasMessageContaining("one CA");
    }
}
