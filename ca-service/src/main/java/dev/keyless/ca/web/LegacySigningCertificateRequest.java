package dev.keyless.ca.web;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The v1 request of {@code fulcio_legacy.proto} (fulcio.md §1.5), as cosign ≤ v2 sends it. Unlike v2,
 * {@code publicKey.content} is {@code bytes}: base64 of the PEM or DER key.
 *
 * @param signedEmailAddress base64 signature over the principal's name (the field name is historical)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LegacySigningCertificateRequest(
        @JsonAlias("public_key") PublicKeyValue publicKey,
        @JsonAlias("signed_email_address") String signedEmailAddress,
        @JsonAlias("certificate_signing_request") String certificateSigningRequest) {

    /** @param content base64 of the PEM or DER key */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PublicKeyValue(Object algorithm, String content) {
    }
}
