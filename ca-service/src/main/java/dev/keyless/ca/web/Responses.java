package dev.keyless.ca.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Response bodies, in the proto3 JSON shape grpc-gateway writes (lowerCamelCase, scalars always present). */
public final class Responses {
    private Responses() {
    }

    /**
     * {@code SigningCertificate}, a oneof: the embedded-SCT member when the leaf carries an SCT list, else, as Fulcio
     * answers without a CT log, the detached member with an empty SCT (fulcio.md §1.2).
     */
    public record SigningCertificate(
            @JsonInclude(JsonInclude.Include.NON_NULL) SignedCertificateEmbeddedSct signedCertificateEmbeddedSct,
            @JsonInclude(JsonInclude.Include.NON_NULL) SignedCertificateDetachedSct signedCertificateDetachedSct) {
        /** @param sctEmbedded whether the leaf carries its SCT list */
        public static SigningCertificate of(List<String> pems, boolean sctEmbedded) {
            CertificateChain chain = new CertificateChain(pems);
            return sctEmbedded
                    ? new SigningCertificate(new SignedCertificateEmbeddedSct(chain), null)
                    : new SigningCertificate(null, new SignedCertificateDetachedSct(chain, ""));
        }
    }

    public record SignedCertificateEmbeddedSct(CertificateChain chain) {
    }

    /** Only ever without an SCT ({@code ""}, bytes in proto3 JSON): the certificate was not logged. */
    public record SignedCertificateDetachedSct(CertificateChain chain, String signedCertificateTimestamp) {
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
