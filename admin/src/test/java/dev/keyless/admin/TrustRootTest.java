package dev.keyless.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.KeyIds;
import dev.keyless.common.crypto.PrivateKeys;
import dev.sigstore.trustroot.SigstoreSigningConfig;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
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

    static X509Certificate selfSigned(String cn) throws Exception {
        KeyPair pair = PrivateKeys.generateEc(EcCurve.P384, RANDOM);
        X500Name name = new X500Name("CN=" + cn + ",O=keyless");
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(Instant.parse("2026-01-01T00:00:00Z")),
                Date.from(Instant.parse("2036-01-01T00:00:00Z")), name, pair.getPublic());
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA384withECDSA").build(pair.getPrivate())));
    }

    private TrustRoot sample() throws Exception {
        return new TrustRoot(URI.create("https://ca.example:5555"), List.of(selfSigned("intermediate"), selfSigned("root")),
                URI.create("http://log.example:3000"), PrivateKeys.generateEc(EcCurve.P256, RANDOM).getPublic(),
                URI.create("http://log.example:3000"), PrivateKeys.generateEc(EcCurve.P256, RANDOM).getPublic(),
                Instant.parse("2026-01-01T00:00:00.123Z"));
    }

    @Test
    void sigstoreJavaReadsTheTrustedRoot() throws Exception {
        TrustRoot t = sample();
        SigstoreTrustedRoot root = SigstoreTrustedRoot.from(new ByteArrayInputStream(t.trustedRootJson().getBytes(StandardCharsets.UTF_8)));
        assertThat(root.getTLogs()).hasSize(1);
        assertThat(root.getTLogs().get(0).getBaseUrl()).isEqualTo(URI.create("http://log.example:3000"));
        assertThat(root.getTLogs().get(0).getLogId().getKeyId()).isEqualTo(KeyIds.logId(t.rekorKey()).toByteArray());
        assertThat(root.getCTLogs()).hasSize(1);
        assertThat(root.getCTLogs().get(0).getLogId().getKeyId()).isEqualTo(KeyIds.logId(t.ctKey()).toByteArray());
        assertThat(root.getCAs()).hasSize(1);
        assertThat(List.copyOf(root.getCAs().get(0).getCertPath().getCertificates())).isEqualTo(List.copyOf(t.caChain()));
        assertThat(t.trustedRootJson()).contains("\"start\" : \"2026-01-01T00:00:00Z\"")
                .contains("\"mediaType\" : \"" + TrustRoot.TRUSTED_ROOT_MEDIA_TYPE + "\"");
    }

    @Test
    void sigstoreJavaReadsTheSigningConfig() throws Exception {
        TrustRoot t = sample();
        SigstoreSigningConfig config = SigstoreSigningConfig.from(
                new ByteArrayInputStream(t.signingConfigJson().getBytes(StandardCharsets.UTF_8)));
        assertThat(config.getCas()).singleElement().satisfies(s -> {
            assertThat(s.getUrl()).isEqualTo(URI.create("https://ca.example:5555"));
            assertThat(s.getApiVersion()).isEqualTo(1);
        });
        assertThat(config.getTLogs()).singleElement().satisfies(s -> assertThat(s.getUrl()).isEqualTo(URI.create("http://log.example:3000")));
    }

    @Test
    void onlyP256LogKeysAreDescribed() throws Exception {
        TrustRoot t = sample();
        assertThatThrownBy(() -> new TrustRoot(t.caUrl(), t.caChain(), t.rekorUrl(),
                PrivateKeys.generateEc(EcCurve.P384, RANDOM).getPublic(), t.ctUrl(), t.ctKey(), t.since()))
                .hasMessageContaining("P-256");
        assertThatThrownBy(() -> new TrustRoot(t.caUrl(), List.of(), t.rekorUrl(), t.rekorKey(), t.ctUrl(), t.ctKey(), t.since()))
                .hasMessageContaining("empty");
    }
}
