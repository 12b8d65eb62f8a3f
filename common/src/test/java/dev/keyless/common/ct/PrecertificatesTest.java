package dev.keyless.common.ct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.encoding.Hash;
import dev.keyless.common.encoding.Hex;
import dev.keyless.common.x509.SigstoreExtensions;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Fulcio flow end to end (fulcio.md §5.1): sign a precertificate, have the "log" issue an SCT over its PreCert,
 * build the final certificate with the SCT list in place of the poison, and verify the embedded SCT the way clients
 * do (fulcio.md §5.2), from the final certificate alone.
 */
class PrecertificatesTest {
    static final long SCT_TIME = 1_700_000_000_000L;
    static final Date NOT_BEFORE = new Date(1_700_000_000_000L);
    static final Date NOT_AFTER = new Date(1_700_000_600_000L);
    static final BigInteger SERIAL = new BigInteger("1234567890abcdef1234567890abcdef", 16);
    static final X500Name CA_NAME = new X500Name("CN=test-ca,O=keyless");

    static KeyPair caKey;
    static KeyPair leafKey;
    static KeyPair logKey;
    static SubjectPublicKeyInfo caSpki;

    @BeforeAll
    static void keys() throws GeneralSecurityException {
        caKey = SctSignatureTest.ecKey();
        leafKey = SctSignatureTest.ecKey();
        logKey = SctSignatureTest.ecKey();
        caSpki = SubjectPublicKeyInfo.getInstance(caKey.getPublic().getEncoded());
    }

    static SigstoreExtensions sigstore(String issuer) {
        return SigstoreExtensions.builder().issuer(issuer).buildSignerUri("https://ci.example/build@refs/heads/main")
                .sourceRepositoryDigest("0123456789abcdef0123456789abcdef01234567").build();
    }

    /** The leaf's extensions in Fulcio's order: KU, EKU, SKID, AKID, SAN, then the Sigstore OIDs. */
    static List<Extension> leafExtensions(String issuer) throws Exception {
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        List<Extension> out = new ArrayList<>();
        out.add(new Extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature).getEncoded()));
        out.add(new Extension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning).getEncoded()));
        out.add(new Extension(Extension.subjectKeyIdentifier, false,
                utils.createSubjectKeyIdentifier(leafKey.getPublic()).getEncoded()));
        out.add(new Extension(Extension.authorityKeyIdentifier, false,
                utils.createAuthorityKeyIdentifier(caKey.getPublic()).getEncoded()));
        out.add(new Extension(Extension.subjectAlternativeName, true,
                new GeneralNames(new GeneralName(GeneralName.rfc822Name, "dev@example.com")).getEncoded()));
        out.addAll(sigstore(issuer).render());
        return out;
    }

    static X509CertificateHolder issue(BigInteger serial, List<Extension> extensions) throws Exception {
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(CA_NAME, serial, NOT_BEFORE, NOT_AFTER,
                new X500Name(new RDN[0]),
                SubjectPublicKeyInfo.getInstance(leafKey.getPublic().getEncoded()));
        for (Extension extension : extensions) {
            builder.addExtension(extension);
        }
        return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate()));
    }

    static List<Extension> with(List<Extension> extensions, Extension last) {
        List<Extension> out = new ArrayList<>(extensions);
        out.add(last);
        return out;
    }

    static X509CertificateHolder precertificate() throws Exception {
        return issue(SERIAL, with(leafExtensions("https://accounts.example.com"), CtOids.poisonExtension()));
    }

    static SignedCertificateTimestamp logSct(X509CertificateHolder precertificate) {
        LogEntry.PrecertEntry entry = Precertificates.fromPrecertificate(precertificate, caSpki);
        return SignedCertificateTimestamp.sign(SctSignatureTest.jcaSigner(logKey.getPrivate()),
                SignedCertificateTimestamp.logIdOf(logKey.getPublic()), SCT_TIME, entry);
    }

    /** What a client does: take the embedded SCTs and the PreCert rebuilt from the final certificate. */
    static void verifyEmbedded(X509CertificateHolder certificate) {
        List<SignedCertificateTimestamp> scts = SctList.fromCertificate(certificate);
        assertThat(scts).hasSize(1);
        scts.getFirst().verify(logKey.getPublic(), Precertificates.fromFinalCertificate(certificate, caSpki));
    }

    @Test
    void finalCertificateWhenSameFieldsWithSctListLastThenEmbeddedSctVerifies() throws Exception {
        X509CertificateHolder precert = precertificate();
        SignedCertificateTimestamp sct = logSct(precert);
        X509CertificateHolder finalCert = issue(SERIAL,
                with(leafExtensions("https://accounts.example.com"), SctList.toExtension(List.of(sct))));

        verifyEmbedded(finalCert);
        assertThat(Precertificates.fromFinalCertificate(finalCert, caSpki))
                .isEqualTo(Precertificates.fromPrecertificate(precert, caSpki));
        // The PreCert TBS is exactly the precert's TBS with the 21-byte poison extension cut out.
        byte[] precertTbs = precert.toASN1Structure().getTBSCertificate().getEncoded();
        byte[] entryTbs = Precertificates.fromPrecertificate(precert, caSpki).tbsCertificate();
        assertThat(entryTbs.length).isEqualTo(precertTbs.length - 21);
        assertThat(Precertificates.fromPrecertificate(precert, caSpki).issuerKeyHash())
                .isEqualTo(Hash.sha256(caKey.getPublic().getEncoded()));
    }

    @Test
    void finalCertificateWhenJcaTypesThenSameEntryAndScts() throws Exception {
        X509CertificateHolder precert = precertificate();
        SignedCertificateTimestamp sct = logSct(precert);
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        X509Certificate jcaPrecert = converter.getCertificate(precert);
        X509Certificate jcaFinal = converter.getCertificate(issue(SERIAL,
                with(leafExtensions("https://accounts.example.com"), SctList.toExtension(List.of(sct)))));

        assertThat(Precertificates.fromPrecertificate(jcaPrecert, caKey.getPublic()))
                .isEqualTo(Precertificates.fromPrecertificate(precert, caSpki));
        assertThat(SctList.fromCertificate(jcaFinal)).containsExactly(sct);
        sct.verify(logKey.getPublic(), Precertificates.fromFinalCertificate(jcaFinal, caKey.getPublic()));
        // The raw extnValue: OCTET STRING (X.509) around OCTET STRING (RFC 6962 §3.3) around the TLS list.
        byte[] extnValue = jcaFinal.getExtensionValue(CtOids.SCT_LIST.getId());
        byte[] tls = SctList.encode(List.of(sct));
        assertThat(Hex.encode(extnValue)).isEqualTo("04" + Integer.toHexString(tls.length + 2) + "04"
                + Integer.toHexString(tls.length) + Hex.encode(tls));
    }

    @Test
    void finalExtensionsWhenPrecertThenPoisonReplacedBySctListLast() throws Exception {
        X509CertificateHolder precert = precertificate();
        SignedCertificateTimestamp sct = logSct(precert);
        List<Extension> want = with(leafExtensions("https://accounts.example.com"), SctList.toExtension(List.of(sct)));

        Extensions got = Precertificates.finalExtensions(precert, List.of(sct));

        assertThat(got.getEncoded()).isEqualTo(new Extensions(
                want.toArray(new Extension[0])).getEncoded());
        verifyEmbedded(issue(SERIAL, Arrays.stream(got.getExtensionOIDs()).map(got::getExtension).toList()));
    }

    @Test
    void finalCertificateWhenExtensionsReorderedThenSctFails() throws Exception {
        SignedCertificateTimestamp sct = logSct(precertificate());
        List<Extension> reordered = leafExtensions("https://accounts.example.com");
        Collections.swap(reordered, 0, 1);

        X509CertificateHolder finalCert = issue(SERIAL, with(reordered, SctList.toExtension(List.of(sct))));

        assertThatThrownBy(() -> verifyEmbedded(finalCert)).isInstanceOf(CtVerificationException.class)
                .hasMessageContaining("does not verify");
    }

    @Test
    void finalCertificateWhenOneSigstoreByteChangedThenSctFails() throws Exception {
        SignedCertificateTimestamp sct = logSct(precertificate());

        X509CertificateHolder finalCert = issue(SERIAL,
                with(leafExtensions("https://accounts.example.con"), SctList.toExtension(List.of(sct))));

        assertThatThrownBy(() -> verifyEmbedded(finalCert)).isInstanceOf(CtVerificationException.class)
                .hasMessageContaining("does not verify");
    }

    @Test
    void finalCertificateWhenSerialOrSctPositionChangedThenSctFails() throws Exception {
        SignedCertificateTimestamp sct = logSct(precertificate());
        List<Extension> sctFirst = new ArrayList<>(leafExtensions("https://accounts.example.com"));
        sctFirst.addFirst(SctList.toExtension(List.of(sct)));

        X509CertificateHolder otherSerial = issue(SERIAL.add(BigInteger.ONE),
                with(leafExtensions("https://accounts.example.com"), SctList.toExtension(List.of(sct))));
        // Moving the SCT list does not change the TBS-minus-SCT, so this one still verifies: position is free.
        X509CertificateHolder movedSct = issue(SERIAL, sctFirst);

        assertThatThrownBy(() -> verifyEmbedded(otherSerial)).isInstanceOf(CtVerificationException.class);
        verifyEmbedded(movedSct);
    }

    @Test
    void fromFinalCertificateWhenIssuerKeyDiffersThenSctFails() throws Exception {
        X509CertificateHolder precert = precertificate();
        SignedCertificateTimestamp sct = logSct(precert);
        X509CertificateHolder finalCert = issue(SERIAL,
                with(leafExtensions("https://accounts.example.com"), SctList.toExtension(List.of(sct))));
        SubjectPublicKeyInfo wrongIssuer = SubjectPublicKeyInfo.getInstance(leafKey.getPublic().getEncoded());

        assertThatThrownBy(() -> sct.verify(logKey.getPublic(), Precertificates.fromFinalCertificate(finalCert,
                wrongIssuer))).isInstanceOf(CtVerificationException.class);
    }

    @Test
    void entryWhenWrongKindOfCertificateThenRejected() throws Exception {
        X509CertificateHolder precert = precertificate();
        X509CertificateHolder finalCert = issue(SERIAL,
                with(leafExtensions("https://accounts.example.com"), SctList.toExtension(List.of(logSct(precert)))));
        X509CertificateHolder plain = issue(SERIAL, leafExtensions("https://accounts.example.com"));
        X509CertificateHolder nonCriticalPoison = issue(SERIAL, with(leafExtensions("https://accounts.example.com"),
                new Extension(CtOids.PRECERT_POISON, false, new byte[] {5, 0})));
        X509CertificateHolder poisonNotNull = issue(SERIAL, with(leafExtensions("https://accounts.example.com"),
                new Extension(CtOids.PRECERT_POISON, true, new byte[] {4, 0})));

        assertThatThrownBy(() -> Precertificates.fromPrecertificate(finalCert, caSpki))
                .isInstanceOf(CtParseException.class).hasMessageContaining("no precertificate poison");
        assertThatThrownBy(() -> Precertificates.fromFinalCertificate(precert, caSpki))
                .isInstanceOf(CtParseException.class).hasMessageContaining("no SCT list extension");
        assertThatThrownBy(() -> Precertificates.fromFinalCertificate(plain, caSpki))
                .isInstanceOf(CtParseException.class).hasMessageContaining("no SCT list extension");
        assertThatThrownBy(() -> Precertificates.fromPrecertificate(nonCriticalPoison, caSpki))
                .isInstanceOf(CtParseException.class).hasMessageContaining("non-critical");
        assertThatThrownBy(() -> Precertificates.fromPrecertificate(poisonNotNull, caSpki))
                .isInstanceOf(CtParseException.class).hasMessageContaining("not ASN.1 NULL");
        assertThat(SctList.fromCertificate(plain)).isEmpty();
    }

    @Test
    void entryWhenPoisonIsOnlyExtensionThenExtensionsFieldOmitted() throws Exception {
        X509CertificateHolder precert = issue(SERIAL, List.of(CtOids.poisonExtension()));
        X509CertificateHolder bare = issue(SERIAL, List.of());

        assertThat(Precertificates.fromPrecertificate(precert, caSpki).tbsCertificate())
                .isEqualTo(bare.toASN1Structure().getTBSCertificate().getEncoded());
    }
}
