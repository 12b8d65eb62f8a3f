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
                    out.add(fromKey(Base64.getDecoder().decode(key)));
                }
            } catch (RuntimeException e) {
                // as above
            }
        }
        return out;
    }

    private static EntryIdentity fromPem(String pem) {
        if (!pem.contains("CERTIFICATE")) {
            return fromKey(PublicKeys.toDer(PublicKeys.parsePem(pem)));
        }
        return fromCertificate(Certificates.parsePem(pem));
    }

    private static EntryIdentity fromKey(byte[] spki) {
        return new EntryIdentity(List.of(), null, null, null, null, null, Hash.sha256(PublicKeys.toDer(PublicKeys.parseDer(spki))).toHex());
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
