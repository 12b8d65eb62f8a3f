package dev.keyless.common.ct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.encoding.Hash;
import dev.keyless.common.encoding.Hex;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SctSignatureTest {
    static final long TIMESTAMP = 1_700_000_000_000L;
    static KeyPair logKey;
    static KeyPair otherKey;
    static KeyPair rsaKey;

    static final LogEntry ENTRY = new LogEntry.PrecertEntry(Hash.sha256(new byte[] {1}), Hex.decode("300100"));

    @BeforeAll
    static void keys() throws GeneralSecurityException {
        logKey = ecKey();
        otherKey = ecKey();
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        rsaKey = rsa.generateKeyPair();
    }

    static KeyPair ecKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** A JCA-backed signer, as the CA would adapt its key. */
    static SctSigner jcaSigner(PrivateKey key) {
        return message -> {
            try {
                Signature signature = Signature.getInstance("SHA256withECDSA");
                signature.initSign(key);
                signature.update(message);
                return signature.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    static SignedCertificateTimestamp signed(LogEntry entry) {
        return SignedCertificateTimestamp.sign(jcaSigner(logKey.getPrivate()),
                SignedCertificateTimestamp.logIdOf(logKey.getPublic()), TIMESTAMP, entry);
    }

    @Test
    void signWhenJcaSignerThenV1EcdsaSha256SctThatVerifies() {
        SignedCertificateTimestamp sct = signed(ENTRY);

        assertThat(sct.version()).isZero();
        assertThat(sct.hashAlgorithm()).isEqualTo(4);
        assertThat(sct.signatureAlgorithm()).isEqualTo(3);
        assertThat(sct.extensions()).isEmpty();
        assertThat(sct.timestamp()).isEqualTo(TIMESTAMP);
        assertThat(sct.logId().toByteArray())
                .isEqualTo(Hash.sha256(logKey.getPublic().getEncoded()).toByteArray());
        sct.verify(logKey.getPublic(), ENTRY);
        // and after a TLS round trip
        SignedCertificateTimestamp.parse(sct.encode()).verify(logKey.getPublic(), ENTRY);
    }

    @Test
    void signWhenSignerSeesMessageThenItIsTheSignedData() {
        byte[][] seen = new byte[1][];
        SignedCertificateTimestamp.sign(m -> {
            seen[0] = m;
            return new byte[] {0x30, 0x00};
        }, Hash.sha256(new byte[0]), TIMESTAMP, ENTRY);

        assertThat(seen[0]).isEqualTo(SignedCertificateTimestamp.signedData(TIMESTAMP, ENTRY, new byte[0]));
    }

    @Test
    void verifyWhenEntryDiffersThenFails() {
        SignedCertificateTimestamp sct = signed(ENTRY);
        LogEntry otherTbs = new LogEntry.PrecertEntry(Hash.sha256(new byte[] {1}), Hex.decode("300101"));
        LogEntry otherIssuer = new LogEntry.PrecertEntry(Hash.sha256(new byte[] {2}), Hex.decode("300100"));
        LogEntry x509 = new LogEntry.X509Entry(Hex.decode("300100"));

        for (LogEntry entry : new LogEntry[] {otherTbs, otherIssuer, x509}) {
            assertThatThrownBy(() -> sct.verify(logKey.getPublic(), entry)).as("%s", entry)
                    .isInstanceOf(CtVerificationException.class).hasMessageContaining("does not verify");
        }
    }

    @Test
    void verifyWhenSctFieldChangedThenFails() {
        SignedCertificateTimestamp sct = signed(ENTRY);
        SignedCertificateTimestamp laterTime = new SignedCertificateTimestamp(0, sct.logId(), TIMESTAMP + 1,
                sct.extensions(), 4, 3, sct.signature());
        SignedCertificateTimestamp withExtensions = new SignedCertificateTimestamp(0, sct.logId(), TIMESTAMP,
                new byte[] {0}, 4, 3, sct.signature());

        assertThatThrownBy(() -> laterTime.verify(logKey.getPublic(), ENTRY))
                .isInstanceOf(CtVerificationException.class).hasMessageContaining("does not verify");
        assertThatThrownBy(() -> withExtensions.verify(logKey.getPublic(), ENTRY))
                .isInstanceOf(CtVerificationException.class).hasMessageContaining("does not verify");
    }

    @Test
    void verifyWhenOtherKeyThenLogIdMismatch() {
        SignedCertificateTimestamp sct = signed(ENTRY);

        assertThatThrownBy(() -> sct.verify(otherKey.getPublic(), ENTRY))
                .isInstanceOf(CtVerificationException.class)
                .hasMessage("SCT log id is " + sct.logId() + ", want "
                        + SignedCertificateTimestamp.logIdOf(otherKey.getPublic()) + " (SHA-256 of the key)");
    }

    @Test
    void verifyWhenLogIdClaimsOtherKeyThenSignatureFails() {
        SignedCertificateTimestamp sct = signed(ENTRY);
        SignedCertificateTimestamp relabelled = new SignedCertificateTimestamp(0,
                SignedCertificateTimestamp.logIdOf(otherKey.getPublic()), TIMESTAMP, new byte[0], 4, 3, sct.signature());

        assertThatThrownBy(() -> relabelled.verify(otherKey.getPublic(), ENTRY))
                .isInstanceOf(CtVerificationException.class).hasMessageContaining("does not verify");
    }

    @Test
    void verifyWhenAlgorithmUnsupportedOrKeyMismatchThenFails() {
        SignedCertificateTimestamp sct = signed(ENTRY);
        Hash logId = sct.logId();
        SignedCertificateTimestamp sha384 = new SignedCertificateTimestamp(0, logId, TIMESTAMP, new byte[0], 5, 3,
                sct.signature());
        SignedCertificateTimestamp dsa = new SignedCertificateTimestamp(0, logId, TIMESTAMP, new byte[0], 4, 2,
                sct.signature());
        SignedCertificateTimestamp rsaClaim = new SignedCertificateTimestamp(0, logId, TIMESTAMP, new byte[0], 4, 1,
                sct.signature());
        SignedCertificateTimestamp ecdsaForRsaKey = new SignedCertificateTimestamp(0,
                SignedCertificateTimestamp.logIdOf(rsaKey.getPublic()), TIMESTAMP, new byte[0], 4, 3, sct.signature());

        assertThatThrownBy(() -> sha384.verify(logKey.getPublic(), ENTRY))
                .hasMessage("hash algorithm is 5, want 4 (sha256)");
        assertThatThrownBy(() -> dsa.verify(logKey.getPublic(), ENTRY))
                .hasMessage("signature algorithm is 2, want 3 (ecdsa) or 1 (rsa)");
        assertThatThrownBy(() -> rsaClaim.verify(logKey.getPublic(), ENTRY))
                .hasMessage("log key is EC, want RSA for SHA256withRSA");
        assertThatThrownBy(() -> ecdsaForRsaKey.verify(rsaKey.getPublic(), ENTRY))
                .hasMessage("log key is RSA, want EC for SHA256withECDSA");
    }

    @Test
    void verifyWhenRsaLogThenVerifies() throws GeneralSecurityException {
        byte[] data = SignedCertificateTimestamp.signedData(TIMESTAMP, ENTRY, new byte[0]);
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(rsaKey.getPrivate());
        rsa.update(data);
        SignedCertificateTimestamp sct = new SignedCertificateTimestamp(0,
                SignedCertificateTimestamp.logIdOf(rsaKey.getPublic()), TIMESTAMP, new byte[0], 4, 1, rsa.sign());

        sct.verify(rsaKey.getPublic(), ENTRY);
        assertThatThrownBy(() -> sct.verify(rsaKey.getPublic(), new LogEntry.X509Entry(new byte[] {1})))
                .isInstanceOf(CtVerificationException.class);
    }

    @Test
    void verifyWhenSignatureGarbageThenFailsAsVerificationError() {
        SignedCertificateTimestamp sct = signed(ENTRY);
        SignedCertificateTimestamp garbage = new SignedCertificateTimestamp(0, sct.logId(), TIMESTAMP, new byte[0], 4,
                3, new byte[] {1, 2, 3});
        SignedCertificateTimestamp empty = new SignedCertificateTimestamp(0, sct.logId(), TIMESTAMP, new byte[0], 4,
                3, new byte[0]);

        assertThatThrownBy(() -> garbage.verify(logKey.getPublic(), ENTRY)).isInstanceOf(CtVerificationException.class);
        assertThatThrownBy(() -> empty.verify(logKey.getPublic(), ENTRY)).isInstanceOf(CtVerificationException.class);
    }

    @Test
    void signWhenSignerReturnsNothingThenRejected() {
        assertThatThrownBy(() -> SignedCertificateTimestamp.sign(m -> new byte[0], Hash.sha256(new byte[0]),
                TIMESTAMP, ENTRY)).hasMessage("signer returned 0 bytes, want 1..65535 bytes");
        assertThatThrownBy(() -> SignedCertificateTimestamp.sign(m -> null, Hash.sha256(new byte[0]), TIMESTAMP,
                ENTRY)).hasMessage("signer returned null, want 1..65535 bytes");
    }
}
