package dev.keyless.common.crypto;

import dev.keyless.common.encoding.EncodingException;
import dev.keyless.common.encoding.Pem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * X.509 certificates (RFC 5280) in DER and in PEM as Go writes it. Chains are bounded because they arrive in
 * requests: Rekor caps a hashedrekord key chain at 10 certificates (rekor#823). Parsing uses the JDK
 * {@link CertificateFactory}, after checking that the input is exactly one DER SEQUENCE, because the factory itself
 * would accept PEM text and silently ignore trailing bytes.
 */
public final class Certificates {
    public static final String PEM_TYPE = "CERTIFICATE";
    /** Rekor's bound on a certificate chain in a hashedrekord public key (rekor#823). */
    public static final int DEFAULT_MAX_CHAIN = 10;

    private Certificates() {
    }

    /** Parses text holding exactly one {@code CERTIFICATE} PEM block. */
    public static X509Certificate parsePem(String pem) {
        try {
            return parseDer(Pem.decodeSingle(pem, PEM_TYPE));
        } catch (EncodingException e) {
            throw new CryptoParseException("certificate: " + e.getMessage(), e);
        }
    }

    /** Parses one DER certificate with nothing after it. */
    public static X509Certificate parseDer(byte[] der) {
        try {
            ASN1Primitive outer = ASN1Primitive.fromByteArray(der);
            if (!(outer instanceof ASN1Sequence)) {
                throw new CryptoParseException("certificate is not a DER SEQUENCE");
            }
        } catch (IOException | IllegalStateException e) {
            throw new CryptoParseException("certificate is not a single DER structure: " + e.getMessage(), e);
        }
        try {
            ByteArrayInputStream in = new ByteArrayInputStream(der);
            X509Certificate cert = (X509Certificate) factory().generateCertificate(in);
            if (in.available() != 0) {
                throw new CryptoParseException("certificate has " + in.available() + " trailing bytes, want 0");
            }
            return cert;
        } catch (CertificateException | RuntimeException e) {
            if (e instanceof CryptoParseException c) {
                throw c;
            }
            throw new CryptoParseException("certificate is invalid: " + e.getMessage(), e);
        }
    }

    /** {@link #parsePemChain(String, int)} with Rekor's bound of {@value #DEFAULT_MAX_CHAIN}. */
    public static List<X509Certificate> parsePemChain(String pem) {
        return parsePemChain(pem, DEFAULT_MAX_CHAIN);
    }

    /**
     * Parses a PEM chain in the order given (leaf first, by convention). Every block must be a {@code CERTIFICATE}.
     *
     * @param maxCertificates the most certificates accepted, at least 1
     */
    public static List<X509Certificate> parsePemChain(String pem, int maxCertificates) {
        if (maxCertificates < 1) {
            throw new IllegalArgumentException("maxCertificates is " + maxCertificates + ", want >= 1");
        }
        List<Pem.Block> blocks;
        try {
            blocks = Pem.decodeAll(pem, maxCertificates);
        } catch (EncodingException e) {
            throw new CryptoParseException("certificate chain: " + e.getMessage(), e);
        }
        List<X509Certificate> chain = new ArrayList<>(blocks.size());
        for (int i = 0; i < blocks.size(); i++) {
            Pem.Block block = blocks.get(i);
            if (!block.type().equals(PEM_TYPE)) {
                throw new CryptoParseException("certificate chain block " + i + " is \"" + block.type() + "\", want \"" + PEM_TYPE + "\"");
            }
            chain.add(parseDer(block.der()));
        }
        return List.copyOf(chain);
    }

    /** One {@code CERTIFICATE} block, byte-identical to Go's {@code cryptoutils.MarshalCertificateToPEM}. */
    public static String toPem(X509Certificate certificate) {
        try {
            return Pem.encode(PEM_TYPE, certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    /** Concatenated blocks, as Go's {@code cryptoutils.MarshalCertificatesToPEM} writes a chain. */
    public static String chainToPem(List<X509Certificate> chain) {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate certificate : chain) {
            sb.append(toPem(certificate));
        }
        return sb.toString();
    }

    private static CertificateFactory factory() throws CertificateException {
        return CertificateFactory.getInstance("X.509");
    }
}
