package dev.keyless.ca.web;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code CreateSigningCertificateRequest} of {@code fulcio.proto} in proto3 JSON as grpc-gateway reads it
 * (fulcio.md §1.1): lowerCamelCase or snake_case names, unknown fields ignored; {@code bytes} fields are base64
 * strings; the algorithm enum is kept as text and ignored (the key determines the algorithm), so unknown names such
 * as sigstore-go's {@code "RSA"} are harmless.
 *
 * @param certificateSigningRequest base64 of a PEM CSR; checked first when present
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CreateSigningCertificateRequest(
        Credentials credentials,
        @JsonAlias("public_key_request") PublicKeyRequest publicKeyRequest,
        @JsonAlias("certificate_signing_request") String certificateSigningRequest) {

    /** @param oidcIdentityToken the JWT; optional when sent as {@code Authorization: Bearer} */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Credentials(@JsonAlias("oidc_identity_token") String oidcIdentityToken) {
    }

    /** @param proofOfPossession base64 signature over the principal's name */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PublicKeyRequest(
            @JsonAlias("public_key") PublicKeyValue publicKey,
            @JsonAlias("proof_of_possession") String proofOfPossession) {
    }

    /** @param content PEM (or DER) public key, a string in v2 */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PublicKeyValue(Object algorithm, String content) {
    }
}
