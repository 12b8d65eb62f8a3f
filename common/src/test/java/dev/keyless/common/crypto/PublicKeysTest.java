package dev.keyless.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.encoding.Hex;
import dev.keyless.common.encoding.Pem;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PublicKeysTest {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    @Test
    void rekorPublicKeyRoundTripsByteForByte() {
        PublicKey key = PublicKeys.parsePem(TestKeys.REKOR_PUBLIC);
        assertThat(key.getAlgorithm()).isEqualTo("EC");
        assertThat(PublicKeys.toPem(key)).isEqualTo(TestKeys.REKOR_PUBLIC);
        assertThat(PublicKeys.toDer(key)).isEqualTo(Pem.decodeSingle(TestKeys.REKOR_PUBLIC, "PUBLIC KEY"));
    }

    @Test
    void opensslEd25519PublicKeyRoundTrips() {
        PublicKey key = PublicKeys.parsePem(TestKeys.OPENSSL_ED25519_PUBLIC);
        assertThat(PublicKeys.toPem(key)).isEqualTo(TestKeys.OPENSSL_ED25519_PUBLIC);
        assertThat(PublicKeys.ed25519Raw(key)).hasSize(32);
        assertThat(PublicKeys.ed25519FromRaw(PublicKeys.ed25519Raw(key))).isEqualTo(key);
    }

    @ParameterizedTest
    @EnumSource(EcCurve.class)
    void toDerWhenBouncyCastleEcKeyThenSameBytesAsJdkKey(EcCurve curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
        g.initialize(new ECGenParameterSpec(curve.jcaName()));
        PublicKey bcKey = g.generateKeyPair().getPublic();
        PublicKey jdkKey = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(bcKey.getEncoded()));

        byte[] der = PublicKeys.toDer(bcKey);
        assertThat(der).isEqualTo(PublicKeys.toDer(jdkKey)).isEqualTo(jdkKey.getEncoded());
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(der);
        assertThat(spki.getAlgorithm().getParameters()).isEqualTo(curve.oid());
        assertThat(PublicKeys.parseDer(der)).isEqualTo(jdkKey);
    }

    @Test
    void toDerWhenBouncyCastleEd25519KeyThenStandardSpki() throws Exception {
        PublicKey bcKey = KeyPairGenerator.getInstance("Ed25519", BC).generateKeyPair().getPublic();
        byte[] der = PublicKeys.toDer(bcKey);
        // RFC 8410 §4: SEQUENCE { SEQUENCE { OID 1.3.101.112 } BIT STRING (32 bytes) }, no parameters.
        assertThat(Hex.encode(Arrays.copyOf(der, 12))).isEqualTo("302a300506032b6570032100");
        assertThat(der).hasSize(44);
        assertThat(PublicKeys.toDer(PublicKeys.parseDer(der))).isEqualTo(der);
        PublicKey jdk = PrivateKeys.generateEd25519(TestKeys.random()).getPublic();
        assertThat(PublicKeys.toDer(jdk)).isEqualTo(jdk.getEncoded());
    }

    @Test
    void parseDerWhenRsaThenRoundTrips() {
        KeyPair rsa = TestKeys.rsa(2048);
        byte[] der = PublicKeys.toDer(rsa.getPublic());
        assertThat(der).isEqualTo(rsa.getPublic().getEncoded());
        assertThat(PublicKeys.parseDer(der)).isEqualTo(rsa.getPublic());
    }

    @Test
    void parseDerWhenExplicitCurveParametersThenRejected() throws Exception {
        var x9 = CustomNamedCurves.getByOID(SECObjectIdentifiers.secp256r1);
        byte[] point = x9.getG().getEncoded(false);
        byte[] der = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, new X962Parameters(x9)), point)
                .getEncoded(ASN1Encoding.DER);
        assertThatThrownBy(() -> PublicKeys.parseDer(der)).isInstanceOf(CryptoParseException.class).hasMessageContaining("explicit");
    }

    @Test
    void parseDerWhenUnsupportedCurveThenRejected() throws Exception {
        byte[] point = CustomNamedCurves.getByOID(SECObjectIdentifiers.secp256k1).getG().getEncoded(false);
        byte[] der = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp256k1), point)
                .getEncoded(ASN1Encoding.DER);
        assertThatThrownBy(() -> PublicKeys.parseDer(der)).hasMessageContaining("1.3.132.0.10").hasMessageContaining("not supported");
    }

    @Test
    void parseDerWhenCompressedOrOffCurvePointThenRejected() throws Exception {
        byte[] good = Pem.decodeSingle(TestKeys.REKOR_PUBLIC, "PUBLIC KEY");
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(good);
        byte[] point = spki.getPublicKeyData().getOctets();
        var compressed = CustomNamedCurves.getByOID(SECObjectIdentifiers.secp256r1).getCurve().decodePoint(point).getEncoded(true);
        byte[] compressedDer = new SubjectPublicKeyInfo(spki.getAlgorithm(), compressed).getEncoded(ASN1Encoding.DER);
        assertThatThrownBy(() -> PublicKeys.parseDer(compressedDer)).hasMessageContaining("has 33 bytes, want 65");

        byte[] offCurve = good.clone();
        offCurve[offCurve.length - 1] ^= 1;
        assertThatThrownBy(() -> PublicKeys.parseDer(offCurve)).isInstanceOf(CryptoParseException.class);
    }

    @Test
    void parseDerWhenTrailingOrNonMinimalLengthThenRejected() {
        byte[] good = Pem.decodeSingle(TestKeys.REKOR_PUBLIC, "PUBLIC KEY");
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> PublicKeys.parseDer(trailing)).isInstanceOf(CryptoParseException.class);

        // 30 59 ... re-encoded with a long-form length 30 81 59 ...: valid BER, invalid DER.
        byte[] ber = new byte[good.length + 1];
        ber[0] = 0x30;
        ber[1] = (byte) 0x81;
        System.arraycopy(good, 1, ber, 2, good.length - 1);
        assertThatThrownBy(() -> PublicKeys.parseDer(ber)).isInstanceOf(CryptoParseException.class);
    }

    @Test
    void parseDerWhenRsaWithoutNullParametersThenRejected() throws Exception {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(TestKeys.rsaPublicOfSize("RSA", 2048).getEncoded());
        byte[] der = new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption), spki.getPublicKeyData().getOctets())
                .getEncoded(ASN1Encoding.DER);
        assertThatThrownBy(() -> PublicKeys.parseDer(der)).hasMessageContaining("NULL");
    }

    @Test
    void parseDerWhenOtherAlgorithmThenRejectedWithItsOid() throws Exception {
        PublicKey x25519 = KeyPairGenerator.getInstance("X25519").generateKeyPair().getPublic();
        assertThatThrownBy(() -> PublicKeys.parseDer(x25519.getEncoded()))
                .isInstanceOf(CryptoParseException.class)
                .hasMessageContaining("1.3.101.110");
        PublicKey pss = TestKeys.rsaPublicOfSize("RSASSA-PSS", 2048);
        assertThatThrownBy(() -> PublicKeys.parseDer(pss.getEncoded())).hasMessageContaining("1.2.840.113549.1.1.10");
        assertThatThrownBy(() -> PublicKeys.toDer(x25519)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseDerWhenGarbageThenParseExceptionOnly() {
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            byte[] junk = new byte[random.nextInt(100)];
            random.nextBytes(junk);
            if (junk.length > 0 && i % 2 == 0) {
                junk[0] = 0x30;
            }
            assertThatThrownBy(() -> PublicKeys.parseDer(junk)).isInstanceOf(CryptoParseException.class);
        }
    }

    @Test
    void parsePemWhenWrongBlockTypeOrTwoBlocksThenRejected() {
        String cert = TestKeys.REKOR_PUBLIC.replace("PUBLIC KEY", "CERTIFICATE");
        assertThatThrownBy(() -> PublicKeys.parsePem(cert)).isInstanceOf(CryptoParseException.class).hasMessageContaining("CERTIFICATE");
        assertThatThrownBy(() -> PublicKeys.parsePem(TestKeys.REKOR_PUBLIC + TestKeys.REKOR_PUBLIC))
                .isInstanceOf(CryptoParseException.class);
        assertThatThrownBy(() -> PublicKeys.ed25519FromRaw(new DEROctetString(new byte[31]).getOctets()))
                .hasMessageContaining("31 bytes, want 32");
    }

    /**
     * The Rekor key's DER with the bit string's unused-bits count 0 → 1 (and its last bit cleared, as DER wants of
     * unused bits, so the encoding stays valid DER). Refused as a parse error (a 400 wherever a key arrives), not the
     * IllegalStateException Bouncy Castle throws when asked for the octets; found by CsrFuzzTest, whose input is kept
     * among its seeds.
     */
    @Test
    void parseDerWhenBitStringHasUnusedBitsThenParseError() {
        byte[] der = PublicKeys.toDer(PublicKeys.parsePem(TestKeys.REKOR_PUBLIC));
        // SEQUENCE { SEQUENCE { id-ecPublicKey, prime256v1 }, BIT STRING { 00 04 ... } }: the unused-bits octet is at 25.
        assertThat(der[25]).isEqualTo((byte) 0x00);
        der[25] = 0x01;
        der[der.length - 1] &= (byte) 0xfe;
        assertThatThrownBy(() -> PublicKeys.parseDer(der)).isInstanceOf(CryptoParseException.class)
                .hasMessage("public key bit string has unused bits");
    }
}
