package dev.keyless.ca.issuance;

import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.EcdsaBackend;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.PublicKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A development CA made on first start and kept in {@code <dataDir>/dev-ca/} so that trust roots handed to clients
 * stay valid across restarts: a P-384 root (10 years, CN+O, keyCertSign|cRLSign, CA, SKID) and a P-384 intermediate
 * (keyCertSign|cRLSign, EKU codeSigning, CA pathlen 0, SKID, AKID), the profile fulcio.md §4 asks of CA certificates.
 * Both keys are stored (0600): the root key lets {@code ./dev rotate ca} issue a new intermediate under the same root,
 * which the CT log already trusts.
 *
 * <p>The directory is written under a temporary name and renamed into place, so it either holds a complete CA or
 * does not exist; an existing directory is never overwritten.
 */
public final class DevelopmentCa {
    private static final Logger log = LoggerFactory.getLogger(DevelopmentCa.class);
    static final String DIRECTORY = "dev-ca";
    static final String KEY_FILE = "ca-key.pem";
    static final String CHAIN_FILE = "ca-chain.pem";
    static final String ROOT_KEY_FILE = "root-key.pem";
    private static final Duration LIFETIME = Duration.ofDays(3650);

    private DevelopmentCa() {
    }

    /**
     * Creates the development CA under the data directory given as the only argument, if it does not exist yet, and
     * exits: lets a deployment (docker-compose.yml) hand the CA root to the CT log before ca-service first starts.
     */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: DevelopmentCa <data-dir>");
            System.exit(2);
        }
        CertificateAuthority ca = loadOrCreate(Path.of(args[0]), Clock.systemUTC());
        System.out.println("development CA " + ca.issuingCertificate().getSubjectX500Principal() + ": "
                + Path.of(args[0]).resolve(DIRECTORY).resolve(CHAIN_FILE));
    }

    /** Loads the development CA under {@code dataDir}, creating it first if it does not exist. */
    public static CertificateAuthority loadOrCreate(Path dataDir, Clock clock) {
        return loadOrCreate(dataDir, clock, EcdsaBackend.BOUNCY_CASTLE);
    }

    /** As {@link #loadOrCreate(Path, Clock)}, signing on {@code ecdsa}. */
    public static CertificateAuthority loadOrCreate(Path dataDir, Clock clock, EcdsaBackend ecdsa) {
        createIfMissing(dataDir, clock);
        return CaKeyFiles.load(keyFile(dataDir), null, chainFile(dataDir), clock, ecdsa);
    }

    /** Creates the development CA under {@code dataDir} if it does not exist yet; loads nothing. */
    public static void createIfMissing(Path dataDir, Clock clock) {
        Path dir = dataDir.resolve(DIRECTORY);
        try {
            if (!Files.exists(dir)) {
                create(dataDir, dir, clock);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the development CA in " + dir, e);
        }
    }

    private static void create(Path dataDir, Path dir, Clock clock) throws IOException {
        SecureRandom random = new SecureRandom();
        KeyPair rootKey = PrivateKeys.generateEc(EcCurve.P384, random);
        KeyPair intermediateKey = PrivateKeys.generateEc(EcCurve.P384, random);
        Instant notBefore = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = notBefore.plus(LIFETIME);
        X500Name rootName = name("keyless development root");
        X500Name intermediateName = name("keyless development intermediate");
        X509Certificate root = sign(rootName, rootName, rootKey, rootKey.getPrivate(), notBefore, notAfter, random,
                new BasicConstraints(1), false, null);
        X509Certificate intermediate = sign(intermediateName, rootName, intermediateKey, rootKey.getPrivate(), notBefore,
                notAfter, random, new BasicConstraints(0), true, CodeSigningProfile.keyIdentifier(rootKey.getPublic()));

        if (KeyFiles.createAtomically(dataDir, dir, KEY_FILE, intermediateKey.getPrivate(), CHAIN_FILE,
                List.of(intermediate, root), Map.of(ROOT_KEY_FILE, rootKey.getPrivate()))) {
            log.info("created a development CA (P-384 root and intermediate) in {}", dir);
        } else {
            log.info("a development CA appeared in {} meanwhile; using it", dir);
        }
    }

    /** The key file of the development CA under {@code dataDir}. */
    public static Path keyFile(Path dataDir) {
        return dataDir.resolve(DIRECTORY).resolve(KEY_FILE);
    }

    /** Its chain file, intermediate first. */
    public static Path chainFile(Path dataDir) {
        return dataDir.resolve(DIRECTORY).resolve(CHAIN_FILE);
    }

    /** Its root key file (development CAs made before root keys were kept have none). */
    public static Path rootKeyFile(Path dataDir) {
        return dataDir.resolve(DIRECTORY).resolve(ROOT_KEY_FILE);
    }

    /**
     * A new intermediate for {@code key} under the root {@code rootCert} (signed with {@code rootKey}), with the profile
     * of the first one and a name telling the two apart; valid until the root expires.
     */
    public static X509Certificate intermediate(KeyPair key, X509Certificate rootCert, PrivateKey rootKey,
            String commonName, Instant notBefore) throws IOException {
        X500Name rootName = X500Name.getInstance(rootCert.getSubjectX500Principal().getEncoded());
        return sign(name(commonName), rootName, key, rootKey, notBefore, rootCert.getNotAfter().toInstant(),
                new SecureRandom(), new BasicConstraints(0), true,
                CodeSigningProfile.keyIdentifier(rootCert.getPublicKey()));
    }

    /** A new self-signed root with the profile of the first one. */
    public static X509Certificate root(KeyPair key, String commonName, Instant notBefore) throws IOException {
        X500Name n = name(commonName);
        return sign(n, n, key, key.getPrivate(), notBefore, notBefore.plus(LIFETIME), new SecureRandom(),
                new BasicConstraints(1), false, null);
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "keyless").addRDN(BCStyle.CN, commonName).build();
    }

    private static X509Certificate sign(X500Name subject, X500Name issuer, KeyPair subjectKey, PrivateKey issuerKey,
            Instant notBefore, Instant notAfter, SecureRandom random, BasicConstraints constraints, boolean codeSigning,
            byte[] authorityKeyId) throws IOException {
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuer, new BigInteger(159, random).setBit(0),
                Date.from(notBefore), Date.from(notAfter), subject,
                SubjectPublicKeyInfo.getInstance(PublicKeys.toDer(subjectKey.getPublic())));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        if (codeSigning) {
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
        }
        b.addExtension(Extension.basicConstraints, true, constraints);
        b.addExtension(Extension.subjectKeyIdentifier, false,
                new SubjectKeyIdentifier(CodeSigningProfile.keyIdentifier(subjectKey.getPublic())));
        if (authorityKeyId != null) {
            b.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(authorityKeyId));
        }
        try {
            return Certificates.parseDer(b.build(new JcaContentSignerBuilder("SHA384withECDSA").build(issuerKey)).getEncoded());
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign the development CA certificate", e);
        }
    }
}
