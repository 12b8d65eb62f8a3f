package dev.keyless.ca.challenge;

import dev.keyless.ca.challenge.ChallengeException.Reason;
import dev.keyless.common.crypto.CryptoParseException;
import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.crypto.SigningAlgorithm;
import dev.keyless.common.encoding.EncodingException;
import dev.keyless.common.encoding.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Subject keys a certificate may be issued for, and the algorithm each one signs its proof with. Accepted, as by
 * Fulcio's default {@code --client-signing-algorithms} (fulcio.md §2): ECDSA P-256/P-384/P-521 with the curve's hash,
 * RSA with a modulus of exactly 2048, 3072 or 4096 bits (PKCS#1 v1.5, SHA-256), and Ed25519.
 */
public final class SubjectKeys {
    /** Fulcio's default client signing algorithms. */
    public static final Set<SigningAlgorithm> PERMITTED = EnumSet.of(SigningAlgorithm.ECDSA_P256_SHA256,
            SigningAlgorithm.ECDSA_P384_SHA384, SigningAlgorithm.ECDSA_P521_SHA512,
            SigningAlgorithm.RSA_PKCS1V15_2048_SHA256, SigningAlgorithm.RSA_PKCS1V15_3072_SHA256,
            SigningAlgorithm.RSA_PKCS1V15_4096_SHA256, SigningAlgorithm.ED25519);

    private SubjectKeys() {
    }

    /** PEM type of a PKCS#1 RSA public key, which Fulcio's key parser also takes. */
    static final String PKCS1_RSA_PEM_TYPE = "RSA PUBLIC KEY";

    /**
     * Parses {@code publicKey.content}: a {@code PUBLIC KEY} PEM block in any line layout (sigstore-js wraps at 64
     * columns with a trailing newline, sigstore-java writes one base64 line without) or a PKCS#1
     * {@code RSA PUBLIC KEY} block, else raw DER SPKI, as Fulcio's {@code ParsePublicKey} tries PEM
     * ({@code cryptoutils.UnmarshalPEMToPublicKey}: both block types) then DER.
     */
    public static PublicKey parseContent(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        if (text.contains("-----BEGIN")) {
            Pem.Block block;
            try {
                block = Pem.decodeAll(text.strip(), 1).get(0);
            } catch (EncodingException e) {
                throw new ChallengeException(Reason.KEY_UNPARSEABLE);
            }
            return switch (block.type()) {
                case PublicKeys.PEM_TYPE -> parseDer(block.der());
                case PKCS1_RSA_PEM_TYPE -> parseDer(pkcs1ToSpki(block.der()));
                default -> throw new ChallengeException(Reason.KEY_UNPARSEABLE);
            };
        }
        return parseDer(content);
    }

    /**
     * A PKCS#1 {@code RSAPublicKey} (strict DER: one structure, re-encoding to the same bytes, as Go's parser
     * requires) as the SPKI with {@code rsaEncryption} that certificates carry.
     */
    private static byte[] pkcs1ToSpki(byte[] pkcs1) {
        try {
            var rsa = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(ASN1Primitive.fromByteArray(pkcs1));
            if (!Arrays.equals(rsa.getEncoded(ASN1Encoding.DER), pkcs1)) {
                throw new ChallengeException(Reason.KEY_UNPARSEABLE);
            }
            return new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), rsa)
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new ChallengeException(Reason.KEY_UNPARSEABLE);
        }
    }

    /** Parses DER SPKI and checks the key is one Fulcio would certify. */
    public static PublicKey parseDer(byte[] der) {
        PublicKey key;
        try {
            key = PublicKeys.parseDer(der);
        } catch (CryptoParseException e) {
            throw new ChallengeException(isKnownButWeak(der) ? Reason.KEY_INSECURE : Reason.KEY_UNPARSEABLE);
        }
        algorithmFor(key);
        return key;
    }

    /** The one algorithm a permitted key signs proofs with (the hash is tied to the key, fulcio.md §2). */
    public static SigningAlgorithm algorithmFor(PublicKey key) {
        SigningAlgorithm algorithm;
        if (key instanceof ECPublicKey ec) {
            algorithm = switch (EcCurve.of(ec.getParams()).orElseThrow(() -> new ChallengeException(Reason.KEY_INSECURE))) {
                case P256 -> SigningAlgorithm.ECDSA_P256_SHA256;
                case P384 -> SigningAlgorithm.ECDSA_P384_SHA384;
                case P521 -> SigningAlgorithm.ECDSA_P521_SHA512;
            };
        } else if (key instanceof RSAPublicKey rsa) {
            algorithm = switch (rsa.getModulus().bitLength()) {
                case 2048 -> SigningAlgorithm.RSA_PKCS1V15_2048_SHA256;
                case 3072 -> SigningAlgorithm.RSA_PKCS1V15_3072_SHA256;
                case 4096 -> SigningAlgorithm.RSA_PKCS1V15_4096_SHA256;
                default -> throw new ChallengeException(Reason.KEY_INSECURE);
            };
        } else if (SigningAlgorithm.ED25519.matchesKey(key)) {
            algorithm = SigningAlgorithm.ED25519;
        } else {
            throw new ChallengeException(Reason.KEY_UNPARSEABLE);
        }
        if (!PERMITTED.contains(algorithm)) {
            throw new ChallengeException(Reason.ALGORITHM_NOT_PERMITTED);
        }
        return algorithm;
    }

    /** EC on another curve, DSA, or RSA that could not be loaded: a real key type, just not one we certify. */
    private static boolean isKnownButWeak(byte[] der) {
        try {
            ASN1ObjectIdentifier oid = SubjectPublicKeyInfo.getInstance(der).getAlgorithm().getAlgorithm();
            return oid.equals(X9ObjectIdentifiers.id_ecPublicKey) || oid.equals(X9ObjectIdentifiers.id_dsa)
                    || oid.equals(PKCSObjectIdentifiers.rsaEncryption) || oid.equals(X509ObjectIdentifiers.id_ea_rsa);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
