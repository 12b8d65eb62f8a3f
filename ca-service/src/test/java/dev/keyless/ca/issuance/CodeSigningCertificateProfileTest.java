package dev.keyless.ca.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.ca.identity.CiProviderPrincipal;
import dev.keyless.ca.identity.Claims;
import dev.keyless.ca.identity.EmailPrincipal;
import dev.keyless.ca.identity.Principal;
import dev.keyless.ca.identity.SubjectAltName;
import dev.keyless.ca.identity.UsernamePrincipal;
import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.encoding.Hex;
import dev.keyless.common.x509.OtherNameSan;
import dev.keyless.common.x509.SigstoreExtensions;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leaf profile of fulcio.md §4, asserted field by field and byte by byte. */
class CodeSigningCertificateProfileTest {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String ISS = "https://token.actions.githubusercontent.com";
    static final String SUB = "repo:my-org/my-repo:ref:refs/heads/main";
    static final String LONG_URI = "https://github.com/my-org/my-repo/.github/workflows/a-rather-long-workflow-file-name-"
            + "to-force-long-form-length.yml@refs/heads/main";

    @TempDir
    static Path dir;
    static CertificateAuthority ca;
    static KeyPair subject;

    @BeforeAll
    static void setUp() {
        ca = DevelopmentCa.loadOrCreate(dir, CLOCK);
        subject = PrivateKeys.generateEc(EcCurve.P256, new SecureRandom());
    }

    static Principal github() {
        SigstoreExtensions ext = SigstoreExtensions.builder().issuer(ISS).githubWorkflowTrigger("push")
                .githubWorkflowSha("abc").buildSignerUri(LONG_URI).runInvocationUri("https://github.com/r/actions/runs/1/attempts/1")
                .sourceRepositoryVisibilityAtSigning("public").tokenSubject(SUB).build();
        return new CiProviderPrincipal(ISS, SUB, new Claims(Map.of()), new SubjectAltName.Uri(LONG_URI), ext);
    }

    static X509Certificate issue(Principal p, CertificateTransparency ct) {
        return new CertificateIssuer(ca, new CodeSigningProfile(CLOCK, Duration.ofMinutes(10), new SecureRandom()), ct)
                .issue(p, subject.getPublic()).get(0);
    }

    @Test
    void leafHasFulciosProfile() throws Exception {
        X509Certificate leaf = issue(github(), CertificateTransparency.NONE);
        X509Certificate intermediate = ca.issuingCertificate();

        assertThat(leaf.getVersion()).isEqualTo(3);
        assertThat(leaf.getSubjectX500Principal().getEncoded()).isEqualTo(new byte[] {0x30, 0x00});
        assertThat(leaf.getIssuerX500Principal().getEncoded()).isEqualTo(intermediate.getSubjectX500Principal().getEncoded());
        assertThat(leaf.getNotBefore()).isEqualTo(Date.from(NOW));
        assertThat(leaf.getNotAfter()).isEqualTo(Date.from(NOW.plusSeconds(600)));
        assertThat(leaf.getSerialNumber().signum()).isPositive();
        assertThat(leaf.getSerialNumber().bitLength()).isLessThanOrEqualTo(159);
        assertThat(leaf.getSigAlgOID()).isEqualTo("1.2.840.10045.4.3.3"); // ecdsa-with-SHA384, P-384 CA key
        leaf.verify(intermediate.getPublicKey());
        assertThat(leaf.getPublicKey().getEncoded()).isEqualTo(subject.getPublic().getEncoded());
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);

        assertThat(extensionOids(leaf)).containsExactly("2.5.29.15", "2.5.29.37", "2.5.29.14", "2.5.29.35", "2.5.29.17",
                "1.3.6.1.4.1.57264.1.1", "1.3.6.1.4.1.57264.1.2", "1.3.6.1.4.1.57264.1.3", "1.3.6.1.4.1.57264.1.8",
                "1.3.6.1.4.1.57264.1.9", "1.3.6.1.4.1.57264.1.21", "1.3.6.1.4.1.57264.1.22", "1.3.6.1.4.1.57264.1.24");
        assertThat(leaf.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.15", "2.5.29.17");

        assertThat(Hex.encode(value(leaf, "2.5.29.15"))).isEqualTo("03020780"); // digitalSignature only
        assertThat(Hex.encode(value(leaf, "2.5.29.37"))).isEqualTo("300a06082b06010505070303"); // codeSigning
        byte[] keyBits = SubjectPublicKeyInfo.getInstance(subject.getPublic().getEncoded()).getPublicKeyData().getBytes();
        byte[] skid = MessageDigest.getInstance("SHA-1").digest(keyBits);
        assertThat(value(leaf, "2.5.29.14")).isEqualTo(der(0x04, skid));
        byte[] issuerSkid = ASN1OctetString.getInstance(value(intermediate, "2.5.29.14")).getOctets();
        assertThat(value(leaf, "2.5.29.35")).isEqualTo(der(0x30, der(0x80, issuerSkid)));
        assertThat(value(leaf, "2.5.29.17")).isEqualTo(der(0x30, der(0x86, LONG_URI.getBytes(StandardCharsets.US_ASCII))));

        // Sigstore extensions: .1-.6 raw UTF-8, .8 onward DER UTF8String (long-form length above 127 bytes).
        assertThat(value(leaf, "1.3.6.1.4.1.57264.1.1")).isEqualTo(utf8(ISS));
        assertThat(value(leaf, "1.3.6.1.4.1.57264.1.2")).isEqualTo(utf8("push"));
        assertThat(value(leaf, "1.3.6.1.4.1.57264.1.3")).isEqualTo(utf8("abc"));
        assertThat(value(leaf, "1.3.6.1.4.1.57264.1.8")).isEqualTo(der(0x0c, utf8(ISS)));
        assertThat(LONG_URI.length()).isGreaterThan(127);
        assertThat(Hex.encode(value(leaf, "1.3.6.1.4.1.57264.1.9")).substring(0, 6)).isEqualTo("0c81" + Integer.toHexString(LONG_URI.length()));
        assertThat(value(leaf, "1.3.6.1.4.1.57264.1.9")).isEqualTo(der(0x0c, utf8(LONG_URI)));
        assertThat(value(leaf, "1.3.6.1.4.1.57264.1.22")).isEqualTo(der(0x0c, utf8("public")));
        assertThat(value(leaf, "1.3.6.1.4.1.57264.1.24")).isEqualTo(der(0x0c, utf8(SUB)));
        assertThat(SigstoreExtensions.parse(leaf)).isEqualTo(github().extensions());
    }

    @Test
    void emailAndUsernameSans() throws Exception {
        X509Certificate email = issue(new EmailPrincipal("https://accounts.example.com", "u1", "alice@example.com",
                new Claims(Map.of())), CertificateTransparency.NONE);
        assertThat(value(email, "2.5.29.17")).isEqualTo(der(0x30, der(0x81, utf8("alice@example.com"))));
        assertThat(email.getCriticalExtensionOIDs()).contains("2.5.29.17");

        X509Certificate user = issue(new UsernamePrincipal("https://idp.example.com", "alice", "example.com",
                new Claims(Map.of())), CertificateTransparency.NONE);
        assertThat(OtherNameSan.decode(user)).isEqualTo("alice!example.com");
    }

    @Test
    void serialsAreRandom() {
        BigInteger a = issue(github(), CertificateTransparency.NONE).getSerialNumber();
        BigInteger b = issue(github(), CertificateTransparency.NONE).getSerialNumber();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void precertificateAndFinalCertificateDifferOnlyInTheLastExtension() throws Exception {
        byte[] sctList = Hex.decode("0004000201ff");
        List<X509Certificate> precerts = new ArrayList<>();
        CertificateTransparency fake = new CertificateTransparency() {
            @Override
            public boolean logs() {
                return true;
            }

            @Override
            public Submission submit(Precertificate pre) {
                precerts.add(pre.signedPrecertificate());
                assertThat(pre.issuerChain()).isEqualTo(ca.chain());
                return null; // this fake's finish needs no answer from a log
            }

            @Override
            public X509Certificate finish(Precertificate pre, Submission submission) {
                return pre.finish(sctList);
            }
        };
        X509Certificate leaf = issue(github(), fake);
        X509Certificate precert = precerts.get(0);

        List<String> preOids = extensionOids(precert);
        assertThat(preOids.get(preOids.size() - 1)).isEqualTo("1.3.6.1.4.1.11129.2.4.3");
        assertThat(precert.getCriticalExtensionOIDs()).contains("1.3.6.1.4.1.11129.2.4.3");
        assertThat(value(precert, "1.3.6.1.4.1.11129.2.4.3")).isEqualTo(new byte[] {0x05, 0x00});
        List<String> finalOids = extensionOids(leaf);
        assertThat(finalOids.get(finalOids.size() - 1)).isEqualTo("1.3.6.1.4.1.11129.2.4.2");
        assertThat(leaf.getNonCriticalExtensionOIDs()).contains("1.3.6.1.4.1.11129.2.4.2");
        assertThat(value(leaf, "1.3.6.1.4.1.11129.2.4.2")).isEqualTo(der(0x04, sctList));
        assertThat(tbsWithoutLastExtension(leaf)).isEqualTo(tbsWithoutLastExtension(precert));
        leaf.verify(ca.issuingCertificate().getPublicKey());
        precert.verify(ca.issuingCertificate().getPublicKey());
    }

    @Test
    void withoutCtNoPrecertificateIsSigned() throws Exception {
        X509Certificate leaf = issue(github(), CertificateTransparency.NONE);
        assertThat(extensionOids(leaf)).doesNotContain("1.3.6.1.4.1.11129.2.4.3", "1.3.6.1.4.1.11129.2.4.2");
    }

    @Test
    void validityBetweenOneSecondAndOneDayIsTheLeafLifetimeAnythingElseIsRefused() {
        for (Duration ok : List.of(Duration.ofSeconds(1), Duration.ofMinutes(3), Duration.ofDays(1))) {
            X509Certificate leaf = new CertificateIssuer(ca, new CodeSigningProfile(CLOCK, ok, new SecureRandom()),
                    CertificateTransparency.NONE).issue(github(), subject.getPublic()).get(0);
            assertThat(leaf.getNotAfter().toInstant()).as(ok.toString()).isEqualTo(NOW.plus(ok));
        }
        for (Duration bad : List.of(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofDays(1).plusSeconds(1))) {
            assertThatThrownBy(() -> new CodeSigningProfile(CLOCK, bad, new SecureRandom())).as(bad.toString())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 s and 1 day");
        }
    }

    static List<String> extensionOids(X509Certificate cert) throws Exception {
        return List.of(new X509CertificateHolder(cert.getEncoded()).getExtensions().getExtensionOIDs()).stream()
                .map(Object::toString).toList();
    }

    /** The extnValue contents (inside the OCTET STRING). */
    static byte[] value(X509Certificate cert, String oid) {
        return ASN1OctetString.getInstance(cert.getExtensionValue(oid)).getOctets();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Hand-rolled DER TLV (short or one-byte long form), independent of Bouncy Castle. */
    static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (content.length < 128) {
            out.write(content.length);
        } else if (content.length < 256) {
            out.write(0x81);
            out.write(content.length);
        } else {
            out.write(0x82);
            out.write(content.length >> 8);
            out.write(content.length & 0xff);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** The TBSCertificate DER with the last extension removed: what an embedded SCT signs (RFC 6962 §3.2). */
    static byte[] tbsWithoutLastExtension(X509Certificate cert) throws Exception {
        ASN1Sequence tbs = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(cert.getTBSCertificate()));
        ASN1EncodableVector fields = new ASN1EncodableVector();
        for (int i = 0; i < tbs.size() - 1; i++) {
            fields.add(tbs.getObjectAt(i));
        }
        ASN1TaggedObject extensionsField = ASN1TaggedObject.getInstance(tbs.getObjectAt(tbs.size() - 1));
        ASN1Sequence extensions = ASN1Sequence.getInstance(extensionsField.getExplicitBaseObject());
        ASN1EncodableVector kept = new ASN1EncodableVector();
        for (int i = 0; i < extensions.size() - 1; i++) {
            kept.add(extensions.getObjectAt(i));
        }
        fields.add(new DERTaggedObject(true, 3, new DERSequence(kept)));
        return new DERSequence(fields).getEncoded("DER");
    }
}
