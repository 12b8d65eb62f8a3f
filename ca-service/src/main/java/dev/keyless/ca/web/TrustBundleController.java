package dev.keyless.ca.web;

import dev.keyless.ca.identity.IssuerPool;
import dev.keyless.ca.identity.IssuerSettings;
import dev.keyless.ca.signing.SigningCertificateService;
import dev.keyless.common.crypto.Certificates;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v2/trustBundle} and {@code GET /api/v2/configuration} (fulcio.md §1.3, §1.4). */
@RestController
public class TrustBundleController {
    private final SigningCertificateService service;
    private final IssuerPool issuers;

    public TrustBundleController(SigningCertificateService service, IssuerPool issuers) {
        this.service = service;
        this.issuers = issuers;
    }

    /** The single CA chain, issuing certificate first, each PEM with its trailing newline. */
    @GetMapping(path = "/api/v2/trustBundle", produces = MediaType.APPLICATION_JSON_VALUE)
    public Responses.TrustBundle trustBundle() {
        List<String> pems = service.caChain().stream().map(Certificates::toPem).toList();
        return new Responses.TrustBundle(List.of(new Responses.CertificateChain(pems)));
    }

    @GetMapping(path = "/api/v2/configuration", produces = MediaType.APPLICATION_JSON_VALUE)
    public Responses.Configuration configuration() {
        return new Responses.Configuration(issuers.issuers().stream().map(TrustBundleController::issuer).toList());
    }

    private static Responses.Issuer issuer(IssuerSettings s) {
        return new Responses.Issuer(s.isMeta() ? null : s.url(), s.isMeta() ? s.url() : null, s.clientId(),
                s.type().challengeClaim(), nullToEmpty(s.spiffeTrustDomain()), s.type().configName(),
                nullToEmpty(s.subjectDomain()), s.skipEmailVerification());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
