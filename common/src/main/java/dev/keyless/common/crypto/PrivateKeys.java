package dev.keyless.common.crypto;

import dev.keyless.common.encoding.EncodingException;
import dev.keyless.common.encoding.Pem;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Private keys in the PEM forms a file-backed CA or log key uses (Fulcio {@code fileca}, fulcio.md §6):
 * PKCS#8 {@code PRIVATE KEY} (RFC 5208/5958), encrypted PKCS#8 {@code ENCRYPTED PRIVATE KEY} (RFC 5958 §3, PBES2 of
 * RFC 8018), SEC1 {@code EC PRIVATE KEY} (RFC 5915) and PKCS#1 {@code RSA PRIVATE KEY} (RFC 8017 A.1.2).
 * Keys are RSA, EC (P-256/384/521) or Ed25519 and come back as JDK keys.
 *
 * <p>The Bouncy Castle provider is passed to the PEM builders as an instance; it is never registered globally.
 * Error messages never include passwords or key bytes.
 */
public final class PrivateKeys {
    public static final String PKCS8_TYPE = "PRIVATE KEY";
    public static final String ENCRYPTED_PKCS8_TYPE = "ENCRYPTED PRIVATE KEY";
    public static final String SEC1_TYPE = "EC PRIVATE KEY";
    public static final String PKCS1_TYPE = "RSA PRIVATE KEY";
    /** PBKDF2-HMAC-SHA256 iterations for new encrypted keys (OWASP 2023 guidance for PBKDF2-SHA256). */
    public static final int DEFAULT_PBKDF2_ITERATIONS = 600_000;


    private PrivateKeys() {
    }

    /** Parses an unencrypted private key PEM (PKCS#8, SEC1 or PKCS#1). */
    public static PrivateKey parsePem(String pem) {
        Pem.Block block = single(pem);
        if (block.type().equals(ENCRYPTED_PKCS8_TYPE)) {
            throw new CryptoParseException("private key is encrypted; a password is required");
        }
        return fromBlock(block);
    }

    /**
     * Parses a private key PEM, decrypting {@code ENCRYPTED PRIVATE KEY} with {@code password}; unencrypted forms are
     * accepted too. The caller owns and should clear {@code password}.
     */
    public static PrivateKey parsePem(String pem, char[] password) {
        Pem.Block block = single(pem);
        if (!block.type().equals(ENCRYPTED_PKCS8_TYPE)) {
            return fromBlock(block);
        }
        PrivateKeyInfo info;
        try {
            PKCS8EncryptedPrivateKeyInfo encrypted = new PKCS8EncryptedPrivateKeyInfo(block.der());
            info = encrypted.decryptPrivateKeyInfo(
                    new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BouncyCastle.PROVIDER).build(password));
            return fromPkcs8(info.getEncoded(ASN1Encoding.DER));
        } catch (Exception e) {
            // Wrong passwords surface as padding errors or as garbage PKCS#8; both mean the same to the operator.
            // The cause's message is dropped on purpose: it could describe decrypted bytes.
            throw new CryptoParseException("cannot decrypt private key: wrong password or corrupt "
                    + ENCRYPTED_PKCS8_TYPE + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Unencrypted PKCS#8 {@code PRIVATE KEY} PEM. */
    public static String toPem(PrivateKey key) {
        return Pem.encode(PKCS8_TYPE, pkcs8(key));
    }

    /** {@link #toEncryptedPem(PrivateKey, char[], SecureRandom, int)} with {@value #DEFAULT_PBKDF2_ITERATIONS} iterations. */
    public static String toEncryptedPem(PrivateKey key, char[] password, SecureRandom random) {
        return toEncryptedPem(key, password, random, DEFAULT_PBKDF2_ITERATIONS);
    }

    /**
     * Encrypted PKCS#8 PEM: PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC (RFC 8018 §6.2), which OpenSSL, Go's
     * {@code youmark/pkcs8} (used by Fulcio and cosign) and Bouncy Castle all read.
     */
    public static String toEncryptedPem(PrivateKey key, char[] password, SecureRandom random, int iterations) {
        if (password.length == 0) {
            throw new IllegalArgumentException("password is empty, want at least one character");
        }
        if (iterations < 1000) {
            throw new IllegalArgumentException("PBKDF2 iterations is " + iterations + ", want >= 1000");
        }
        try {
            var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setProvider(BouncyCastle.PROVIDER)
                    .setRandom(random)
                    .setPRF(PKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(iterations)
                    .setPassword(password)
                    .build();
            byte[] der = new PKCS8Generator(PrivateKeyInfo.getInstance(pkcs8(key)), encryptor).generate().getContent();
            return Pem.encode(ENCRYPTED_PKCS8_TYPE, der);
        } catch (Exception e) {
            throw new IllegalStateException("cannot encrypt private key (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** A fresh ECDSA key pair (JDK keys) on {@code curve}. */
    public static KeyPair generateEc(EcCurve curve, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve.jcaName()), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK cannot generate " + curve.displayName() + " keys", e);
        }
    }

    /** A fresh Ed25519 key pair (JDK keys). */
    public static KeyPair generateEd25519(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(255, random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK cannot generate Ed25519 keys", e);
        }
    }

    /**
     * The public half of a private key, for key files that hold only the private key (PKCS#8 need not carry it).
     * EC keys are multiplied out on their curve; Ed25519 keys are derived from the seed; RSA CRT keys carry it.
     */
    public static PublicKey publicKeyOf(PrivateKey key) {
        try {
            if (key instanceof java.security.interfaces.ECPrivateKey ec) {
                EcCurve curve = EcCurve.of(ec.getParams())
                        .orElseThrow(() -> new CryptoParseException("EC private key is not on P-256, P-384 or P-521"));
                ECPoint q = curve.domain().getG().multiply(ec.getS()).normalize();
                java.security.spec.ECPoint w = new java.security.spec.ECPoint(q.getAffineXCoord().toBigInteger(),
                        q.getAffineYCoord().toBigInteger());
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, ec.getParams()));
            }
            if (key instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA").generatePublic(
                        new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (key.getAlgorithm().equals("Ed25519") || key.getAlgorithm().equals("EdDSA")) {
                PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
                byte[] seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
                byte[] raw = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
                return PublicKeys.ed25519FromRaw(raw);
            }
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw new CryptoParseException("cannot derive the public key (" + e.getClass().getSimpleName() + ")");
        }
        throw new CryptoParseException("cannot derive the public key of a " + key.getAlgorithm() + " private key");
    }

    private static Pem.Block single(String pem) {
        try {
            return Pem.decodeAll(pem, 1).get(0);
        } catch (EncodingException e) {
            throw new CryptoParseException("private key: " + e.getMessage(), e);
        }
    }

    private static PrivateKey fromBlock(Pem.Block block) {
        return switch (block.type()) {
            case PKCS8_TYPE -> fromPkcs8(block.der());
            case SEC1_TYPE -> fromSec1(block.der());
            case PKCS1_TYPE -> fromPkcs1(block.der());
            default -> throw new CryptoParseException("private key PEM type is \"" + block.type() + "\", want \"" + PKCS8_TYPE
                    + "\", \"" + ENCRYPTED_PKCS8_TYPE + "\", \"" + SEC1_TYPE + "\" or \"" + PKCS1_TYPE + "\"");
        };
    }

    private static PrivateKey fromSec1(byte[] der) {
        try {
            ECPrivateKey sec1 = ECPrivateKey.getInstance(parseAsn1(der));
            if (!(sec1.getParametersObject() instanceof ASN1ObjectIdentifier curveOid)) {
                throw new CryptoParseException("EC PRIVATE KEY must name its curve by OID");
            }
            requireCurve(curveOid);
            return fromPkcs8(new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curveOid), sec1)
                    .getEncoded(ASN1Encoding.DER));
        } catch (IOException | RuntimeException e) {
            throw rethrow("EC PRIVATE KEY is malformed", e);
        }
    }

    private static PrivateKey fromPkcs1(byte[] der) {
        try {
            RSAPrivateKey rsa = RSAPrivateKey.getInstance(parseAsn1(der));
            return fromPkcs8(new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), rsa)
                    .getEncoded(ASN1Encoding.DER));
        } catch (IOException | RuntimeException e) {
            throw rethrow("RSA PRIVATE KEY is malformed", e);
        }
    }

    private static PrivateKey fromPkcs8(byte[] der) {
        PrivateKeyInfo info;
        try {
            info = PrivateKeyInfo.getInstance(parseAsn1(der));
        } catch (IOException | RuntimeException e) {
            throw rethrow("PRIVATE KEY is not PKCS#8", e);
        }
        ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
        String jca;
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            jca = "RSA";
        } else if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            if (!(info.getPrivateKeyAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curveOid)) {
                throw new CryptoParseException("EC private key must name its curve by OID");
            }
            requireCurve(curveOid);
            jca = "EC";
        } else if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
            jca = "Ed25519";
        } else {
            throw new CryptoParseException("private key algorithm " + oid.getId() + " is not supported, want RSA, EC or Ed25519");
        }
        try {
            return KeyFactory.getInstance(jca).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new CryptoParseException(jca + " private key is invalid (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static ASN1Primitive parseAsn1(byte[] der) throws IOException {
        ASN1Primitive primitive = ASN1Primitive.fromByteArray(der);
        if (primitive == null) {
            throw new CryptoParseException("private key is empty");
        }
        return primitive;
    }

    private static void requireCurve(ASN1ObjectIdentifier curveOid) {
        if (EcCurve.fromOid(curveOid).isEmpty()) {
            throw new CryptoParseException("EC curve " + curveOid.getId() + " is not supported, want P-256, P-384 or P-521");
        }
    }

    private static byte[] pkcs8(PrivateKey key) {
        byte[] der = key.getEncoded();
        if (der == null || !"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("private key " + key.getAlgorithm() + " has no PKCS#8 encoding");
        }
        return der;
    }

    private static CryptoParseException rethrow(String message, Exception e) {
        if (e instanceof CryptoParseException c) {
            return c;
        }
        // Structural messages only: Bouncy Castle's ASN.1 errors name tags and lengths, not values.
        return new CryptoParseException(message + ": " + e.getMessage());
    }
}
