package dev.keyless.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.encoding.Hex;
import dev.keyless.common.encoding.Pem;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Base64;
import org.assertj.core.api.Assertions;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PrivateKeysTest {
    private static final int FAST_ITERATIONS = 1000;

    @Test
    void opensslSec1Pkcs8AndEncryptedPkcs8AllYieldTheSameKey() throws Exception {
        ECPrivateKey sec1 = (ECPrivateKey) PrivateKeys.parsePem(TestKeys.OPENSSL_SEC1);
        ECPrivateKey pkcs8 = (ECPrivateKey) PrivateKeys.parsePem(TestKeys.OPENSSL_PKCS8);
        ECPrivateKey decrypted = (ECPrivateKey) PrivateKeys.parsePem(TestKeys.OPENSSL_ENCRYPTED, TestKeys.OPENSSL_PASSWORD.toCharArray());
        assertThat(sec1.getS()).isEqualTo(pkcs8.getS()).isEqualTo(decrypted.getS());
        assertThat(EcCurve.of(sec1.getParams())).contains(EcCurve.P256);

        // The private key belongs to OpenSSL's public key: a signature made with it verifies under that key.
        PublicKey pub = PublicKeys.parsePem(TestKeys.OPENSSL_PUBLIC);
        EcdsaSigner signer = EcdsaSigner.of(new KeyPair(pub, decrypted));
        SignatureVerifier.verifyMessage(pub, SigningAlgorithm.ECDSA_P256_SHA256, new byte[] {1}, signer.sign(new byte[] {1}));
    }

    @Test
    void opensslEd25519KeyMatchesItsPublicKey() {
        PrivateKey key = PrivateKeys.parsePem(TestKeys.OPENSSL_ED25519_PRIVATE);
        PublicKey pub = PublicKeys.parsePem(TestKeys.OPENSSL_ED25519_PUBLIC);
        Ed25519Signer signer = Ed25519Signer.of(new KeyPair(pub, key));
        assertThat(signer.algorithm()).isEqualTo(SigningAlgorithm.ED25519);
    }

    @Test
    void parsePemWhenEncryptedWithoutPasswordThenAsksForOne() {
        assertThatThrownBy(() -> PrivateKeys.parsePem(TestKeys.OPENSSL_ENCRYPTED))
                .isInstanceOf(CryptoParseException.class).hasMessageContaining("password is required");
    }

    @Test
    void parsePemWhenWrongPasswordThenClearErrorWithoutSecrets() {
        String password = "wrong-horse-battery";
        assertThatThrownBy(() -> PrivateKeys.parsePem(TestKeys.OPENSSL_ENCRYPTED, password.toCharArray()))
                .isInstanceOf(CryptoParseException.class)
                .hasMessageContaining("wrong password")
                .hasNoCause()
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain(password).doesNotContain(TestKeys.OPENSSL_PASSWORD);
                    BigInteger s = ((ECPrivateKey) PrivateKeys.parsePem(TestKeys.OPENSSL_PKCS8)).getS();
                    assertThat(e.getMessage()).doesNotContain(s.toString(16)).doesNotContain(s.toString());
                });
    }

    @ParameterizedTest
    @EnumSource(value = EcCurve.class, names = {"P256", "P384"})
    void encryptedPemRoundTripsGeneratedEcKeys(EcCurve curve) {
        KeyPair pair = TestKeys.ec(curve);
        char[] password = "s3cret".toCharArray();
        String pem = PrivateKeys.toEncryptedPem(pair.getPrivate(), password, TestKeys.random(), FAST_ITERATIONS);
        assertThat(pem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n");
        ECPrivateKey back = (ECPrivateKey) PrivateKeys.parsePem(pem, password);
        assertThat(back.getS()).isEqualTo(((ECPrivateKey) pair.getPrivate()).getS());
        assertThatThrownBy(() -> PrivateKeys.parsePem(pem, "s3creT".toCharArray())).hasMessageContaining("wrong password");
    }

    @Test
    void encryptedPemWithDefaultIterationsUsesPbes2AesAndPbkdf2Sha256() {
        KeyPair pair = TestKeys.ed25519();
        char[] password = "correct-horse".toCharArray();
        String pem = PrivateKeys.toEncryptedPem(pair.getPrivate(), password, TestKeys.random());
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        String hex = Hex.encode(der);
        assertThat(hex)
                .contains("2a864886f70d01050d") // id-PBES2
                .contains("2a864886f70d01050c") // id-PBKDF2
                .contains("2a864886f70d0209") // hmacWithSHA256
                .contains("60864801650304012a") // aes256-CBC (2.16.840.1.101.3.4.1.42)
                .contains("02030927c0"); // INTEGER 600000
        assertThat(Ed25519Signer.of(new KeyPair(pair.getPublic(), PrivateKeys.parsePem(pem, password)))).isNotNull();
    }

    @Test
    void unencryptedPemRoundTripsAllKeyTypes() {
        for (KeyPair pair : new KeyPair[] {TestKeys.ec(EcCurve.P384), TestKeys.ed25519(), TestKeys.rsa(2048)}) {
            String pem = PrivateKeys.toPem(pair.getPrivate());
            assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n");
            assertThat(PrivateKeys.parsePem(pem).getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
            assertThat(PrivateKeys.parsePem(pem, "ignored".toCharArray()).getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
        }
    }

    @Test
    void parsePemWhenPkcs1RsaThenSameKey() throws Exception {
        RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) TestKeys.rsa(2048).getPrivate();
        byte[] pkcs1 = PrivateKeyInfo.getInstance(rsa.getEncoded()).parsePrivateKey().toASN1Primitive().getEncoded();
        var parsed = (RSAPrivateCrtKey) PrivateKeys.parsePem(Pem.encode("RSA PRIVATE KEY", pkcs1));
        assertThat(parsed.getPrivateExponent()).isEqualTo(rsa.getPrivateExponent());
        assertThat(parsed.getModulus()).isEqualTo(rsa.getModulus());
    }

    @Test
    void parsePemWhenUnsupportedTypeOrCurveThenRejected() throws Exception {
        assertThatThrownBy(() -> PrivateKeys.parsePem(TestKeys.OPENSSL_PKCS8.replace("PRIVATE KEY", "DSA PRIVATE KEY")))
                .hasMessageContaining("\"DSA PRIVATE KEY\"");
        // SEC1 structures built here: one on secp256k1 (OID 1.3.132.0.10), one without curve parameters.
        var k1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, BigInteger.TEN, SECObjectIdentifiers.secp256k1);
        String pem = Pem.encode("EC PRIVATE KEY", k1.getEncoded());
        assertThatThrownBy(() -> PrivateKeys.parsePem(pem)).hasMessageContaining("1.3.132.0.10");
        var noCurve = new org.bouncycastle.asn1.sec.ECPrivateKey(256, BigInteger.TEN, null);
        assertThatThrownBy(() -> PrivateKeys.parsePem(Pem.encode("EC PRIVATE KEY", noCurve.getEncoded())))
                .hasMessageContaining("name its curve");
    }

    @Test
    void generatedKeysHaveTheRequestedShape() {
        assertThat(SigningAlgorithm.of(TestKeys.ec(EcCurve.P256).getPublic(), HashAlgorithm.SHA256)).contains(SigningAlgorithm.ECDSA_P256_SHA256);
        assertThat(SigningAlgorithm.of(TestKeys.ec(EcCurve.P384).getPublic(), HashAlgorithm.SHA384)).contains(SigningAlgorithm.ECDSA_P384_SHA384);
        assertThat(SigningAlgorithm.of(TestKeys.ed25519().getPublic(), HashAlgorithm.SHA512)).contains(SigningAlgorithm.ED25519PH);
    }

    @Test
    void toEncryptedPemWhenEmptyPasswordThenRejected() {
        PrivateKey key = TestKeys.ed25519().getPrivate();
        assertThatThrownBy(() -> PrivateKeys.toEncryptedPem(key, new char[0], TestKeys.random())).hasMessageContaining("password is empty");
    }

    @Test
    void publicKeyOfDerivesTheMatchingPublicKey() {
        SecureRandom random = new SecureRandom();
        for (EcCurve curve : EcCurve.values()) {
            KeyPair pair = PrivateKeys.generateEc(curve, random);
            Assertions.assertThat(PublicKeys.toDer(PrivateKeys.publicKeyOf(pair.getPrivate())))
                    .isEqualTo(PublicKeys.toDer(pair.getPublic()));
            // Round trip through a PEM file, as a log key is loaded.
            PrivateKey reloaded = PrivateKeys.parsePem(PrivateKeys.toPem(pair.getPrivate()));
            Assertions.assertThat(PublicKeys.toDer(PrivateKeys.publicKeyOf(reloaded)))
                    .isEqualTo(PublicKeys.toDer(pair.getPublic()));
        }
        KeyPair ed = PrivateKeys.generateEd25519(random);
        Assertions.assertThat(PublicKeys.toDer(PrivateKeys.publicKeyOf(ed.getPrivate())))
                .isEqualTo(PublicKeys.toDer(ed.getPublic()));
    }
}
