package dev.keyless.ca.issuance;

import dev.keyless.ca.identity.Claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.keyless.ca.CaApplication;
import dev.keyless.ca.identity.EmailPrincipal;
import dev.keyless.ca.timestamp.TimestampAuthority;
import dev.keyless.ca.rotation.Reloadable;
import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.testing.TempDirs;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code keyless.ca.signer.type=pkcs11} against a real PKCS#11 module: SoftHSM with a token made for this run. Keys
 * are generated inside the token through SunPKCS11; the intermediate certificate is made for the token key by an
 * in-memory root and stored beside it (same {@code CKA_ID}), as the SunPKCS11 KeyStore requires.
 *
 * <p>SoftHSM reads its configuration from {@code SOFTHSM2_CONF} once per process, so failsafe sets that variable
 * (ca-service/pom.xml) and this test writes the file, with a fresh token directory, before the module is loaded. PIN
 * login state is per process and token too, hence the second token, never logged in, for the wrong-PIN case.
 */
@ExtendWith(OutputCaptureExtension.class)
class Pkcs11CaIT {
    static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    static final String PIN = "Zq7-user-pin";
    static final String WRONG_PIN = "Kx4-not-the-pin";
    static final String SO_PIN = "so-pin-8472";
    static final SecureRandom RANDOM = new SecureRandom();
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    static Path work;
    static long slot;
    static long otherSlot;
    static KeyPair root;
    static X509Certificate rootCert;
    static Path p384Chain;
    static Path mismatchedChain;
    static Path p256Chain;
    static Path rsaChain;
    static Path tsaChain;

    @BeforeAll
    static void createToken() throws Exception {
        requireSoftHsm();
        work = TempDirs.directory("keyless-pkcs11-it");
        Path tokens = Files.createDirectory(work.resolve("tokens"));
        Path conf = Path.of(System.getenv("SOFTHSM2_CONF"));
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        slot = initToken("keyless-it");
        otherSlot = initToken("keyless-it-other");

        root = PrivateKeys.generateEc(EcCurve.P384, RANDOM);
        rootCert = certificate("keyless it root", "keyless it root", root.getPublic(), root.getPrivate(), 1, false);

        Provider provider = Pkcs11Ca.provider(new Pkcs11Ca.Settings(LIBRARY, slot, null, null));
        KeyStore store = KeyStore.getInstance("PKCS11", provider);
        store.load(null, PIN.toCharArray());
        p384Chain = tokenKey(provider, store, "ca-p384", "EC", new ECGenParameterSpec("secp384r1"));
        p256Chain = tokenKey(provider, store, "ca-p256", "EC", new ECGenParameterSpec("secp256r1"));
        rsaChain = tokenKey(provider, store, "ca-rsa", "RSA", new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4));
        tsaChain = tsaKey(provider, store, "tsa-p256");

        KeyPair software = PrivateKeys.generateEc(EcCurve.P384, RANDOM);
        mismatchedChain = writeChain("software.pem", certificate("keyless it software intermediate", "keyless it root",
                software.getPublic(), root.getPrivate(), 0, true));
    }

    @Test
    void applicationIssuesWithTheTokenKey() throws Exception {
        try (ConfigurableApplicationContext app = start(Map.of("keyless.ca.signer.pkcs11.key-label", "ca-p384",
                "keyless.ca.signer.pkcs11.pin", PIN, "keyless.ca.signer.chain-file", p384Chain.toString()))) {
            assertThat(app.getBean("certificateAuthority", Reloadable.class).current()).hasToString(
                    "CertificateAuthority[CN=keyless it ca-p384, SHA384withECDSA, SunPKCS11-keyless-ca]");
            CertificateIssuer issuer = app.getBean(CertificateIssuer.class);
            KeyPair subject = PrivateKeys.generateEc(EcCurve.P256, RANDOM);
            List<X509Certificate> chain = issuer.issue(
                    new EmailPrincipal("https://issuer.example", "user-1", "alice@example.com", new Claims(Map.of())),
                    subject.getPublic());

            assertThat(chain).hasSize(3);
            assertThat(chain.subList(1, 3)).isEqualTo(Certificates.parsePemChain(Files.readString(p384Chain)));
            X509Certificate leaf = chain.get(0);
            assertThat(leaf.getSigAlgOID()).isEqualTo("1.2.840.10045.4.3.3"); // ecdsa-with-SHA384
            assertThat(leaf.getPublicKey().getEncoded()).isEqualTo(subject.getPublic().getEncoded());
            verifyPath(chain);
        }
    }

    /** The timestamp authority's key in the token too: its tokens verify with the TSA certificate of the chain. */
    @Test
    void theTimestampAuthoritySignsWithATokenKey() throws Exception {
        try (ConfigurableApplicationContext app = start(Map.of("keyless.ca.signer.pkcs11.key-label", "ca-p384",
                "keyless.ca.signer.pkcs11.pin", PIN, "keyless.ca.signer.chain-file", p384Chain.toString(),
                "keyless.ca.timestamp.signer.type", "pkcs11",
                "keyless.ca.timestamp.signer.pkcs11.library", LIBRARY.toString(),
                "keyless.ca.timestamp.signer.pkcs11.slot", Long.toString(slot),
                "keyless.ca.timestamp.signer.pkcs11.key-label", "tsa-p256",
                "keyless.ca.timestamp.signer.pkcs11.pin", PIN,
                "keyless.ca.timestamp.signer.chain-file", tsaChain.toString()))) {
            TimestampAuthority tsa = (TimestampAuthority) app.getBean("timestampAuthority", Reloadable.class).current();
            TimeStampRequestGenerator g = new TimeStampRequestGenerator();
            g.setCertReq(true);
            TimeStampRequest request = g.generate(TSPAlgorithms.SHA256, new byte[32], BigInteger.TEN);
            TimeStampResponse response = new TimeStampResponse(tsa.respond(request.getEncoded()));
            response.validate(request);
            X509Certificate leaf = Certificates.parsePemChain(Files.readString(tsaChain)).get(0);
            response.getTimeStampToken().validate(new JcaSimpleSignerInfoVerifierBuilder().build(leaf));
            assertThat(tsa.chain().get(0)).isEqualTo(leaf);
        }
    }

    @Test
    void wrongPinFailsStartupWithoutShowingThePin(CapturedOutput output) {
        assertThatThrownBy(() -> start(Map.of("keyless.ca.signer.pkcs11.slot", Long.toString(otherSlot),
                "keyless.ca.signer.pkcs11.pin", WRONG_PIN, "keyless.ca.signer.chain-file", p384Chain.toString())).close())
                .satisfies(e -> {
                    assertThat(messages(e)).anyMatch(m -> m.contains("PIN was refused") && m.contains("slot " + otherSlot));
                    assertThat(messages(e)).noneMatch(m -> m.contains(WRONG_PIN) || m.contains(PIN));
                });
        assertThat(output.getAll()).doesNotContain(WRONG_PIN).doesNotContain(PIN);
    }

    @Test
    void chainOfAnotherKeyFailsStartup() {
        assertThatThrownBy(() -> start(Map.of("keyless.ca.signer.pkcs11.key-label", "ca-p384",
                "keyless.ca.signer.pkcs11.pin", PIN, "keyless.ca.signer.chain-file", mismatchedChain.toString())).close())
                .satisfies(e -> assertThat(messages(e)).anyMatch(
                        m -> m.contains("PKCS#11 key 'ca-p384' does not match the first certificate of the chain")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ca-p256", "ca-rsa"})
    void otherKeyTypesSignToo(String label) throws Exception {
        Path chainFile = label.equals("ca-p256") ? p256Chain : rsaChain;
        CertificateAuthority ca = Pkcs11Ca.load(new Pkcs11Ca.Settings(LIBRARY, slot, null, label), PIN.toCharArray(),
                chainFile, Clock.systemUTC());
        CertificateIssuer issuer = new CertificateIssuer(ca,
                new CodeSigningProfile(Clock.systemUTC(), Duration.ofMinutes(10), RANDOM), CertificateTransparency.NONE);
        List<X509Certificate> chain = issuer.issue(
                new EmailPrincipal("https://issuer.example", "user-1", "bob@example.com", new Claims(Map.of())),
                PrivateKeys.generateEc(EcCurve.P256, RANDOM).getPublic());
        assertThat(chain.get(0).getSigAlgOID()).isEqualTo(label.equals("ca-p256") ? "1.2.840.10045.4.3.2" : "1.2.840.113549.1.1.11");
        verifyPath(chain);
    }

    @Test
    void unknownKeyLabelIsNamed() {
        assertThatThrownBy(() -> Pkcs11Ca.load(new Pkcs11Ca.Settings(LIBRARY, slot, null, "nope"), PIN.toCharArray(),
                p384Chain, Clock.systemUTC()))
                .hasMessageContaining("no PKCS#11 key labelled 'nope'").hasMessageContaining("ca-p384");
    }

    private static ConfigurableApplicationContext start(Map<String, String> signer) {
        // Command-line arguments: they win over application.yaml (builder "properties" are only defaults).
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--keyless.ca.data-dir=" + work.resolve("data"),
                "--keyless.ca.signer.type=pkcs11", "--keyless.ca.signer.pkcs11.library=" + LIBRARY,
                "--keyless.ca.ct.enabled=false"));
        if (!signer.containsKey("keyless.ca.signer.pkcs11.slot")) {
            args.add("--keyless.ca.signer.pkcs11.slot=" + slot);
        }
        signer.forEach((k, v) -> args.add("--" + k + "=" + v));
        return new SpringApplicationBuilder(CaApplication.class).run(args.toArray(String[]::new));
    }

    private static List<String> messages(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
            messages.add(t.toString());
        }
        return messages;
    }

    private static void verifyPath(List<X509Certificate> chain) throws Exception {
        X509Certificate last = chain.get(chain.size() - 1);
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(last, null)));
        params.setRevocationEnabled(false);
        params.setDate(new Date());
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(chain.subList(0, chain.size() - 1)), params);
        chain.get(0).verify(chain.get(1).getPublicKey());
    }

    /** Generates a key pair in the token and stores it with an intermediate certificate by the in-memory root. */
    private static Path tokenKey(Provider provider, KeyStore store, String label, String algorithm,
            AlgorithmParameterSpec spec) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm, provider);
        generator.initialize(spec);
        KeyPair pair = generator.generateKeyPair();
        PublicKey publicKey = PublicKeys.parseDer(pair.getPublic().getEncoded());
        X509Certificate intermediate = certificate("keyless it " + label, "keyless it root", publicKey, root.getPrivate(), 0, true);
        store.setKeyEntry(label, pair.getPrivate(), null, new Certificate[] {intermediate, rootCert});
        return writeChain(label + ".pem", intermediate);
    }

    /** A P-256 key in the token with a TSA certificate (timeStamping, critical) by the in-memory root. */
    private static Path tsaKey(Provider provider, KeyStore store, String label) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", provider);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        PublicKey publicKey = PublicKeys.parseDer(pair.getPublic().getEncoded());
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(new X500Name("CN=keyless it root"),
                new BigInteger(64, RANDOM).setBit(0), Date.from(NOW.minus(Duration.ofHours(1))),
                Date.from(NOW.plus(Duration.ofDays(30))), new X500Name("CN=keyless it " + label),
                SubjectPublicKeyInfo.getInstance(publicKey.getEncoded()));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        X509Certificate leaf = Certificates.parseDer(
                b.build(new JcaContentSignerBuilder("SHA384withECDSA").build(root.getPrivate())).getEncoded());
        store.setKeyEntry(label, pair.getPrivate(), null, new Certificate[] {leaf, rootCert});
        return writeChain(label + ".pem", leaf);
    }

    private static Path writeChain(String name, X509Certificate intermediate) throws IOException {
        Path file = work.resolve(name);
        Files.writeString(file, Certificates.chainToPem(List.of(intermediate, rootCert)), StandardCharsets.US_ASCII);
        return file;
    }

    private static X509Certificate certificate(String subject, String issuer, PublicKey subjectKey, PrivateKey issuerKey,
            int pathLen, boolean codeSigning) throws Exception {
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(new X500Name("CN=" + issuer),
                new BigInteger(64, RANDOM).setBit(0), Date.from(NOW.minus(Duration.ofHours(1))),
                Date.from(NOW.plus(Duration.ofDays(30))), new X500Name("CN=" + subject),
                SubjectPublicKeyInfo.getInstance(subjectKey.getEncoded()));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        if (codeSigning) {
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new AuthorityKeyIdentifier(CodeSigningProfile.keyIdentifier(root.getPublic())));
        }
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLen));
        b.addExtension(Extension.subjectKeyIdentifier, false,
                new SubjectKeyIdentifier(CodeSigningProfile.keyIdentifier(subjectKey)));
        return Certificates.parseDer(b.build(new JcaContentSignerBuilder("SHA384withECDSA").build(issuerKey)).getEncoded());
    }

    /** Fails (never skips) when SoftHSM is missing: CI installs it (.ci/run). */
    private static void requireSoftHsm() {
        if (!Files.isReadable(LIBRARY) || !onPath("softhsm2-util")) {
            fail("SoftHSM is not installed (" + LIBRARY + ", softhsm2-util): apt-get install softhsm2");
        }
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null || conf.isBlank()) {
            fail("SOFTHSM2_CONF is not set: run this test through Maven failsafe (ca-service/pom.xml sets it), "
                    + "never against the system token directory");
        }
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** softhsm2-util --init-token --free; returns the slot ID it reassigns the new token to. */
    private static long initToken(String label) throws Exception {
        Process p = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", SO_PIN,
                "--pin", PIN).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("softhsm2-util --init-token failed: " + out);
        }
        Matcher m = Pattern.compile("reassigned to slot (\\d+)").matcher(out);
        if (!m.find()) {
            fail("no slot in softhsm2-util output: " + out);
        }
        return Long.parseLong(m.group(1));
    }
}
