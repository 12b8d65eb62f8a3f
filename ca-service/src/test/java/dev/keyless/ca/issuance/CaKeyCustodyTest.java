package dev.keyless.ca.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.PrivateKeys;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Development CA generation and file CA loading, with the startup checks of {@link CaChains}. */
class CaKeyCustodyTest {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void developmentCaIsCreatedOnceAndKept() throws Exception {
        CertificateAuthority first = DevelopmentCa.loadOrCreate(dir, CLOCK);
        CertificateAuthority again = DevelopmentCa.loadOrCreate(dir, Clock.fixed(NOW.plusSeconds(3600), ZoneOffset.UTC));
        assertThat(again.chain()).isEqualTo(first.chain());
        Path key = dir.resolve("dev-ca/ca-key.pem");
        assertThat(Files.getPosixFilePermissions(key)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("dev-ca");
        }
    }

    @Test
    void developmentCaChainHasTheRequiredProfile() throws Exception {
        List<X509Certificate> chain = DevelopmentCa.loadOrCreate(dir, CLOCK).chain();
        assertThat(chain).hasSize(2);
        X509Certificate intermediate = chain.get(0);
        X509Certificate root = chain.get(1);

        assertThat(root.getSubjectX500Principal().getName()).isEqualTo("CN=keyless development root,O=keyless");
        assertThat(root.getBasicConstraints()).isEqualTo(1);
        assertThat(root.getKeyUsage()).containsExactly(false, false, false, false, false, true, true, false, false);
        assertThat(root.getExtendedKeyUsage()).isNull();
        assertThat(root.getExtensionValue("2.5.29.14")).isNotNull();
        assertThat(root.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(3650)));
        assertThat(root.getSigAlgOID()).isEqualTo("1.2.840.10045.4.3.3");
        root.verify(root.getPublicKey());

        assertThat(intermediate.getBasicConstraints()).isEqualTo(0);
        assertThat(intermediate.getKeyUsage()).containsExactly(false, false, false, false, false, true, true, false, false);
        assertThat(intermediate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.3");
        assertThat(intermediate.getCriticalExtensionOIDs()).contains("2.5.29.15", "2.5.29.19");
        assertThat(intermediate.getExtensionValue("2.5.29.35")).isNotNull();
        intermediate.verify(root.getPublicKey());
    }

    @Test
    void incompleteDevelopmentCaDirectoryIsNeverOverwritten() throws Exception {
        Files.createDirectories(dir.resolve("dev-ca"));
        Files.writeString(dir.resolve("dev-ca/ca-chain.pem"), "keep me");
        assertThatThrownBy(() -> DevelopmentCa.loadOrCreate(dir, CLOCK)).isInstanceOf(RuntimeException.class);
        assertThat(Files.readString(dir.resolve("dev-ca/ca-chain.pem"))).isEqualTo("keep me");
    }

    @Test
    void fileCaLoadsEncryptedPkcs8() throws Exception {
        CertificateAuthority dev = DevelopmentCa.loadOrCreate(dir, CLOCK);
        var key = PrivateKeys.parsePem(Files.readString(dir.resolve("dev-ca/ca-key.pem")));
        Path keyFile = dir.resolve("encrypted.pem");
        Files.writeString(keyFile, PrivateKeys.toEncryptedPem(key, "s3cret".toCharArray(), new SecureRandom(), 1000));
        CertificateAuthority file = CaKeyFiles.load(keyFile, "s3cret", dir.resolve("dev-ca/ca-chain.pem"), CLOCK);
        assertThat(file.chain()).isEqualTo(dev.chain());
        assertThatThrownBy(() -> CaKeyFiles.load(keyFile, "Xq9-not-it", dir.resolve("dev-ca/ca-chain.pem"), CLOCK))
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining("s3cret").hasMessageNotContaining("Xq9-not-it");
    }

    @Test
    void startupChecksRefuseInconsistentMaterial() throws Exception {
        CertificateAuthority dev = DevelopmentCa.loadOrCreate(dir, CLOCK);
        List<X509Certificate> chain = dev.chain();
        Path chainFile = dir.resolve("dev-ca/ca-chain.pem");
        Path otherKey = dir.resolve("other-key.pem");
        Files.writeString(otherKey, PrivateKeys.toPem(PrivateKeys.generateEc(EcCurve.P384, new SecureRandom()).getPrivate()));
        assertThatThrownBy(() -> CaKeyFiles.load(otherKey, null, chainFile, CLOCK))
                .hasMessageContaining("does not match");

        Path rootOnly = dir.resolve("root-only.pem");
        Files.writeString(rootOnly, Certificates.toPem(chain.get(1)), StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> CaKeyFiles.load(dir.resolve("dev-ca/ca-key.pem"), null, rootOnly, CLOCK))
                .hasMessageContaining("does not match");

        Path reversed = dir.resolve("reversed.pem");
        Files.writeString(reversed, Certificates.chainToPem(List.of(chain.get(0), chain.get(0))), StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> CaKeyFiles.load(dir.resolve("dev-ca/ca-key.pem"), null, reversed, CLOCK))
                .isInstanceOf(IllegalStateException.class);

        Clock later = Clock.fixed(NOW.plus(Duration.ofDays(3651)), ZoneOffset.UTC);
        assertThatThrownBy(() -> CaKeyFiles.load(dir.resolve("dev-ca/ca-key.pem"), null, chainFile, later))
                .hasMessageContaining("not valid now");
    }

    @Test
    void anIssuingCertificateWithoutSubjectKeyIdentifierIsRefusedARootWithoutOneIsNot() throws Exception {
        // Leaves take their authority key identifier from the issuing certificate's SKID.
        KeyPair root = PrivateKeys.generateEc(EcCurve.P256, new SecureRandom());
        KeyPair intermediate = PrivateKeys.generateEc(EcCurve.P256, new SecureRandom());
        X509Certificate rootWithout = ca("CN=root,O=keyless", root, "CN=root,O=keyless", root, false, false);
        CaChains.validateChain(List.of(ca("CN=root,O=keyless", root, "CN=root,O=keyless", root, true, false)), NOW);
        assertThatThrownBy(() -> CaChains.validateChain(List.of(rootWithout), NOW))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("lacks a subject key identifier");
        X509Certificate issuing = ca("CN=intermediate,O=keyless", intermediate, "CN=root,O=keyless", root, true, true);
        CaChains.validateChain(List.of(issuing, rootWithout), NOW);
        X509Certificate issuingWithout = ca("CN=intermediate,O=keyless", intermediate, "CN=root,O=keyless", root, false, true);
        assertThatThrownBy(() -> CaChains.validateChain(List.of(issuingWithout, rootWithout), NOW))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("lacks a subject key identifier");
    }

    /** A CA certificate for {@code key}, signed by {@code issuerKey}; with a SKID and the codeSigning EKU if asked. */
    private static X509Certificate ca(String subject, KeyPair key, String issuer, KeyPair issuerKey, boolean withSkid,
            boolean codeSigning) throws Exception {
        var b = new X509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(7),
                Date.from(NOW.minusSeconds(3600)), Date.from(NOW.plusSeconds(86400)), new X500Name(subject),
                SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded()));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(1));
        if (codeSigning) {
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
        }
        if (withSkid) {
            b.addExtension(Extension.subjectKeyIdentifier, false,
                    new SubjectKeyIdentifier(CodeSigningProfile.keyIdentifier(key.getPublic())));
        }
        return Certificates.parseDer(b.build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(issuerKey.getPrivate())).getEncoded());
    }
}
