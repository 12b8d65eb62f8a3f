package dev.keyless.ca.grpc;

import com.google.protobuf.ByteString;
import dev.keyless.ca.signing.SigningCertificateService.KeyProof;
import dev.keyless.ca.signing.SigningCertificateService.SignedChallenge;
import dev.keyless.ca.signing.SigningCertificateService.SigningRequest;
import dev.keyless.ca.grpc.fulcio.v2.CAGrpc;
import dev.keyless.ca.grpc.fulcio.v2.CertificateChain;
import dev.keyless.ca.grpc.fulcio.v2.Configuration;
import dev.keyless.ca.grpc.fulcio.v2.CreateSigningCertificateRequest;
import dev.keyless.ca.grpc.fulcio.v2.GetConfigurationRequest;
import dev.keyless.ca.grpc.fulcio.v2.GetTrustBundleRequest;
import dev.keyless.ca.grpc.fulcio.v2.OIDCIssuer;
import dev.keyless.ca.grpc.fulcio.v2.SigningCertificate;
import dev.keyless.ca.grpc.fulcio.v2.SigningCertificateDetachedSCT;
import dev.keyless.ca.grpc.fulcio.v2.SigningCertificateEmbeddedSCT;
import dev.keyless.ca.grpc.fulcio.v2.TrustBundle;
import dev.keyless.ca.identity.IssuerPool;
import dev.keyless.ca.identity.IssuerSettings;
import dev.keyless.ca.signing.SigningCertificateService;
import dev.keyless.common.crypto.Certificates;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;

/**
 * gRPC service {@code dev.sigstore.fulcio.v2.CA} (fulcio.md §1.1), served in-servlet on the REST port: the transport
 * sigstore-java's {@code KeylessSigner} uses. Same pipeline and same answers as the REST controllers; failures become
 * gRPC statuses through {@link GrpcStatuses}.
 */
@Service
public class FulcioGrpcService extends CAGrpc.CAImplBase {
    private final SigningCertificateService service;
    private final IssuerPool issuers;

    public FulcioGrpcService(SigningCertificateService service, IssuerPool issuers) {
        this.service = service;
        this.issuers = issuers;
    }

    /** Token from {@code credentials.oidc_identity_token}, else from the {@code oidcidentitytoken} metadata (Fulcio). */
    @Override
    public void createSigningCertificate(CreateSigningCertificateRequest request, StreamObserver<SigningCertificate> response) {
        answer(response, () -> {
            String token = request.getCredentials().getOidcIdentityToken();
            if (token.isEmpty()) {
                token = GrpcTokenMetadata.TOKEN.get();
            }
            List<X509Certificate> chain = service.issue(token, proof(request));
            if (!SigningCertificateService.carriesSct(chain.get(0))) {
                // As Fulcio without a CT log: detached, with no SCT (sigstore-java refuses it; it needs an SCT anyway).
                return SigningCertificate.newBuilder()
                        .setSignedCertificateDetachedSct(SigningCertificateDetachedSCT.newBuilder().setChain(pems(chain)))
                        .build();
            }
            return SigningCertificate.newBuilder()
                    .setSignedCertificateEmbeddedSct(SigningCertificateEmbeddedSCT.newBuilder().setChain(pems(chain)))
                    .build();
        });
    }

    @Override
    public void getTrustBundle(GetTrustBundleRequest request, StreamObserver<TrustBundle> response) {
        answer(response, () -> TrustBundle.newBuilder().addChains(pems(service.caChain())).build());
    }

    @Override
    public void getConfiguration(GetConfigurationRequest request, StreamObserver<Configuration> response) {
        answer(response, () -> {
            Configuration.Builder b = Configuration.newBuilder();
            issuers.issuers().forEach(s -> b.addIssuers(issuer(s)));
            return b.build();
        });
    }

    private static <T> void answer(StreamObserver<T> response, Supplier<T> call) {
        T value;
        try {
            value = call.get();
        } catch (RuntimeException e) {
            response.onError(GrpcStatuses.of(e).asRuntimeException());
            return;
        }
        response.onNext(value);
        response.onCompleted();
    }

    /** CSR first if present (as Fulcio checks it), else key and proof; null if neither arrived. */
    private static KeyProof proof(CreateSigningCertificateRequest request) {
        if (request.getKeyCase() == CreateSigningCertificateRequest.KeyCase.CERTIFICATE_SIGNING_REQUEST
                && !request.getCertificateSigningRequest().isEmpty()) {
            return new SigningRequest(request.getCertificateSigningRequest().toByteArray());
        }
        if (!request.hasPublicKeyRequest() || request.getPublicKeyRequest().getPublicKey().getContent().isEmpty()) {
            return null;
        }
        var pkr = request.getPublicKeyRequest();
        ByteString pop = pkr.getProofOfPossession();
        return new SignedChallenge(pkr.getPublicKey().getContent().getBytes(StandardCharsets.UTF_8), pop.toByteArray());
    }

    /** Each PEM exactly as the REST endpoints write it (Go's pem.EncodeToMemory layout). */
    private static CertificateChain pems(List<X509Certificate> certificates) {
        return CertificateChain.newBuilder().addAllCertificates(certificates.stream().map(Certificates::toPem).toList()).build();
    }

    private static OIDCIssuer issuer(IssuerSettings s) {
        OIDCIssuer.Builder b = OIDCIssuer.newBuilder();
        if (s.isMeta()) {
            b.setWildcardIssuerUrl(s.url());
        } else {
            b.setIssuerUrl(s.url());
        }
        return b.setAudience(s.clientId())
                .setChallengeClaim(s.type().challengeClaim())
                .setSpiffeTrustDomain(nullToEmpty(s.spiffeTrustDomain()))
                .setIssuerType(s.type().configName())
                .setSubjectDomain(nullToEmpty(s.subjectDomain()))
                .setSkipEmailVerification(s.skipEmailVerification())
                .build();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
