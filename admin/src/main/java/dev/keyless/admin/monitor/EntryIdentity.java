package dev.keyless.admin.monitor;

import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.x509.SigstoreExtensions;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who signed a Rekor v1 entry, as identity rules match it: from each verifier in the entry (the certificate or public
 * key of a {@code hashedrekord}, {@code dsse} or {@code intoto} entry), the subject alternative names, the OIDC
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
        JsonNode spec = n.path("spec");
        switch (n.path("kind").asString("")) {
            case "hashedrekord" -> pems.add(spec.path("signature").path("publicKey").path("content").asString(""));
            case "dsse" -> spec.path("signatures").forEach(s -> pems.add(s.path("verifier").asString("")));
            case "intoto" -> spec.path("content").path("envelope").path("signatures")
                    .forEach(s -> pems.add(s.path("publicKey").asString("")));
            default -> {
                // other kinds name no signer the rules could match
            }
        }
        for (String b64 : pems) {
            try {
                out.add(fromPem(new String(Base64.getDecoder().decode(b64), StandardCharsets.US_ASCII)));
            } catch (RuntimeException e) {
                // not a certificate or key this monitor reads: nothing to match
            }
        }
        return out;
    }

    private static EntryIdentity fromPem(String pem) {
        if (!pem.contains("CERTIFICATE")) {
            return new EntryIdentity(List.of(), null, null, null, null, null,
                    Hash.sha256(PublicKeys.toDer(PublicKeys.parsePem(pem))).toHex());
        }
        X509Certificate cert = Certificates.parsePem(pem);
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
            return new EntryIdentity(List.copyOf(sans), ext.issuer(),
                    first(ext.githubWorkflowRepository(), ext.sourceRepositoryUri()),
                    first(ext.githubWorkflowName(), ext.buildConfigUri()),
                    first(ext.githubWorkflowRef(), ext.sourceRepositoryRef()),
                    Hash.sha256(cert.getEncoded()).toHex(), Hash.sha256(cert.getPublicKey().getEncoded()).toHex());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate does not encode", e);
        }
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }
}
