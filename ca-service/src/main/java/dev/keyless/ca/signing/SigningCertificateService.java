package dev.keyless.ca.signing;

import dev.keyless.ca.admission.ConcurrencyLimitFilter;
import dev.keyless.ca.admission.CpuSlots;
import dev.keyless.ca.challenge.ChallengeException;
import dev.keyless.ca.challenge.ProofOfPossession;
import dev.keyless.ca.errors.ServerBusyException;
import dev.keyless.ca.identity.IdentityProviderUnavailableException;
import dev.keyless.ca.identity.IssuerPool;
import dev.keyless.ca.identity.Principal;
import dev.keyless.ca.issuance.CertificateIssuer;
import dev.keyless.ca.issuance.CertificateTransparency;
import dev.keyless.ca.issuance.CertificateTransparencyException;
import dev.keyless.ca.issuance.Precertificate;
import dev.keyless.ca.policy.IssuancePolicy;
import dev.keyless.ca.policy.PolicyViolationException;
import dev.keyless.common.crypto.EcdsaBackend;
import dev.keyless.common.ct.CtOids;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The signing pipeline shared by the REST and gRPC endpoints (fulcio.md §1.2, in Fulcio's check order): verify the
 * token, apply the issuer's policy, check proof of possession (CSR first if given), then issue.
 *
 * <p>The computing runs in an issuance slot ({@link CpuSlots}). The two steps that wait on another service are
 * marked here: the token check comes before the slot is taken, since it may wait on the identity provider (key
 * discovery, a key set refetch), and the CT log's answer is awaited with the slot given back ({@code released}).
 */
@Service
public class SigningCertificateService {
    private static final Logger log = LoggerFactory.getLogger(SigningCertificateService.class);
    /** How long a request waits for an issuance slot before it is refused as overload, as for a request slot. */
    static final Duration SLOT_WAIT = ConcurrencyLimitFilter.WAIT;

    /** How the subject key and its proof arrived. */
    public sealed interface KeyProof {
    }

    /** @param keyContent PEM or DER bytes of the public key; @param signature signature over the principal name */
    public record SignedChallenge(byte[] keyContent, byte[] signature) implements KeyProof {
    }

    /** @param csrPem PEM text of a PKCS#10 request */
    public record SigningRequest(byte[] csrPem) implements KeyProof {
    }

    private final IssuerPool issuers;
    private final IssuancePolicy policy;
    private final CertificateIssuer issuer;
    private final CpuSlots slots;
    private final EcdsaBackend ecdsa;
    private final MeterRegistry meters;

    public SigningCertificateService(IssuerPool issuers, IssuancePolicy policy, CertificateIssuer issuer, CpuSlots slots,
            EcdsaBackend ecdsa, MeterRegistry meters) {
        this.issuers = issuers;
        this.policy = policy;
        this.issuer = issuer;
        this.slots = slots;
        this.ecdsa = ecdsa;
        this.meters = meters;
    }

    /**
     * @param proof null if the request carried neither key nor CSR (answered as an unparseable key, like Fulcio)
     * @return leaf, then the CA chain
     * @throws ServerBusyException if no issuance slot came free in time
     */
    public List<X509Certificate> issue(String token, KeyProof proof) {
        Principal principal;
        try {
            principal = issuers.authenticate(token); // waits on the identity provider at times: no slot held
        } catch (RuntimeException e) {
            // The token's issuer is not known to be genuine here, so it is not used as a tag (unbounded values).
            count("unknown", e instanceof IdentityProviderUnavailableException ? "issuer-unavailable" : "token-refused");
            throw e;
        }
        try (CpuSlots.Slot slot = slots.enter(SLOT_WAIT)) {
            List<X509Certificate> chain = issueFor(principal, proof, slot);
            count(principal.issuer(), "issued");
            return chain;
        } catch (PolicyViolationException e) {
            count(principal.issuer(), "policy-refused");
            throw e;
        } catch (ChallengeException e) {
            count(principal.issuer(), "key-refused");
            throw e;
        } catch (CertificateTransparencyException e) {
            count(principal.issuer(), "ct-failed");
            throw e;
        } catch (ServerBusyException e) {
            count(principal.issuer(), "busy");
            throw e;
        } catch (RuntimeException e) {
            count(principal.issuer(), "error");
            throw e;
        }
    }

    /**
     * Whether a leaf carries its SCT list: false when CT is off, or when {@code keyless.ca.ct.required=false} let a
     * failed submission through. Such a leaf is answered as Fulcio answers without a CT log: detached, empty SCT.
     */
    public static boolean carriesSct(X509Certificate leaf) {
        return leaf.getExtensionValue(CtOids.SCT_LIST.getId()) != null;
    }

    /** Certificates requested, by the token issuer that vouched for the identity and by outcome. */
    private void count(String tokenIssuer, String outcome) {
        meters.counter("keyless.ca.certificates", "issuer", tokenIssuer, "outcome", outcome).increment();
    }

    private List<X509Certificate> issueFor(Principal principal, KeyProof proof, CpuSlots.Slot slot) {
        policy.check(principal);
        PublicKey key = switch (proof) {
            case SigningRequest csr -> ProofOfPossession.verifyCsr(ecdsa, csr.csrPem());
            case SignedChallenge pop -> ProofOfPossession.verifySignedChallenge(ecdsa, pop.keyContent(), pop.signature(),
                    principal);
            case null -> throw new ChallengeException(ChallengeException.Reason.KEY_UNPARSEABLE);
        };
        Precertificate precertificate = issuer.prepare(principal, key);
        CertificateTransparency.Submission logged = issuer.logs()
                ? slot.released(() -> issuer.submit(precertificate)) // waits on the CT log
                : null;
        List<X509Certificate> chain = issuer.finish(precertificate, logged);
        log.info("issued certificate serial {} for {} from {}", chain.get(0).getSerialNumber().toString(16),
                principal.subjectAltName().value(), principal.issuer());
        return chain;
    }

    public List<X509Certificate> caChain() {
        return issuer.caChain();
    }
}
