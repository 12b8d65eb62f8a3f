package dev.keyless.common.ct;

import dev.keyless.common.crypto.EcdsaBackend;
import dev.keyless.common.crypto.HashAlgorithm;
import dev.keyless.common.crypto.SignatureVerificationException;
import dev.keyless.common.crypto.SignatureVerifier;
import dev.keyless.common.crypto.SigningAlgorithm;
import dev.keyless.common.encoding.Hash;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;

/**
 * RFC 6962 §3.2 {@code SignedCertificateTimestamp}, a CT log's promise to include an entry:
 * <pre>
 * struct {
 *     Version sct_version;              // v1(0), uint8
 *     LogID id;                         // opaque key_id[32] = SHA-256 of the log's DER SubjectPublicKeyInfo
 *     uint64 timestamp;                 // milliseconds since the epoch
 *     CtExtensions extensions;          // opaque<0..2^16-1>
 *     digitally-signed struct { ... };  // RFC 5246 §4.7: uint8 hash, uint8 signature, opaque signature<0..2^16-1>
 * } SignedCertificateTimestamp;
 * </pre>
 * The signature covers {@link #signedData}: version, {@code signature_type certificate_timestamp(0)}, timestamp,
 * the entry and the extensions.
 *
 * @param version {@code sct_version}; only {@link #VERSION_V1} exists
 * @param logId SHA-256 of the log's public key (§3.2 LogID)
 * @param timestamp milliseconds since the epoch, {@code >= 0}
 * @param extensions {@code CtExtensions}, empty in v1
 * @param hashAlgorithm RFC 5246 §7.4.1.4.1 HashAlgorithm code, {@link #HASH_SHA256} for every log Sigstore runs
 * @param signatureAlgorithm RFC 5246 SignatureAlgorithm code, {@link #SIGNATURE_ECDSA} or {@link #SIGNATURE_RSA}
 * @param signature the signature bytes (DER ECDSA-Sig-Value for ECDSA)
 */
public record SignedCertificateTimestamp(int version, Hash logId, long timestamp, byte[] extensions, int hashAlgorithm,
        int signatureAlgorithm, byte[] signature) {
    /** §3.2 {@code Version v1}. */
    public static final int VERSION_V1 = 0;
    /** §3.2 {@code SignatureType certificate_timestamp}. */
    public static final int SIGNATURE_TYPE_CERTIFICATE_TIMESTAMP = 0;
    /** RFC 5246 HashAlgorithm sha256. */
    public static final int HASH_SHA256 = 4;
    /** RFC 5246 SignatureAlgorithm rsa. */
    public static final int SIGNATURE_RSA = 1;
    /** RFC 5246 SignatureAlgorithm ecdsa. */
    public static final int SIGNATURE_ECDSA = 3;

    public SignedCertificateTimestamp {
        if (version != VERSION_V1) {
            throw new IllegalArgumentException("sct_version is " + version + ", want " + VERSION_V1 + " (v1)");
        }
        if (logId == null) {
            throw new IllegalArgumentException("log id is null, want " + Hash.SIZE + " bytes");
        }
        if (timestamp < 0) {
            throw new IllegalArgumentException("timestamp is " + timestamp + ", want >= 0");
        }
        extensions = MerkleTreeLeaf.checkExtensions(extensions);
        checkUint8(hashAlgorithm, "hash algorithm");
        checkUint8(signatureAlgorithm, "signature algorithm");
        if (signature == null) {
            throw new IllegalArgumentException("signature is null, want 0.." + TlsWriter.MAX_U16 + " bytes");
        }
        TlsWriter.checkLength(signature.length, 0, TlsWriter.MAX_U16, "signature");
        signature = signature.clone();
    }

    /** The LogID of a key: SHA-256 of its DER SubjectPublicKeyInfo (§3.2). */
    public static Hash logIdOf(PublicKey logKey) {
        return Hash.sha256(logKey.getEncoded());
    }

    /**
     * The §3.2 {@code digitally-signed} input: sct_version(0) ‖ signature_type(0) ‖ uint64 timestamp ‖ uint16
     * entry_type ‖ entry ‖ opaque extensions&lt;0..2^16-1&gt;.
     */
    public static byte[] signedData(long timestamp, LogEntry entry, byte[] extensions) {
        if (entry == null) {
            throw new IllegalArgumentException("entry is null, want an x509 or precert entry");
        }
        TlsWriter out = new TlsWriter().uint8(VERSION_V1).uint8(SIGNATURE_TYPE_CERTIFICATE_TIMESTAMP).uint64(timestamp);
        LogEntryCodec.write(entry, out);
        return out.opaque(2, 0, TlsWriter.MAX_U16, MerkleTreeLeaf.checkExtensions(extensions), "extensions")
                .toByteArray();
    }

    /**
     * Issues a v1 SCT without extensions for {@code entry}, ECDSA with SHA-256. The caller supplies the time: this
     * class reads no clock.
     */
    public static SignedCertificateTimestamp sign(SctSigner signer, Hash logId, long timestamp, LogEntry entry) {
        if (signer == null) {
            throw new IllegalArgumentException("signer is null, want a signer");
        }
        byte[] noExtensions = new byte[0];
        byte[] signature = signer.signSha256Ecdsa(signedData(timestamp, entry, noExtensions));
        if (signature == null || signature.length == 0 || signature.length > TlsWriter.MAX_U16) {
            throw new IllegalStateException("signer returned " + (signature == null ? "null" : signature.length + " bytes")
                    + ", want 1.." + TlsWriter.MAX_U16 + " bytes");
        }
        return new SignedCertificateTimestamp(VERSION_V1, logId, timestamp, noExtensions, HASH_SHA256, SIGNATURE_ECDSA,
                signature);
    }

    /**
     * Verifies that the log holding {@code logKey} signed this SCT over {@code entry} (RFC 6962 §5.2 step "verify the
     * SCT signature"). The log ID must be the key's, the hash SHA-256, and the signature ECDSA for an EC key or
     * RSA for an RSA key.
     *
     * @throws CtVerificationException if any of these fails
     */
    public void verify(PublicKey logKey, LogEntry entry) {
        verify(EcdsaBackend.BOUNCY_CASTLE, logKey, entry);
    }

    /** As {@link #verify(PublicKey, LogEntry)}, an ECDSA P-256 signature checked on {@code ecdsa}. */
    public void verify(EcdsaBackend ecdsa, PublicKey logKey, LogEntry entry) {
        if (logKey == null) {
            throw new IllegalArgumentException("log key is null, want a public key");
        }
        Hash keyId = logIdOf(logKey);
        if (!keyId.equals(logId)) {
            throw new CtVerificationException("SCT log id is " + logId + ", want " + keyId + " (SHA-256 of the key)");
        }
        if (hashAlgorithm != HASH_SHA256) {
            throw new CtVerificationException("hash algorithm is " + hashAlgorithm + ", want " + HASH_SHA256 + " (sha256)");
        }
        String jcaAlgorithm = switch (signatureAlgorithm) {
            case SIGNATURE_ECDSA -> requireKey(logKey, "EC", "SHA256withECDSA");
            case SIGNATURE_RSA -> requireKey(logKey, "RSA", "SHA256withRSA");
            default -> throw new CtVerificationException("signature algorithm is " + signatureAlgorithm + ", want "
                    + SIGNATURE_ECDSA + " (ecdsa) or " + SIGNATURE_RSA + " (rsa)");
        };
        byte[] signed = signedData(timestamp, entry, extensions);
        if (SigningAlgorithm.of(logKey, HashAlgorithm.SHA256).orElse(null) == SigningAlgorithm.ECDSA_P256_SHA256) {
            // Our ECDSA code (Bouncy Castle's lightweight verifier or the backend's provider), faster than the JDK's EC
            // code here; a CA checks one SCT per certificate.
            try {
                SignatureVerifier.verifyMessage(ecdsa, logKey, SigningAlgorithm.ECDSA_P256_SHA256, signed, signature);
                return;
            } catch (SignatureVerificationException e) {
                throw new CtVerificationException("SCT signature does not verify over the " + entry.type()
                        + " at timestamp " + timestamp, e);
            }
        }
        boolean valid;
        try {
            Signature verifier = Signature.getInstance(jcaAlgorithm);
            verifier.initVerify(logKey);
            verifier.update(signed);
            valid = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            throw new CtVerificationException("SCT signature is malformed for " + jcaAlgorithm, e);
        }
        if (!valid) {
            throw new CtVerificationException("SCT signature does not verify over the " + entry.type() + " at timestamp "
                    + timestamp);
        }
    }

    /** A v1 SCT from its parts, the signature as a {@code DigitallySigned} struct. */
    public static SignedCertificateTimestamp of(Hash logId, long timestamp, byte[] extensions, DigitallySigned signed) {
        return new SignedCertificateTimestamp(VERSION_V1, logId, timestamp, extensions, signed.hashAlgorithm(),
                signed.signatureAlgorithm(), signed.signature());
    }

    /** The signature with its algorithms, as the TLS {@code DigitallySigned} struct the SCT ends with. */
    public DigitallySigned digitallySigned() {
        return new DigitallySigned(hashAlgorithm, signatureAlgorithm, signature);
    }

    /** The TLS encoding (a {@code SerializedSCT} body). */
    public byte[] encode() {
        TlsWriter out = new TlsWriter().uint8(version).fixed(logId.toByteArray()).uint64(timestamp)
                .opaque(2, 0, TlsWriter.MAX_U16, extensions, "extensions");
        return digitallySigned().write(out).toByteArray();
    }

    /**
     * Strict inverse of {@link #encode()}. Algorithms are not restricted here: an SCT with an algorithm this code
     * cannot verify is well-formed, and {@link #verify} rejects it.
     *
     * @throws CtParseException if truncated, trailing bytes follow, or the version is not v1
     */
    public static SignedCertificateTimestamp parse(byte[] encoded) {
        if (encoded == null) {
            throw new CtParseException("SCT is null, want bytes");
        }
        TlsReader in = new TlsReader(encoded);
        int version = in.uint8("sct_version");
        if (version != VERSION_V1) {
            throw new CtParseException("sct_version is " + version + ", want " + VERSION_V1 + " (v1)");
        }
        Hash logId = Hash.of(in.fixed(Hash.SIZE, "log id"));
        long timestamp = in.uint64("timestamp");
        byte[] extensions = in.opaque(2, 0, TlsWriter.MAX_U16, "extensions");
        DigitallySigned signed = DigitallySigned.read(in);
        in.requireEnd("SCT");
        return of(logId, timestamp, extensions, signed);
    }

    @Override
    public byte[] extensions() {
        return extensions.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedCertificateTimestamp other && version == other.version && logId.equals(other.logId)
                && timestamp == other.timestamp && Arrays.equals(extensions, other.extensions)
                && hashAlgorithm == other.hashAlgorithm && signatureAlgorithm == other.signatureAlgorithm
                && Arrays.equals(signature, other.signature);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return "SignedCertificateTimestamp[v" + (version + 1) + ", logId=" + logId + ", timestamp=" + timestamp
                + ", extensions=" + extensions.length + " bytes, hash=" + hashAlgorithm + ", sig=" + signatureAlgorithm
                + ", signature=" + signature.length + " bytes]";
    }

    private static String requireKey(PublicKey key, String keyAlgorithm, String jcaAlgorithm) {
        if (!keyAlgorithm.equals(key.getAlgorithm())) {
            throw new CtVerificationException("log key is " + key.getAlgorithm() + ", want " + keyAlgorithm
                    + " for " + jcaAlgorithm);
        }
        return jcaAlgorithm;
    }

    private static void checkUint8(int value, String field) {
        if (value < 0 || value > 0xff) {
            throw new IllegalArgumentException(field + " is " + value + ", want 0..255");
        }
    }
}
