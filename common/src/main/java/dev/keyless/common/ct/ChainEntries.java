package dev.keyless.common.ct;

import java.util.List;

/**
 * RFC 6962 §4.6 {@code extra_data} of a log entry: the chain that came with the submission.
 * <pre>
 * opaque ASN.1Cert&lt;1..2^24-1&gt;;
 * struct { ASN.1Cert certificate_chain&lt;0..2^24-1&gt;; } X509ChainEntry;                              // add-chain
 * struct { ASN.1Cert pre_certificate; ASN.1Cert precertificate_chain&lt;0..2^24-1&gt;; } PrecertChainEntry; // add-pre-chain
 * </pre>
 */
public final class ChainEntries {
    private ChainEntries() {
    }

    /** {@code X509ChainEntry}'s chain: the certificates after the leaf, root last. */
    public static byte[] x509ChainEntry(List<byte[]> chain) {
        return certificateChain(new TlsWriter(), chain, "certificate_chain").toByteArray();
    }

    /** {@code PrecertChainEntry}: the precertificate, then the certificates after it, root last. */
    public static byte[] precertChainEntry(byte[] precertificate, List<byte[]> chain) {
        TlsWriter out = new TlsWriter().opaque(3, 1, TlsWriter.MAX_U24, precertificate, "pre_certificate");
        return certificateChain(out, chain, "precertificate_chain").toByteArray();
    }

    private static TlsWriter certificateChain(TlsWriter out, List<byte[]> chain, String field) {
        TlsWriter inner = new TlsWriter();
        chain.forEach(c -> inner.opaque(3, 1, TlsWriter.MAX_U24, c, "ASN.1Cert"));
        return out.opaque(3, 0, TlsWriter.MAX_U24, inner.toByteArray(), field);
    }
}
