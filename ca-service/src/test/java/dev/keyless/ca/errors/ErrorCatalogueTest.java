package dev.keyless.ca.errors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.ca.challenge.ChallengeException;
import dev.keyless.ca.grpc.GrpcStatuses;
import dev.keyless.ca.identity.IdentityMappingException;
import dev.keyless.ca.identity.IdentityProviderUnavailableException;
import dev.keyless.ca.identity.InvalidTokenException;
import dev.keyless.ca.issuance.CertificateTransparencyException;
import dev.keyless.ca.issuance.CtLogUnavailableException;
import dev.keyless.ca.policy.PolicyViolationException;
import dev.keyless.ca.timestamp.TimestampRequestException;
import dev.keyless.ca.trust.TrustRootNotConfiguredException;
import dev.keyless.ca.trust.TrustRootUnavailableException;
import dev.keyless.ca.web.ApiErrorHandler;
import dev.keyless.ca.web.Responses;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/**
 * The one table of failures, as both transports answer from it: Fulcio's status for each (fulcio.md §1.7), the same
 * gRPC code in the REST body and in the gRPC status, the same fixed client message, and nothing of the internal
 * reason (which may name a URL or a claim) in either.
 */
class ErrorCatalogueTest {
    record Row(RuntimeException failure, int http, Status.Code grpc, String message) {
    }

    static final String SECRET = "secret-detail http://idp.internal/x";

    static final List<Row> TABLE = List.of(
            new Row(new InvalidTokenException(SECRET), 401, Status.Code.UNAUTHENTICATED, ErrorCatalogue.TOKEN_MESSAGE),
            new Row(new ChallengeException(ChallengeException.Reason.KEY_INSECURE), 400, Status.Code.INVALID_ARGUMENT,
                    "The public key supplied in the request is insecure"),
            new Row(new IdentityMappingException("The token has no email claim"), 400, Status.Code.INVALID_ARGUMENT,
                    "The token has no email claim"),
            new Row(new PolicyViolationException("main-only"), 403, Status.Code.PERMISSION_DENIED,
                    ErrorCatalogue.POLICY_MESSAGE_PREFIX + "main-only"),
            new Row(new InvalidRequestException(InvalidRequestException.UNPARSEABLE_BODY), 400,
                    Status.Code.INVALID_ARGUMENT, InvalidRequestException.UNPARSEABLE_BODY),
            new Row(new IdentityProviderUnavailableException(SECRET, null), 503, Status.Code.UNAVAILABLE,
                    ErrorCatalogue.UNAVAILABLE_MESSAGE),
            new Row(new ServerBusyException(Duration.ofSeconds(1)), 503, Status.Code.UNAVAILABLE,
                    ErrorCatalogue.BUSY_MESSAGE),
            new Row(new CtLogUnavailableException("CT log answered HTTP 500 " + SECRET), 503, Status.Code.UNAVAILABLE,
                    ErrorCatalogue.CT_MESSAGE),
            new Row(new CertificateTransparencyException("SCT does not verify " + SECRET, null), 500,
                    Status.Code.INTERNAL, ErrorCatalogue.CT_MESSAGE),
            new Row(new TrustRootUnavailableException(SECRET, null), 503, Status.Code.UNAVAILABLE,
                    ErrorCatalogue.TRUST_ROOT_UNAVAILABLE_MESSAGE),
            new Row(new TrustRootNotConfiguredException(), 404, Status.Code.NOT_FOUND,
                    ErrorCatalogue.TRUST_ROOT_NOT_CONFIGURED_MESSAGE),
            new Row(new TimestampRequestException(TimestampRequestException.Reason.WEAK_HASH), 400,
                    Status.Code.INVALID_ARGUMENT, "Weak hash algorithm in request: use SHA-256, SHA-384 or SHA-512"),
            new Row(new TimestampRequestException(TimestampRequestException.Reason.TOO_LARGE), 413,
                    Status.Code.INVALID_ARGUMENT, "The request is too large"),
            new Row(new TimestampRequestException(TimestampRequestException.Reason.MEDIA_TYPE), 415,
                    Status.Code.INVALID_ARGUMENT, "Content-Type must be application/timestamp-query or application/json"),
            new Row(new IllegalStateException(SECRET), 500, Status.Code.INTERNAL, ErrorCatalogue.INTERNAL_MESSAGE));

    @Test
    void restAnswersEachFailureWithItsStatusCodeAndFixedMessage() {
        ApiErrorHandler handler = new ApiErrorHandler();
        for (Row row : TABLE) {
            ResponseEntity<Responses.Error> r = handler.failure(row.failure());
            String name = row.failure().getClass().getSimpleName();
            assertThat(r.getStatusCode().value()).as(name).isEqualTo(row.http());
            assertThat(r.getBody()).as(name).isEqualTo(new Responses.Error(row.grpc().value(), row.message()));
            assertThat(r.getHeaders().getFirst("Retry-After")).as(name + ": Retry-After on every 503, only there")
                    .isEqualTo(row.http() == 503 ? "1" : null);
            assertThat(r.getHeaders().getFirst("WWW-Authenticate")).as(name).isEqualTo(row.http() == 401 ? "Bearer" : null);
        }
    }

    @Test
    void grpcAnswersEachFailureWithTheSameCodeAndMessage() {
        for (Row row : TABLE) {
            Status status = GrpcStatuses.of(row.failure());
            String name = row.failure().getClass().getSimpleName();
            assertThat(status.getCode()).as(name).isEqualTo(row.grpc());
            assertThat(status.getDescription()).as(name).isEqualTo(row.message()).doesNotContain("secret");
        }
    }
}
