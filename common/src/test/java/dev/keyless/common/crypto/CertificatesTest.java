package dev.keyless.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.encoding.Pem;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CertificatesTest {
    private static List<X509Certificate> chain;

    @BeforeAll
    static void makeChain() throws Exception {
        // leaf <- intermediate <- root, fixed validity so nothing depends on the clock.
        KeyPair root = TestKeys.ec(EcCurve.P256);
        KeyPair intermediate = TestKeys.ec(EcCurve.P256);
        KeyPair leaf = TestKeys.ec(EcCurve.P256);
        X509Certificate rootCert = cert("CN=root", root, "CN=root", root, 1);
        X509Certificate intermediateCert = cert("CN=intermediate", intermediate, "CN=root", root, 2);
        X509Certificate leafCert = cert("CN=leaf", leaf, "CN=intermediate", intermediate, 3);
        chain = List.of(leafCert, intermediateCert, rootCert);
    }

    private static X509Certificate cert(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys, long serial)
            throws Exception {
        var builder = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(serial),
                Date.from(Instant.parse("2026-01-01T00:00:00Z")), Date.from(Instant.parse("2027-01-01T00:00:00Z")),
                new X500Name(subject), subjectKeys.getPublic());
        var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    @Test
    void parsePemRoundTripsToIdenticalText() throws Exception {
        X509Certificate leaf = chain.get(0);
        String pem = Certificates.toPem(leaf);
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("\n-----END CERTIFICATE-----\n");
        assertThat(pem.lines().filter(l -> !l.startsWith("-----")).limit(1).findFirst().orElseThrow()).hasSize(64);
        assertThat(Certificates.parsePem(pem)).isEqualTo(leaf);
        assertThat(Certificates.toPem(Certificates.parsePem(pem))).isEqualTo(pem);
        assertThat(Certificates.parseDer(leaf.getEncoded())).isEqualTo(leaf);
    }

    @Test
    void parsePemChainKeepsOrderAndChainToPemConcatenates() {
        String pem = Certificates.chainToPem(chain);
        assertThat(pem).isEqualTo(Certificates.toPem(chain.get(0)) + Certificates.toPem(chain.get(1)) + Certificates.toPem(chain.get(2)));
        assertThat(Certificates.parsePemChain(pem)).containsExactlyElementsOf(chain);
        assertThat(Certificates.parsePemChain(pem, 3)).hasSize(3);
    }

    @Test
    void parsePemChainWhenOverTheBoundThenRejected() {
        String pem = Certificates.chainToPem(chain);
        assertThatThrownBy(() -> Certificates.parsePemChain(pem, 2))
                .isInstanceOf(CryptoParseException.class).hasMessageContaining("more than 2");
        List<X509Certificate> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(chain.get(i % 3));
        }
        assertThatThrownBy(() -> Certificates.parsePemChain(Certificates.chainToPem(eleven))).hasMessageContaining("more than 10");
        assertThat(Certificates.parsePemChain(Certificates.chainToPem(eleven.subList(0, 10)))).hasSize(10);
        assertThatThrownBy(() -> Certificates.parsePemChain(pem, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsePemChainWhenABlockIsNotACertificateThenRejected() {
        String pem = Certificates.toPem(chain.get(0)) + TestKeys.REKOR_PUBLIC;
        assertThatThrownBy(() -> Certificates.parsePemChain(pem))
                .isInstanceOf(CryptoParseException.class).hasMessageContaining("block 1 is \"PUBLIC KEY\"");
    }

    @Test
    void parseDerWhenTrailingBytesOrPemTextThenRejected() throws Exception {
        byte[] der = chain.get(0).getEncoded();
        assertThatThrownBy(() -> Certificates.parseDer(Arrays.copyOf(der, der.length + 2))).isInstanceOf(CryptoParseException.class);
        byte[] pemBytes = Certificates.toPem(chain.get(0)).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Certificates.parseDer(pemBytes)).isInstanceOf(CryptoParseException.class);
        byte[] truncated = Arrays.copyOf(der, der.length - 1);
        assertThatThrownBy(() -> Certificates.parseDer(truncated)).isInstanceOf(CryptoParseException.class);
    }

    @Test
    void parseDerWhenSequenceIsNotACertificateThenParseException() {
        byte[] spki = Pem.decodeSingle(TestKeys.REKOR_PUBLIC, "PUBLIC KEY");
        assertThatThrownBy(() -> Certificates.parseDer(spki)).isInstanceOf(CryptoParseException.class);
        assertThatThrownBy(() -> Certificates.parsePem(TestKeys.REKOR_PUBLIC)).hasMessageContaining("PUBLIC KEY");
    }
}
