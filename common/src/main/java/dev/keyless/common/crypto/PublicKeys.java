package dev.keyless.common.crypto;

import dev.keyless.common.encoding.EncodingException;
import dev.keyless.common.encoding.Pem;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Public keys in X.509 SubjectPublicKeyInfo form (RFC 5280 §4.1.2.7): EC on P-256/P-384/P-521 with a named-curve
 * OID (RFC 5480), RSA with NULL parameters (RFC 3279 §2.3.1), Ed25519 (RFC 8410). This is the set Go's
 * {@code x509.ParsePKIXPublicKey} and Sigstore's algorithm registry share; everything else is rejected.
 *
 * <p>{@link #toDer} always writes the canonical form, whatever provider made the key, because the log ID and key
 * hints are hashes of these bytes ({@code x509.MarshalPKIXPublicKey}); {@link #toPem} is byte-identical to Go's
 * {@code cryptoutils.MarshalPublicKeyToPEM}. Parsed keys are JDK keys.
 */
public final class PublicKeys {
    public static final String PEM_TYPE = "PUBLIC KEY";
    static final int ED25519_KEY_BYTES = 32;

    private PublicKeys() {
    }

    /** Parses exactly one {@code PUBLIC KEY} PEM block. */
    public static PublicKey parsePem(String pem) {
        byte[] der;
        try {
            der = Pem.decodeSingle(pem, PEM_TYPE);
        } catch (EncodingException e) {
            throw new CryptoParseException("public key: " + e.getMessage(), e);
        }
        return parseDer(der);
    }

    /** Parses DER SubjectPublicKeyInfo; rejects BER, trailing bytes and unsupported algorithms or curves. */
    public static PublicKey parseDer(byte[] der) {
        SubjectPublicKeyInfo spki;
        try {
            ASN1Primitive primitive = ASN1Primitive.fromByteArray(der);
            spki = primitive == null ? null : SubjectPublicKeyInfo.getInstance(primitive);
        } catch (IOException | RuntimeException e) {
            throw new CryptoParseException("public key is not a SubjectPublicKeyInfo: " + e.getMessage(), e);
        }
        if (spki == null) {
            throw new CryptoParseException("public key is empty");
        }
        if (!Arrays.equals(encode(spki), der)) {
            throw new CryptoParseException("public key is not DER-encoded SubjectPublicKeyInfo");
        }
        ASN1ObjectIdentifier oid = spki.getAlgorithm().getAlgorithm();
        ASN1Encodable params = spki.getAlgorithm().getParameters();
        // Checked before getOctets(), which throws IllegalStateException for a bit string with unused bits.
        if (spki.getPublicKeyData().getPadBits() != 0) {
            throw new CryptoParseException("public key bit string has unused bits");
        }
        byte[] keyBits = spki.getPublicKeyData().getOctets();
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            if (!DERNull.INSTANCE.equals(params)) {
                throw new CryptoParseException("RSA public key parameters must be NULL");
            }
            RSAPublicKey key = (RSAPublicKey) generate("RSA", der);
            if (key.getModulus().signum() <= 0 || key.getPublicExponent().signum() <= 0) {
                throw new CryptoParseException("RSA public key has a non-positive modulus or exponent");
            }
            return key;
        }
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            if (!(params instanceof ASN1ObjectIdentifier curveOid)) {
                throw new CryptoParseException("EC public key must name its curve by OID (explicit parameters are not supported)");
            }
            EcCurve curve = EcCurve.fromOid(curveOid).orElseThrow(() -> new CryptoParseException(
                    "EC curve " + curveOid.getId() + " is not supported, want P-256, P-384 or P-521"));
            int want = 1 + 2 * curve.fieldBytes();
            if (keyBits.length != want || keyBits[0] != 0x04) {
                throw new CryptoParseException("EC point has " + keyBits.length + " bytes, want " + want
                        + " (uncompressed, leading 0x04) for " + curve.displayName());
            }
            ECPublicKey key = (ECPublicKey) generate("EC", der);
            curve.publicParameters(key.getW()); // on-curve check
            return key;
        }
        if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
            if (params != null) {
                throw new CryptoParseException("Ed25519 public key must have absent parameters");
            }
            if (keyBits.length != ED25519_KEY_BYTES) {
                throw new CryptoParseException("Ed25519 public key has " + keyBits.length + " bytes, want " + ED25519_KEY_BYTES);
            }
            return generate("Ed25519", der);
        }
        throw new CryptoParseException("public key algorithm " + oid.getId() + " is not supported, want RSA, EC or Ed25519");
    }

    /** Canonical DER SubjectPublicKeyInfo, identical to Go's {@code x509.MarshalPKIXPublicKey}. */
    public static byte[] toDer(PublicKey key) {
        return encode(spki(key));
    }

    private static byte[] encode(SubjectPublicKeyInfo spki) {
        try {
            return spki.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding failed", e);
        }
    }

    /** {@code PUBLIC KEY} PEM, byte-identical to Go's {@code cryptoutils.MarshalPublicKeyToPEM}. */
    public static String toPem(PublicKey key) {
        return Pem.encode(PEM_TYPE, toDer(key));
    }

    /** The 32-byte RFC 8032 encoding of an Ed25519 public key (the SPKI bit string). */
    public static byte[] ed25519Raw(PublicKey key) {
        SubjectPublicKeyInfo spki = spki(key);
        if (!spki.getAlgorithm().getAlgorithm().equals(EdECObjectIdentifiers.id_Ed25519)) {
            throw new IllegalArgumentException("key is " + key.getAlgorithm() + ", want Ed25519");
        }
        return spki.getPublicKeyData().getOctets();
    }

    /** Wraps a raw 32-byte Ed25519 public key as a JDK key. */
    public static PublicKey ed25519FromRaw(byte[] raw) {
        if (raw.length != ED25519_KEY_BYTES) {
            throw new CryptoParseException("Ed25519 public key has " + raw.length + " bytes, want " + ED25519_KEY_BYTES);
        }
        try {
            return parseDer(new SubjectPublicKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), raw)
                    .getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding failed", e);
        }
    }

    static SubjectPublicKeyInfo spki(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            EcCurve curve = EcCurve.require(ec);
            return new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve.oid()),
                    curve.encodePoint(ec.getW()));
        }
        if (key instanceof RSAPublicKey rsa && "RSA".equals(key.getAlgorithm())) {
            try {
                return new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                        new org.bouncycastle.asn1.pkcs.RSAPublicKey(rsa.getModulus(), rsa.getPublicExponent()));
            } catch (IOException e) {
                throw new IllegalStateException("DER encoding failed", e);
            }
        }
        byte[] encoded = key.getEncoded();
        if (encoded != null) {
            try {
                SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(encoded);
                if (spki.getAlgorithm().getAlgorithm().equals(EdECObjectIdentifiers.id_Ed25519)
                        && spki.getPublicKeyData().getOctets().length == ED25519_KEY_BYTES) {
                    return new SubjectPublicKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519),
                            spki.getPublicKeyData().getOctets());
                }
            } catch (IllegalArgumentException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("unsupported public key " + key.getAlgorithm() + " (" + key.getClass().getName()
                + "), want RSA, EC P-256/P-384/P-521 or Ed25519");
    }

    private static PublicKey generate(String algorithm, byte[] der) {
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new CryptoParseException(algorithm + " public key is invalid: " + e.getMessage(), e);
        }
    }
}
