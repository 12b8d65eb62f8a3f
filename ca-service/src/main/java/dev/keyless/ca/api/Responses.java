package dev.keyless.ca.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Response bodies, in the proto3 JSON shape grpc-gateway writes (lowerCamelCase, scalars always present). */
public final class Responses {
    private Responses() {
    }

    /** {@code SigningCertificate} with the embedded-SCT member of its oneof set. */
    public record SigningCertificate(SignedCertificateEmbeddedSct signedCertificateEmbeddedSct) {
    }

    public record SignedCertificateEmbeddedSct(CertificateChain chain) {
    }

    /** PEM certificates, leaf (if any) first, root last. */
    public record CertificateChain(List<String> certificates) {
    }

    /** {@code TrustBundle}: one chain per CA. */
    public record TrustBundle(List<CertificateChain> chains) {
    }

    /** {@code Configuration}. */
    public record Configuration(List<Issuer> issuers) {
    }

    /**
     * One {@code OIDCIssuer}; exactly one of {@code issuerUrl} / {@code wildcardIssuerUrl} (a oneof) is present, the
     * other fields always are.
     */
    public record Issuer(
            @JsonInclude(JsonInclude.Include.NON_NULL) String issuerUrl,
            @JsonInclude(JsonInclude.Include.NON_NULL) String wildcardIssuerUrl,
            String audience,
            String challengeClaim,
            String spiffeTrustDomain,
            String issuerType,
            String subjectDomain,
            boolean skipEmailVerification) {
    }

    /** The grpc-gateway error body: {@code {"code":<gRPC code>,"message":"…","details":[]}} (fulcio.md §1.7). */
    public record Error(int code, String message, List<Object> details) {
        public Error(int code, String message) {
            this(code, message, List.of());
        }
    }
}
