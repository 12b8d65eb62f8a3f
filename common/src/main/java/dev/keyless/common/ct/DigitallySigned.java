package dev.keyless.common.ct;

import java.util.Arrays;

/**
 * RFC 5246 §4.7 {@code DigitallySigned} as RFC 6962 uses it, in SCTs (§3.2) and signed tree heads (§3.5):
 * <pre>
 * struct {
 *     SignatureAndHashAlgorithm algorithm;   // uint8 hash, uint8 signature
 *     opaque signature&lt;0..2^16-1&gt;;
 * } DigitallySigned;
 * </pre>
 * The one encoder and parser of this struct in the project. Algorithms are not restricted here: a struct naming an
 * algorithm nobody verifies is well-formed, and the verifier refuses it.
 *
 * @param hashAlgorithm RFC 5246 {@code HashAlgorithm}, e.g. {@link #HASH_SHA256}
 * @param signatureAlgorithm RFC 5246 {@code SignatureAlgorithm}, e.g. {@link #SIGNATURE_ECDSA}
 * @param signature the signature bytes (for ECDSA, a DER {@code ECDSA-Sig-Value})
 */
public record DigitallySigned(int hashAlgorithm, int signatureAlgorithm, byte[] signature) {
    /** RFC 5246 HashAlgorithm sha256. */
    public static final int HASH_SHA256 = 4;
    /** RFC 5246 SignatureAlgorithm ecdsa. */
    public static final int SIGNATURE_ECDSA = 3;

    public DigitallySigned {
        if (hashAlgorithm < 0 || hashAlgorithm > 255) {
            throw new IllegalArgumentException("hash algorithm is " + hashAlgorithm + ", want 0..255");
        }
        if (signatureAlgorithm < 0 || signatureAlgorithm > 255) {
            throw new IllegalArgumentException("signature algorithm is " + signatureAlgorithm + ", want 0..255");
        }
        if (signature == null) {
            throw new IllegalArgumentException("signature is null, want bytes");
        }
        TlsWriter.checkLength(signature.length, 0, TlsWriter.MAX_U16, "signature");
        signature = signature.clone();
    }

    /** An ECDSA-with-SHA-256 signature, the only kind this project's logs make. */
    public static DigitallySigned ecdsaSha256(byte[] derSignature) {
        return new DigitallySigned(HASH_SHA256, SIGNATURE_ECDSA, derSignature);
    }

    public byte[] encode() {
        return write(new TlsWriter()).toByteArray();
    }

    /**
     * Strict inverse of {@link #encode()}.
     *
     * @throws CtParseException if truncated or followed by trailing bytes
     */
    public static DigitallySigned parse(byte[] encoded) {
        if (encoded == null) {
            throw new CtParseException("DigitallySigned is null, want bytes");
        }
        TlsReader in = new TlsReader(encoded);
        DigitallySigned d = read(in);
        in.requireEnd("DigitallySigned");
        return d;
    }

    TlsWriter write(TlsWriter out) {
        return out.uint8(hashAlgorithm).uint8(signatureAlgorithm).opaque(2, 0, TlsWriter.MAX_U16, signature, "signature");
    }

    static DigitallySigned read(TlsReader in) {
        int hash = in.uint8("hash algorithm");
        int sig = in.uint8("signature algorithm");
        return new DigitallySigned(hash, sig, in.opaque(2, 0, TlsWriter.MAX_U16, "signature"));
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DigitallySigned d && d.hashAlgorithm == hashAlgorithm
                && d.signatureAlgorithm == signatureAlgorithm && Arrays.equals(d.signature, signature);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * hashAlgorithm + signatureAlgorithm) + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "DigitallySigned[hash=" + hashAlgorithm + ", signature=" + signatureAlgorithm + ", " + signature.length + " bytes]";
    }
}
