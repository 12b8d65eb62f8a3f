package dev.keyless.tlog.rekor;

import dev.keyless.common.encoding.Hash;
import dev.keyless.common.crypto.BouncyCastle;
import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.encoding.EncodingException;
import dev.keyless.common.encoding.Pem;
import dev.keyless.common.encoding.StrictUtf8;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * The verifier of a Rekor entry: a PEM public key, one certificate, or a certificate chain (at most
 * {@value #MAX_CHAIN}, leaf first), re-encoded as Go's PEM (rekor.md §2.2) so formatting cannot make two
 * leaves of one signature.
 */
record PublicKeyMaterial(PublicKey key, List<X509Certificate> chain, String canonicalPem) {
    static final int MAX_CHAIN = 10;

    static PublicKeyMaterial parse(byte[] pemBytes) {
        String pem;
        try {
            pem = StrictUtf8.decode(pemBytes);
        } catch (EncodingException e) {
            throw RekorApiException.invalidEntry("invalid public key");
        }
        List<Pem.Block> blocks;
        try {
            blocks = Pem.decodeAll(pem, MAX_CHAIN);
        } catch (EncodingException e) {
            throw RekorApiException.invalidEntry("invalid public key");
        }
        try {
            if (blocks.size() == 1 && blocks.get(0).type().equals("PUBLIC KEY")) {
                PublicKey key = PublicKeys.parseDer(blocks.get(0).der());
                return new PublicKeyMaterial(key, List.of(), PublicKeys.toPem(key));
            }
            List<X509Certificate> chain = new ArrayList<>();
            for (Pem.Block b : blocks) {
                if (!b.type().equals("CERTIFICATE")) {
                    throw RekorApiException.invalidEntry("invalid public key");
                }
                chain.add(Certificates.parseDer(b.der()));
            }
            if (chain.size() > 1) {
                verifyChain(chain);
            }
            return new PublicKeyMaterial(chain.get(0).getPublicKey(), List.copyOf(chain), Certificates.chainToPem(chain));
        } catch (IllegalArgumentException e) {
            throw RekorApiException.invalidEntry("invalid public key");
        }
    }

    /** Each certificate signed by the next, the last self-signed, all valid when the leaf became valid (as Rekor). */
    private static void verifyChain(List<X509Certificate> chain) {
        Date at = chain.get(0).getNotBefore();
        try {
            for (int i = 0; i < chain.size(); i++) {
                X509Certificate c = chain.get(i);
                X509Certificate issuer = chain.get(Math.min(i + 1, chain.size() - 1));
                c.checkValidity(at);
                c.verify(issuer.getPublicKey(), BouncyCastle.PROVIDER);
            }
        } catch (GeneralSecurityException e) {
            throw RekorApiException.invalidEntry("invalid certificate chain");
        }
    }

    /**
     * The SHA-256 fingerprints of the public key (DER SubjectPublicKeyInfo) and of the leaf certificate (DER), as
     * search keys ({@link RekorSearch#byFingerprint}); not Rekor's keys, so prefixed apart from them.
     */
    List<String> fingerprints() {
        List<String> out = new ArrayList<>();
        out.add(RekorSearch.SPKI_KEY + Hash.sha256(key.getEncoded()).toHex());
        if (!chain.isEmpty()) {
            try {
                out.add(RekorSearch.X509_KEY + Hash.sha256(chain.get(0).getEncoded()).toHex());
            } catch (java.security.cert.CertificateEncodingException e) {
                throw RekorApiException.invalidEntry("invalid certificate");
            }
        }
        return out;
    }

    /** Lowercase emails and URIs of the leaf's subject alternative names. */
    List<String> subjects() {
        if (chain.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try {
            var sans = chain.get(0).getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == GeneralName.rfc822Name || type == GeneralName.uniformResourceIdentifier) {
                        out.add(((String) san.get(1)).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateException e) {
            throw RekorApiException.invalidEntry("invalid public key");
        }
        return out;
    }
}
