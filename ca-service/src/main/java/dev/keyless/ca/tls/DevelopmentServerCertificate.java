package dev.keyless.ca.tls;

import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.PublicKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development TLS server certificate: a self-signed P-256 certificate (serverAuth, SAN {@code localhost},
 * {@code 127.0.0.1}, {@code ::1} and the configured host names) made on first start and kept in
 * {@code <dataDir>/dev-tls/} ({@value #CERTIFICATE_FILE}, and {@value #KEY_FILE} with mode 0600), so clients that
 * trust it keep trusting it across restarts. It is made again only when a configured host name is missing from it,
 * it expires within a day, or the files do not match.
 */
public final class DevelopmentServerCertificate {
    private static final Logger log = LoggerFactory.getLogger(DevelopmentServerCertificate.class);
    public static final String DIRECTORY = "dev-tls";
    public static final String CERTIFICATE_FILE = "server-cert.pem";
    public static final String KEY_FILE = "server-key.pem";
    static final List<String> DEFAULT_HOSTS = List.of("localhost", "127.0.0.1", "::1");
    private static final Duration LIFETIME = Duration.ofDays(397);
    private static final Duration RENEW_BEFORE = Duration.ofDays(1);
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private DevelopmentServerCertificate() {
    }

    /** The directory under {@code dataDir} that holds the certificate. */
    public static Path directory(Path dataDir) {
        return dataDir.resolve(DIRECTORY);
    }

    /** Loads the certificate under {@code dataDir}, making it first if it is absent or unfit. */
    public static ServerCredentials loadOrCreate(Path dataDir, Collection<String> hostNames, Clock clock) {
        Path dir = directory(dataDir);
        Path certificateFile = dir.resolve(CERTIFICATE_FILE);
        Path keyFile = dir.resolve(KEY_FILE);
        Set<String> hosts = new LinkedHashSet<>(DEFAULT_HOSTS);
        hostNames.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).forEach(hosts::add);
        try {
            if (Files.exists(certificateFile) && Files.exists(keyFile)) {
                String unfit = unfit(keyFile, certificateFile, hosts, clock.instant());
                if (unfit == null) {
                    log.info("TLS: development server certificate {}", certificateFile);
                    return ServerCredentials.load(keyFile, null, certificateFile);
                }
                log.info("TLS: making a new development server certificate: the one in {} {}", dir, unfit);
            }
            ServerCredentials created = create(hosts, clock.instant());
            write(dir, created);
            log.info("TLS: made a self-signed development server certificate for {}: {} (trust it in clients)", hosts,
                    certificateFile);
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the development TLS certificate in " + dir, e);
        }
    }

    /** @return why the stored certificate cannot be used, or null if it can */
    private static String unfit(Path keyFile, Path certificateFile, Set<String> hosts, Instant now) {
        ServerCredentials stored;
        try {
            stored = ServerCredentials.load(keyFile, null, certificateFile);
        } catch (RuntimeException e) {
            return "cannot be loaded (" + e.getMessage() + ")";
        }
        X509Certificate certificate = stored.chain().get(0);
        if (certificate.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))) {
            return "expires at " + certificate.getNotAfter().toInstant();
        }
        Set<String> covered = subjectAltNames(certificate);
        for (String host : hosts) {
            if (!covered.contains(normalize(host))) {
                return "does not name " + host;
            }
        }
        return null;
    }

    static ServerCredentials create(Collection<String> hosts, Instant now) {
        SecureRandom random = new SecureRandom();
        KeyPair key = PrivateKeys.generateEc(EcCurve.P256, random);
        Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(5));
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "keyless")
                .addRDN(BCStyle.CN, "keyless ca-service development TLS").build();
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(PublicKeys.toDer(key.getPublic()));
        List<GeneralName> names = new ArrayList<>();
        for (String host : hosts) {
            names.add(isIpLiteral(host) ? new GeneralName(GeneralName.iPAddress, host) : new GeneralName(GeneralName.dNSName, host));
        }
        try {
            X509v3CertificateBuilder b = new X509v3CertificateBuilder(name, new BigInteger(159, random).setBit(0),
                    Date.from(notBefore), Date.from(notBefore.plus(LIFETIME)), name, spki);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            SubjectKeyIdentifier skid = new BcX509ExtensionUtils().createSubjectKeyIdentifier(spki);
            b.addExtension(Extension.subjectKeyIdentifier, false, skid);
            X509Certificate certificate = Certificates.parseDer(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())).getEncoded());
            return new ServerCredentials(key.getPrivate(), List.of(certificate));
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the development TLS certificate", e);
        }
    }

    /** Writes the key (0600) before the certificate, each through a temporary file; a torn pair fails the key check. */
    private static void write(Path dir, ServerCredentials credentials) throws IOException {
        Files.createDirectories(dir);
        Path keyTmp = Files.createTempFile(dir, KEY_FILE, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Path certificateTmp = Files.createTempFile(dir, CERTIFICATE_FILE, ".tmp");
        try {
            Files.writeString(keyTmp, PrivateKeys.toPem(credentials.key()), StandardCharsets.US_ASCII);
            Files.writeString(certificateTmp, Certificates.chainToPem(credentials.chain()), StandardCharsets.US_ASCII);
            Files.move(keyTmp, dir.resolve(KEY_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.move(certificateTmp, dir.resolve(CERTIFICATE_FILE), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(keyTmp);
            Files.deleteIfExists(certificateTmp);
        }
    }

    /** DNS names (lower case) and IP addresses (canonical text) the certificate names. */
    static Set<String> subjectAltNames(X509Certificate certificate) {
        Set<String> names = new LinkedHashSet<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == SAN_DNS || type == SAN_IP) {
                        names.add(normalize((String) san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return Set.of();
        }
        return names;
    }

    private static String normalize(String host) {
        if (isIpLiteral(host)) {
            try {
                return InetAddress.getByName(host).getHostAddress(); // a literal: no lookup
            } catch (UnknownHostException e) {
                return host;
            }
        }
        return host.toLowerCase(Locale.ROOT);
    }

    static boolean isIpLiteral(String host) {
        return IPV4.matcher(host).matches() || host.contains(":");
    }
}
