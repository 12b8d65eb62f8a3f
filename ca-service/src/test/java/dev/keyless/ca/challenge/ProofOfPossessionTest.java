package dev.keyless.ca.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.ca.challenge.ChallengeException.Reason;
import dev.keyless.ca.identity.Claims;
import dev.keyless.ca.identity.EmailPrincipal;
import dev.keyless.ca.identity.KubernetesPrincipal;
import dev.keyless.ca.identity.Principal;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.encoding.Pem;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProofOfPossessionTest {
    static final BouncyCastleProvider BC = new BouncyCastleProvider();
    static final Principal EMAIL = new EmailPrincipal("https://issuer", "user-123", "alice@example.com", new Claims(Map.of()));
    static final Principal WORKLOAD = new KubernetesPrincipal("https://issuer", "system:serviceaccount:ns:sa", "ns", "sa",
            new Claims(Map.of()));

    static KeyPair ec(String curve) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    static KeyPair rsa(int bits) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return g.generateKeyPair();
    }

    static KeyPair ed25519() throws GeneralSecurityException {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    static byte[] sign(String algorithm, PrivateKey key, String message) throws GeneralSecurityException {
        Signature s = Signature.getInstance(algorithm);
        s.initSign(key);
        s.update(message.getBytes(StandardCharsets.UTF_8));
        return s.sign();
    }

    /** sigstore-js: 64-column PEM with trailing newline. */
    static byte[] jsPem(KeyPair pair) {
        return PublicKeys.toPem(pair.getPublic()).getBytes(StandardCharsets.UTF_8);
    }

    /** sigstore-java: one base64 line, no trailing newline. */
    static byte[] javaPem(KeyPair pair) {
        return ("-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----").getBytes(StandardCharsets.UTF_8);
    }

    /** An RSA key as a PKCS#1 {@code RSA PUBLIC KEY} block, which Fulcio's key parser also takes. */
    static byte[] pkcs1Pem(KeyPair pair) {
        byte[] pkcs1 = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()).getPublicKeyData().getBytes();
        return Pem.encode("RSA PUBLIC KEY", pkcs1).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void malformedOrWeakPkcs1RsaKeysAreRefused() throws Exception {
        byte[] pkcs1 = SubjectPublicKeyInfo.getInstance(rsa(2048).getPublic().getEncoded()).getPublicKeyData().getBytes();
        byte[] trailing = Arrays.copyOf(pkcs1, pkcs1.length + 1);
        byte[] truncated = Arrays.copyOf(pkcs1, pkcs1.length - 1);
        for (byte[] bad : List.of(trailing, truncated, new byte[] {0x30, 0x00})) {
            assertReason(() -> SubjectKeys.parseContent(Pem.encode("RSA PUBLIC KEY", bad).getBytes(StandardCharsets.UTF_8)),
                    Reason.KEY_UNPARSEABLE);
        }
        // An EC key's SPKI under the PKCS#1 label is not an RSAPublicKey.
        assertReason(() -> SubjectKeys.parseContent(Pem.encode("RSA PUBLIC KEY", ec("secp256r1").getPublic().getEncoded())
                .getBytes(StandardCharsets.UTF_8)), Reason.KEY_UNPARSEABLE);
        assertReason(() -> SubjectKeys.parseContent(pkcs1Pem(rsa(1024))), Reason.KEY_INSECURE);
    }

    static Stream<Arguments> acceptedKeys() throws GeneralSecurityException {
        return Stream.of(
                Arguments.of("P-256 DER sig, js PEM", ec("secp256r1"), "SHA256withECDSA", "js"),
                Arguments.of("P-256 DER sig, java one-line PEM", ec("secp256r1"), "SHA256withECDSA", "java"),
                Arguments.of("P-256 DER sig, raw DER key", ec("secp256r1"), "SHA256withECDSA", "der"),
                Arguments.of("P-256 P1363 sig", ec("secp256r1"), "SHA256withECDSAinP1363Format", "js"),
                Arguments.of("P-384", ec("secp384r1"), "SHA384withECDSA", "js"),
                Arguments.of("P-521", ec("secp521r1"), "SHA512withECDSA", "js"),
                Arguments.of("RSA-2048", rsa(2048), "SHA256withRSA", "js"),
                Arguments.of("RSA-3072", rsa(3072), "SHA256withRSA", "java"),
                Arguments.of("RSA-4096", rsa(4096), "SHA256withRSA", "js"),
                Arguments.of("RSA-2048, PKCS#1 PEM", rsa(2048), "SHA256withRSA", "pkcs1"),
                Arguments.of("Ed25519", ed25519(), "Ed25519", "js"));
    }

    private static byte[] content(KeyPair pair, String form) {
        return switch (form) {
            case "js" -> jsPem(pair);
            case "java" -> javaPem(pair);
            case "pkcs1" -> pkcs1Pem(pair);
            default -> pair.getPublic().getEncoded();
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedKeys")
    void signatureOverPrincipalNameIsAccepted(String name, KeyPair pair, String algorithm, String form) throws Exception {
        byte[] sig = sign(algorithm, pair.getPrivate(), WORKLOAD.name());
        assertThat(ProofOfPossession.verifySignedChallenge(content(pair, form), sig, WORKLOAD).getEncoded())
                .isEqualTo(pair.getPublic().getEncoded());
    }

    @Test
    void emailPrincipalAcceptsSignatureOverEmailOrSub() throws Exception {
        KeyPair pair = ec("secp256r1");
        ProofOfPossession.verifySignedChallenge(jsPem(pair), sign("SHA256withECDSA", pair.getPrivate(), "alice@example.com"), EMAIL);
        ProofOfPossession.verifySignedChallenge(javaPem(pair), sign("SHA256withECDSA", pair.getPrivate(), "user-123"), EMAIL);
    }

    @Test
    void signatureOverAnythingElseIsRefused() throws Exception {
        KeyPair pair = ec("secp256r1");
        byte[] sig = sign("SHA256withECDSA", pair.getPrivate(), "someone-else");
        assertReason(() -> ProofOfPossession.verifySignedChallenge(jsPem(pair), sig, EMAIL), Reason.SIGNATURE_INVALID);
        assertReason(() -> ProofOfPossession.verifySignedChallenge(jsPem(pair), new byte[0], EMAIL), Reason.SIGNATURE_INVALID);
        byte[] otherKeySig = sign("SHA256withECDSA", ec("secp256r1").getPrivate(), WORKLOAD.name());
        assertReason(() -> ProofOfPossession.verifySignedChallenge(jsPem(pair), otherKeySig, WORKLOAD), Reason.SIGNATURE_INVALID);
    }

    @Test
    void weakOrUnknownKeysAreRefused() throws Exception {
        KeyPair rsa1024 = rsa(1024);
        assertReason(() -> ProofOfPossession.verifySignedChallenge(jsPem(rsa1024),
                sign("SHA256withRSA", rsa1024.getPrivate(), "x"), WORKLOAD), Reason.KEY_INSECURE);
        KeyPairGenerator p224 = KeyPairGenerator.getInstance("EC", BC);
        p224.initialize(new ECGenParameterSpec("secp224r1"));
        byte[] p224Der = p224.generateKeyPair().getPublic().getEncoded();
        assertReason(() -> SubjectKeys.parseDer(p224Der), Reason.KEY_INSECURE);
        byte[] ed448 = KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPublic().getEncoded();
        assertReason(() -> SubjectKeys.parseDer(ed448), Reason.KEY_UNPARSEABLE);
        assertReason(() -> SubjectKeys.parseContent("garbage".getBytes(StandardCharsets.UTF_8)), Reason.KEY_UNPARSEABLE);
        assertReason(() -> SubjectKeys.parseContent(Pem.encode("CERTIFICATE", new byte[] {1, 2}).getBytes(StandardCharsets.UTF_8)),
                Reason.KEY_UNPARSEABLE);
    }

    static String csr(KeyPair pair, String algorithm) throws Exception {
        PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=ignored"), pair.getPublic())
                .build(new JcaContentSignerBuilder(algorithm).build(pair.getPrivate()));
        return Pem.encode("CERTIFICATE REQUEST", csr.getEncoded());
    }

    @Test
    void csrWithValidSelfSignatureYieldsItsKey() throws Exception {
        for (KeyPair pair : new KeyPair[] {ec("secp256r1"), ec("secp384r1"), rsa(2048), ed25519()}) {
            String alg = switch (pair.getPublic().getAlgorithm()) {
                case "EC" -> pair.getPublic().getEncoded().length > 100 ? "SHA384withECDSA" : "SHA256withECDSA";
                case "RSA" -> "SHA256withRSA";
                default -> "Ed25519";
            };
            byte[] pem = csr(pair, alg).getBytes(StandardCharsets.UTF_8);
            assertThat(ProofOfPossession.verifyCsr(pem).getEncoded()).isEqualTo(pair.getPublic().getEncoded());
        }
        KeyPair pair = ec("secp256r1");
        String legacyType = csr(pair, "SHA256withECDSA").replace("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");
        assertThat(ProofOfPossession.verifyCsr(legacyType.getBytes(StandardCharsets.UTF_8))).isNotNull();
    }

    @Test
    void csrProblemsAreRefused() throws Exception {
        KeyPair pair = ec("secp256r1");
        // P-256 with SHA-384 verifies, but is not a permitted (key, hash) pair.
        byte[] mismatched = csr(pair, "SHA384withECDSA").getBytes(StandardCharsets.UTF_8);
        assertReason(() -> ProofOfPossession.verifyCsr(mismatched), Reason.ALGORITHM_NOT_PERMITTED);
        byte[] der = Pem.decodeSingle(csr(pair, "SHA256withECDSA"), "CERTIFICATE REQUEST");
        der[der.length - 5] ^= 1; // inside the signature
        byte[] tampered = Pem.encode("CERTIFICATE REQUEST", der).getBytes(StandardCharsets.UTF_8);
        assertReason(() -> ProofOfPossession.verifyCsr(tampered), Reason.SIGNATURE_INVALID);
        byte[] wrongType = csr(pair, "SHA256withECDSA").replace("CERTIFICATE REQUEST", "CERTIFICATE").getBytes(StandardCharsets.UTF_8);
        assertReason(() -> ProofOfPossession.verifyCsr(wrongType), Reason.CSR_UNPARSEABLE);
        assertReason(() -> ProofOfPossession.verifyCsr("nonsense".getBytes(StandardCharsets.UTF_8)), Reason.CSR_UNPARSEABLE);
        KeyPair rsa1024 = rsa(1024);
        byte[] weak = csr(rsa1024, "SHA256withRSA").getBytes(StandardCharsets.UTF_8);
        assertReason(() -> ProofOfPossession.verifyCsr(weak), Reason.KEY_INSECURE);
    }

    private static void assertReason(ThrowableAssert.ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ChallengeException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
