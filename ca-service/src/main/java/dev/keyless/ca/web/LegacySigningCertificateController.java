package dev.keyless.ca.web;

import dev.keyless.ca.signing.SigningCertificateService.KeyProof;
import dev.keyless.ca.signing.SigningCertificateService.SignedChallenge;
import dev.keyless.ca.signing.SigningCertificateService.SigningRequest;
import dev.keyless.ca.challenge.ChallengeException;
import dev.keyless.ca.signing.SigningCertificateService;
import dev.keyless.common.crypto.Certificates;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The deprecated v1 API (fulcio.md §1.5), still used by cosign ≤ v2 without a signing config: token only from
 * {@code Authorization: Bearer}; success is 201 with a PEM chain body.
 */
@RestController
public class LegacySigningCertificateController {
    static final String PEM_CHAIN = "application/pem-certificate-chain";

    private final SigningCertificateService service;

    public LegacySigningCertificateController(SigningCertificateService service) {
        this.service = service;
    }

    @PostMapping("/api/v1/signingCert")
    public ResponseEntity<String> create(@RequestBody(required = false) LegacySigningCertificateRequest request,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        KeyProof proof = request == null ? null : proof(request);
        if (proof == null && (request == null || request.publicKey() == null)) {
            // Fulcio's v1 handler refuses a request with neither CSR nor public key object before it looks at the
            // token. A public key object, even without content, goes to the v2 path: token first, then the key.
            throw new ChallengeException(ChallengeException.Reason.KEY_UNPARSEABLE);
        }
        List<X509Certificate> chain = service.issue(BearerTokens.fromHeader(authorization), proof);
        return ResponseEntity.status(HttpStatus.CREATED).header(HttpHeaders.CONTENT_TYPE, PEM_CHAIN).body(joinTrimmed(chain));
    }

    /**
     * Every certificate of the trust bundle, for {@code SIGSTORE_ROOT_FILE}, as Fulcio writes it: each trust-bundle PEM
     * (which ends in a newline) followed by a newline, the whole trimmed. So a blank line separates the blocks and
     * none follows the last.
     */
    @GetMapping("/api/v1/rootCert")
    public ResponseEntity<String> rootCert() {
        String joined = service.caChain().stream().map(c -> Certificates.toPem(c) + "\n").collect(Collectors.joining());
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, PEM_CHAIN).body(joined.strip());
    }

    private static KeyProof proof(LegacySigningCertificateRequest request) {
        byte[] csr = ProtoBytes.decode(request.certificateSigningRequest());
        if (csr != null) {
            return new SigningRequest(csr);
        }
        byte[] key = request.publicKey() == null ? null : ProtoBytes.decode(request.publicKey().content());
        return key == null ? null : new SignedChallenge(key, ProtoBytes.decode(request.signedEmailAddress()));
    }

    /** Fulcio's v1 body: each PEM trimmed, joined with newlines. */
    private static String joinTrimmed(List<X509Certificate> chain) {
        return chain.stream().map(c -> Certificates.toPem(c).strip()).collect(Collectors.joining("\n"));
    }
}
