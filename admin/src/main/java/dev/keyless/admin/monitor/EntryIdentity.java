package dev.keyless.admin.monitor;

import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.ct.LogEntry;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.x509.SigstoreExtensions;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.TBSCertificate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who signed a Rekor entry, as identity rules match it: from each verifier in the entry (the certificate or public
 * key of a v1 {@code hashedrekord}, {@code dsse} or {@code intoto} entry, or of a v2 {@code hashedrekord} or
 * {@code dsse} entry), the subject alternative names, the OIDC
 * issuer and CI extensions of a Fulcio certificate, and the SHA-256 fingerprints of the certificate and of its public
 * key (of the key alone for a bare key).
 */
record EntryIdentity(List<String> sans, String issuer, String repository, String workflow, String ref,
        String certificateSha256, String publicKeySha256) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Every verifier of the entry with this canonical body; none for kinds without one or bodies that do not parse. */
    static List<EntryIdentity> of(byte[] body) {
        List<EntryIdentity> out = new ArrayList<>();
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (RuntimeException e) {
            return out;
        }
        List<String> pems = new ArrayList<>();
        List<JsonNode> verifiers = new ArrayList<>();
        JsonNode spec = n.path("spec");
        switch (n.path("kind").asString("")) {
            case "hashedrekord" -> {
                pems.add(spec.path("signature").path("publicKey").path("content").asString(""));
                // Rekor v2 (0.0.2): the verifier as submitted, a DER certificate or key in protojson.
                verifiers.add(spec.path("hashedRekordV002").path("signature").path("verifier"));
            }
            case "dsse" -> {
                spec.path("signatures").forEach(s -> pems.add(s.path("verifier").asString("")));
                spec.path("dsseV002").path("signatures").forEach(s -> verifiers.add(s.path("verifier")));
            }
            case "intoto" -> spec.path("content").path("envelope").path("signatures")
                    .forEach(s -> pems.add(s.path("publicKey").asString("")));
            default -> {
                // other kinds name no signer the rules could match
            }
        }
        for (String b64 : pems) {
            if (b64.isEmpty()) {
                continue;
            }
            try {
                out.add(fromPem(new String(Base64.getDecoder().decode(b64), StandardCharsets.US_ASCII)));
            } catch (RuntimeException e) {
                // not a certificate or key this monitor reads: nothing to match
            }
        }
        for (JsonNode v : verifiers) {
            try {
                String cert = v.path("x509Certificate").path("rawBytes").asString("");
                String key = v.path("publicKey").path("rawBytes").asString("");
                if (!cert.isEmpty()) {
                    out.add(fromCertificate(Certificates.parseDer(Base64.getDecoder().decode(cert))));
                } else if (!key.isEmpty()) {
                    out.add(fromKey(PublicKeys.parseDer(Base64.getDecoder().decode(key))));
                }
            } catch (RuntimeException e) {
                // as above
            }
        }
        return out;
    }

    private static EntryIdentity fromPem(String pem) {
        if (!pem.contains("CERTIFICATE")) {
            return fromKey(PublicKeys.parsePem(pem));
        }
        return fromCertificate(Certificates.parsePem(pem));
    }

    private static EntryIdentity fromKey(PublicKey key) {
        return new EntryIdentity(List.of(), null, null, null, null, null, Hash.sha256(PublicKeys.toDer(key)).toHex());
    }

    /** The fields the rules match, from a certificate's SANs and Sigstore extensions and the two fingerprints. */
    private static EntryIdentity of(List<String> sans, SigstoreExtensions ext, String certificateSha256,
            String publicKeySha256) {
        return new EntryIdentity(List.copyOf(sans), ext.issuer(),
                first(ext.githubWorkflowRepository(), ext.sourceRepositoryUri()),
                first(ext.githubWorkflowName(), ext.buildConfigUri()),
                first(ext.githubWorkflowRef(), ext.sourceRepositoryRef()),
                certificateSha256, publicKeySha256);
    }

    /**
     * Who a CT log entry's certificate or precertificate TBS was issued to (the certificate fingerprint only for a
     * whole certificate: the final certificate of a precertificate differs from it).
     */
    static EntryIdentity fromCtEntry(LogEntry entry) {
        if (entry instanceof LogEntry.X509Entry x) {
            return fromCertificate(Certificates.parseDer(x.certificate()));
        }
        TBSCertificate tbs = TBSCertificate.getInstance(((LogEntry.PrecertEntry) entry).tbsCertificate());
        List<String> sans = new ArrayList<>();
        GeneralNames names = tbs.getExtensions() == null ? null
                : GeneralNames.fromExtensions(tbs.getExtensions(), Extension.subjectAlternativeName);
        if (names != null) {
            for (GeneralName n : names.getNames()) {
                if (n.getTagNo() == GeneralName.rfc822Name || n.getTagNo() == GeneralName.uniformResourceIdentifier) {
                    sans.add(ASN1IA5String.getInstance(n.getName()).getString());
                }
            }
        }
        SigstoreExtensions ext = tbs.getExtensions() == null ? SigstoreExtensions.builder().build()
                : SigstoreExtensions.parse(tbs.getExtensions());
        try {
            return of(sans, ext, null, Hash.sha256(tbs.getSubjectPublicKeyInfo().getEncoded()).toHex());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the TBS's public key does not encode", e);
        }
    }

    private static EntryIdentity fromCertificate(X509Certificate cert) {
        List<String> sans = new ArrayList<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> san : cert.getSubjectAlternativeNames()) {
                    if (san.size() == 2 && san.get(1) instanceof String s) {
                        sans.add(s);
                    }
                }
            }
        } catch (java.security.cert.CertificateParsingException e) {
            // no readable SAN: matched by the other fields only
        }
        SigstoreExtensions ext = SigstoreExtensions.parse(cert);
        try {
            return of(sans, ext, Hash.sha256(cert.getEncoded()).toHex(), Hash.sha256(cert.getPublicKey().getEncoded()).toHex());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate does not encode", e);
        }
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }
}
