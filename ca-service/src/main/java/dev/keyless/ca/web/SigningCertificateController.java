package dev.keyless.ca.web;

import dev.keyless.ca.signing.SigningCertificateService.KeyProof;
import dev.keyless.ca.signing.SigningCertificateService.SignedChallenge;
import dev.keyless.ca.signing.SigningCertificateService.SigningRequest;
import dev.keyless.ca.signing.SigningCertificateService;
import dev.keyless.common.crypto.Certificates;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v2/signingCert} (rpc CreateSigningCertificate, fulcio.md §1.2). */
@RestController
public class SigningCertificateController {
    private final SigningCertificateService service;

    public SigningCertificateController(SigningCertificateService service) {
        this.service = service;
    }

    @PostMapping(path = "/api/v2/signingCert", produces = MediaType.APPLICATION_JSON_VALUE)
    public Responses.SigningCertificate create(@RequestBody(required = false) CreateSigningCertificateRequest request,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        if (request == null) {
            // An empty body is an empty message to Fulcio's gateway: the token (from the header) is checked first,
            // then the missing key is reported.
            request = new CreateSigningCertificateRequest(null, null, null);
        }
        String token = request.credentials() != null && notEmpty(request.credentials().oidcIdentityToken())
                ? request.credentials().oidcIdentityToken()
                : BearerTokens.fromHeader(authorization);
        List<X509Certificate> chain = service.issue(token, proof(request));
        return Responses.SigningCertificate.of(chain.stream().map(Certificates::toPem).toList(),
                SigningCertificateService.carriesSct(chain.get(0)));
    }

    private static KeyProof proof(CreateSigningCertificateRequest request) {
        byte[] csr = ProtoBytes.decode(request.certificateSigningRequest());
        if (csr != null) {
            return new SigningRequest(csr);
        }
        var pkr = request.publicKeyRequest();
        if (pkr == null || pkr.publicKey() == null || !notEmpty(pkr.publicKey().content())) {
            return null;
        }
        return new SignedChallenge(pkr.publicKey().content().getBytes(StandardCharsets.UTF_8),
                ProtoBytes.decode(pkr.proofOfPossession()));
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
