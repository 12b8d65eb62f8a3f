package dev.keyless.ca.timestamp;

import dev.keyless.ca.issuance.CodeSigningProfile;
import dev.keyless.ca.issuance.KeyFiles;
import dev.keyless.ca.issuance.Pkcs11Ca;
import dev.keyless.common.crypto.BouncyCastle;
import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.PublicKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
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
 * The timestamp authority's key and chain: from files ({@code keyless.ca.timestamp.signer.type=file}), or a
 * development TSA generated under the data directory on first start and kept ({@code development}): a P-384 root and
 * a P-256 timestamping leaf, separate from the CA's chain, as public Sigstore keeps its TSA apart from Fulcio.
 */
public final class TsaKeys {
    private static final Logger log = LoggerFactory.getLogger(TsaKeys.class);
    static final String DIRECTORY = "dev-tsa";
    static final String KEY_FILE = "tsa-key.pem";
    static final String CHAIN_FILE = "tsa-chain.pem";
    static final String ROOT_KEY_FILE = "root-key.pem";
    private static final Duration LIFETIME = Duration.ofDays(3650);
    private static final int MAX_CHAIN = 10;

    /**
     * A key, its chain (TSA certificate first), and the provider that signs with the key: Bouncy Castle for a key from
     * a file, the token's for a PKCS#11 key.
     *
     * @param inToken whether the key is a handle in a token (its match to the certificate is proven by a test
     *     signature when it is opened, as it cannot be read)
     */
    public record Material(PrivateKey key, List<X509Certificate> chain, Provider provider, boolean inToken) {
        Material(PrivateKey key, List<X509Certificate> chain) {
            this(key, chain, BouncyCastle.PROVIDER, false);
        }
    }

    private TsaKeys() {
    }

    /**
     * Reads a PEM private key (PKCS#8, encrypted PKCS#8 or SEC1) and a PEM chain, TSA certificate first.
     *
     * @param password password of an encrypted key, or null/empty
     */
    public static Material load(Path keyFile, String password, Path chainFile) {
        return new Material(KeyFiles.readKey(keyFile, password, "TSA"), KeyFiles.readChain(chainFile, MAX_CHAIN, "TSA"));
    }

    /**
     * A key in a PKCS#11 token ({@code keyless.ca.timestamp.signer.type=pkcs11}) with its chain from a PEM file.
     *
     * @param pin the user PIN; not kept, and cleared by the caller
     */
    public static Material loadPkcs11(Pkcs11Ca.Settings settings, char[] pin, Path chainFile) {
        List<X509Certificate> chain = KeyFiles.readChain(chainFile, MAX_CHAIN, "TSA");
        PublicKey leafKey = chain.get(0).getPublicKey();
        Pkcs11Ca.TokenKey token = Pkcs11Ca.open(settings, pin, leafKey, Pkcs11Ca.signatureAlgorithm(leafKey));
        return new Material(token.key(), chain, token.provider(), true);
    }

    /** The development TSA under {@code dataDir}, created first if it does not exist. */
    public static Material loadOrCreateDevelopment(Path dataDir, Clock clock) {
        createDevelopmentIfMissing(dataDir, clock);
        return load(keyFile(dataDir), null, chainFile(dataDir));
    }

    /** Creates the development TSA under {@code dataDir} if it does not exist yet; loads nothing. */
    public static void createDevelopmentIfMissing(Path dataDir, Clock clock) {
        Path dir = dataDir.resolve(DIRECTORY);
        try {
            if (!Files.exists(dir)) {
                create(dataDir, dir, clock);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the development TSA in " + dir, e);
        }
    }

    private static void create(Path dataDir, Path dir, Clock clock) throws IOException {
        SecureRandom random = new SecureRandom();
        KeyPair rootKey = PrivateKeys.generateEc(EcCurve.P384, random);
        KeyPair leafKey = PrivateKeys.generateEc(EcCurve.P256, random);
        Instant notBefore = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = notBefore.plus(LIFETIME);
        X500Name rootName = name("keyless development TSA root");
        X500Name leafName = name("keyless development TSA");
        X509Certificate root = certificate(rootName, rootName, rootKey, rootKey.getPrivate(), notBefore, notAfter, random,
                true, null);
        X509Certificate leaf = certificate(leafName, rootName, leafKey, rootKey.getPrivate(), notBefore, notAfter, random,
                false, CodeSigningProfile.keyIdentifier(rootKey.getPublic()));
        if (KeyFiles.createAtomically(dataDir, dir, KEY_FILE, leafKey.getPrivate(), CHAIN_FILE, List.of(leaf, root),
                Map.of(ROOT_KEY_FILE, rootKey.getPrivate()))) {
            log.info("created a development timestamp authority (P-384 root, P-256 leaf) in {}", dir);
        } else {
            log.info("a development timestamp authority appeared in {} meanwhile; using it", dir);
        }
    }

    /** The development TSA's key file under {@code dataDir}. */
    public static Path keyFile(Path dataDir) {
        return dataDir.resolve(DIRECTORY).resolve(KEY_FILE);
    }

    /** Its chain file, TSA certificate first. */
    public static Path chainFile(Path dataDir) {
        return dataDir.resolve(DIRECTORY).resolve(CHAIN_FILE);
    }

    /** Its root key (kept so that a rotation can issue a new TSA certificate under the same root). */
    public static Path rootKeyFile(Path dataDir) {
        return dataDir.resolve(DIRECTORY).resolve(ROOT_KEY_FILE);
    }

    /** A new TSA certificate for {@code key} under {@code rootCert}, with the profile of the first; until the root expires. */
    public static X509Certificate leaf(KeyPair key, X509Certificate rootCert, PrivateKey rootKey, String commonName,
            Instant notBefore) throws IOException {
        return certificate(name(commonName), X500Name.getInstance(rootCert.getSubjectX500Principal().getEncoded()), key,
                rootKey, notBefore, rootCert.getNotAfter().toInstant(), new SecureRandom(), false,
                CodeSigningProfile.keyIdentifier(rootCert.getPublicKey()));
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "keyless").addRDN(BCStyle.CN, commonName).build();
    }

    /** The root (a CA) or the leaf (digitalSignature, and timeStamping as its one critical extended key usage). */
    private static X509Certificate certificate(X500Name subject, X500Name issuer, KeyPair subjectKey, PrivateKey issuerKey,
            Instant notBefore, Instant notAfter, SecureRandom random, boolean ca, byte[] authorityKeyId)
            throws IOException {
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuer, new BigInteger(159, random).setBit(0),
                Date.from(notBefore), Date.from(notAfter), subject,
                SubjectPublicKeyInfo.getInstance(PublicKeys.toDer(subjectKey.getPublic())));
        if (ca) {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        }
        b.addExtension(Extension.subjectKeyIdentifier, false,
                new SubjectKeyIdentifier(CodeSigningProfile.keyIdentifier(subjectKey.getPublic())));
        if (authorityKeyId != null) {
            b.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(authorityKeyId));
        }
        try {
            return Certificates.parseDer(b.build(new JcaContentSignerBuilder("SHA384withECDSA").build(issuerKey)).getEncoded());
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign the development TSA certificate", e);
        }
    }
}
