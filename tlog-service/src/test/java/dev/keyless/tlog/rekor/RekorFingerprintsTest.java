package dev.keyless.tlog.rekor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.common.crypto.AlgorithmPolicy;
import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.Ed25519Signer;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.encoding.Hash;
import dev.keyless.tlog.rekor.web.DsseEntries;
import dev.keyless.tlog.rekor.web.DsseEntries.Envelope;
import dev.keyless.tlog.rekor.web.HashedRekords;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

/**
 * The fingerprints read back from a stored canonical body are exactly the ones written with the entry when it was
 * appended, for every kind that has verifiers: so entries logged before those keys existed get the same keys.
 */
class RekorFingerprintsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private final EntryTypes types = new EntryTypes(AlgorithmPolicy.defaults());

    private ValidatedEntry validate(String proposal) {
        return types.validate(JSON.readTree(proposal));
    }

    /** The keys the entry was appended with that are fingerprints. */
    private static List<String> fingerprintsAtAppend(ValidatedEntry e) {
        return e.indexKeys().stream()
                .filter(k -> k.startsWith(RekorSearch.SPKI_KEY) || k.startsWith(RekorSearch.X509_KEY)).toList();
    }

    @Test
    void hashedRekordWithAKeyOrACertificate() throws Exception {
        HashedRekords keys = new HashedRekords();
        ValidatedEntry withKey = validate(keys.next().json());
        assertThat(RekorFingerprints.of(withKey.canonicalBody())).hasSize(1)
                .isEqualTo(fingerprintsAtAppend(withKey));

        X509Certificate cert = certificateFor(keys);
        ValidatedEntry withCert = validate(keys.next().withPublicKey(DsseEntries.b64(Certificates.toPem(cert))).json());
        assertThat(RekorFingerprints.of(withCert.canonicalBody())).as("key and certificate")
                .containsExactly(RekorSearch.SPKI_KEY + Hash.sha256(cert.getPublicKey().getEncoded()).toHex(),
                        RekorSearch.X509_KEY + Hash.sha256(cert.getEncoded()).toHex())
                .isEqualTo(fingerprintsAtAppend(withCert));
    }

    /** A chain (leaf first): the leaf certificate's fingerprint, not the intermediate's. */
    @Test
    void hashedRekordWithAChain() throws Exception {
        HashedRekords keys = new HashedRekords();
        KeyPair rootKey = PrivateKeys.generateEc(EcCurve.P256, RANDOM);
        X509Certificate root = certificate("CN=root", rootKey.getPublic(), "CN=root", rootKey);
        X509Certificate leaf = certificate("CN=root", keys.signer.publicKey(), "CN=signer", rootKey);
        ValidatedEntry e = validate(keys.next().withPublicKey(DsseEntries.b64(Certificates.chainToPem(List.of(leaf, root))))
                .json());
        assertThat(RekorFingerprints.of(e.canonicalBody()))
                .containsExactly(RekorSearch.SPKI_KEY + Hash.sha256(leaf.getPublicKey().getEncoded()).toHex(),
                        RekorSearch.X509_KEY + Hash.sha256(leaf.getEncoded()).toHex())
                .isEqualTo(fingerprintsAtAppend(e));
    }

    @Test
    void dsseWithTwoVerifiers() {
        DsseEntries entries = new DsseEntries();
        Ed25519Signer ed = Ed25519Signer.of(PrivateKeys.generateEd25519(RANDOM));
        Envelope env = Envelope.sign(DsseEntries.IN_TOTO, DsseEntries.statement(DsseEntries.randomHex32()),
                List.of(entries.signer, ed), "");
        ValidatedEntry e = validate(env.dsse(DsseEntries.pemB64(entries.signer), DsseEntries.pemB64(ed)));
        assertThat(RekorFingerprints.of(e.canonicalBody())).hasSize(2)
                .containsExactlyInAnyOrderElementsOf(fingerprintsAtAppend(e));
    }

    @Test
    void intoto() {
        DsseEntries entries = new DsseEntries();
        Envelope env = entries.next();
        ValidatedEntry e = validate(env.intoto(DsseEntries.randomHex32(), DsseEntries.b64(entries.publicKeyPem)));
        assertThat(RekorFingerprints.of(e.canonicalBody())).hasSize(1).isEqualTo(fingerprintsAtAppend(e));
    }

    @Test
    void bodiesWithoutVerifiersOrUnreadableGiveNoKeys() {
        assertThat(RekorFingerprints.of("{\"apiVersion\":\"0.0.1\",\"kind\":\"rekord\",\"spec\":{}}"
                .getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(RekorFingerprints.of("not json".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(RekorFingerprints.of(("{\"apiVersion\":\"0.0.1\",\"kind\":\"hashedrekord\",\"spec\":{\"signature\":"
                + "{\"publicKey\":{\"content\":\"bm90IGEga2V5\"}}}}").getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    /** A certificate for the signer's key, issued by another key (one certificate: no chain is checked). */
    private static X509Certificate certificateFor(HashedRekords keys) throws Exception {
        return certificate("CN=test ca", keys.signer.publicKey(), "CN=signer",
                PrivateKeys.generateEc(EcCurve.P256, RANDOM));
    }

    private static X509Certificate certificate(String issuer, java.security.PublicKey subjectKey, String subject,
            KeyPair issuerKey) throws Exception {
        Date now = new Date(System.currentTimeMillis() - 60_000);
        var holder = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(RANDOM.nextLong() & Long.MAX_VALUE),
                now, new Date(now.getTime() + 600_000), new X500Name(subject), subjectKey)
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate()));
        return new JcaX509CertificateConverter().getCertificate(holder);
    }
}
