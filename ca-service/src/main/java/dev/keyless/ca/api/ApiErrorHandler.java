package dev.keyless.ca.api;

import dev.keyless.ca.challenge.ChallengeException;
import dev.keyless.ca.identity.IdentityMappingException;
import dev.keyless.ca.identity.IdentityProviderUnavailableException;
import dev.keyless.ca.identity.InvalidTokenException;
import dev.keyless.ca.issuance.CertificateTransparencyException;
import dev.keyless.ca.issuance.CtLogUnavailableException;
import dev.keyless.ca.policy.PolicyViolationException;
import dev.keyless.ca.trust.TrustRootNotConfiguredException;
import dev.keyless.ca.trust.TrustRootUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The one place errors become responses, in grpc-gateway's shape {@code {"code","message","details"}} with
 * Fulcio's status codes and fixed client messages (fulcio.md §1.7). Tokens, keys and stack traces never reach a
 * response; log lines carry only the internal reason (which names the failed check, not the input).
 */
@RestControllerAdvice
public class ApiErrorHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);
    static final String TOKEN_MESSAGE = "There was an error processing the identity token";
    static final String POLICY_MESSAGE_PREFIX = "The identity is not allowed a certificate by policy rule: ";
    static final String UNAVAILABLE_MESSAGE = "The identity provider could not be reached";
    public static final String CT_MESSAGE = "Error entering certificate in CTL";
    static final String INTERNAL_MESSAGE = "error communicating with CA backend";
    static final String TRUST_ROOT_NOT_CONFIGURED_MESSAGE =
            "No transparency log is configured: set keyless.ca.trust-root.rekor-url or keyless.ca.ct.url";
    static final String TRUST_ROOT_UNAVAILABLE_MESSAGE = "The transparency log could not be reached to build the trust root";

    /** gRPC status codes used in bodies (google.rpc.Code). */
    static final int INVALID_ARGUMENT = 3;
    static final int PERMISSION_DENIED = 7;
    static final int RESOURCE_EXHAUSTED = 8;
    static final int INTERNAL = 13;
    static final int UNAVAILABLE = 14;
    static final int UNAUTHENTICATED = 16;
    static final int NOT_FOUND = 5;
    static final int UNIMPLEMENTED = 12;

    @ExceptionHandler(InvalidTokenException.class)
    ResponseEntity<Responses.Error> token(InvalidTokenException e) {
        log.info("identity token refused: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .contentType(MediaType.APPLICATION_JSON).body(new Responses.Error(UNAUTHENTICATED, TOKEN_MESSAGE));
    }

    @ExceptionHandler(ChallengeException.class)
    ResponseEntity<Responses.Error> challenge(ChallengeException e) {
        log.info("proof of possession refused: {}", e.reason());
        return body(HttpStatus.BAD_REQUEST, INVALID_ARGUMENT, e.reason().clientMessage());
    }

    @ExceptionHandler(IdentityMappingException.class)
    ResponseEntity<Responses.Error> mapping(IdentityMappingException e) {
        log.info("identity cannot be mapped to a certificate: {}", e.getMessage());
        return body(HttpStatus.BAD_REQUEST, INVALID_ARGUMENT, e.getMessage());
    }

    @ExceptionHandler(PolicyViolationException.class)
    ResponseEntity<Responses.Error> policy(PolicyViolationException e) {
        log.info("issuance refused by policy rule {}", e.ruleName());
        return body(HttpStatus.FORBIDDEN, PERMISSION_DENIED, POLICY_MESSAGE_PREFIX + e.ruleName());
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<Responses.Error> invalid(InvalidRequestException e) {
        return body(HttpStatus.BAD_REQUEST, INVALID_ARGUMENT, e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Responses.Error> unreadable(HttpMessageNotReadableException e) {
        return body(HttpStatus.BAD_REQUEST, INVALID_ARGUMENT, InvalidRequestException.UNPARSEABLE_BODY);
    }

    @ExceptionHandler(IdentityProviderUnavailableException.class)
    ResponseEntity<Responses.Error> unavailable(IdentityProviderUnavailableException e) {
        log.warn("{}", e.getMessage());
        return body(HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE, UNAVAILABLE_MESSAGE);
    }

    @ExceptionHandler(CertificateTransparencyException.class)
    ResponseEntity<Responses.Error> transparency(CertificateTransparencyException e) {
        log.error("CT submission failed: {}", e.getMessage());
        return body(HttpStatus.INTERNAL_SERVER_ERROR, INTERNAL, CT_MESSAGE);
    }

    /** The CT log is down, slow or refusing: nothing was issued, and a retry may succeed. */
    @ExceptionHandler(CtLogUnavailableException.class)
    ResponseEntity<Responses.Error> ctLogUnavailable(CtLogUnavailableException e) {
        log.warn("CT log unavailable: {}", e.getMessage());
        return body(HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE, CT_MESSAGE);
    }

    /** Overload: no issuance slot came free in time (as the request limit answers before the body is read). */
    @ExceptionHandler(ServerBusyException.class)
    ResponseEntity<Responses.Error> busy(ServerBusyException e) {
        log.warn("refused: {}", e.getMessage());
        return body(HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE, ConcurrencyLimitFilter.BUSY_MESSAGE);
    }

    @ExceptionHandler(TrustRootUnavailableException.class)
    ResponseEntity<Responses.Error> trustRootUnavailable(TrustRootUnavailableException e) {
        log.warn("trust root unavailable: {}", e.getMessage());
        return body(HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE, TRUST_ROOT_UNAVAILABLE_MESSAGE);
    }

    @ExceptionHandler(TrustRootNotConfiguredException.class)
    ResponseEntity<Responses.Error> trustRootNotConfigured(TrustRootNotConfiguredException e) {
        return body(HttpStatus.NOT_FOUND, NOT_FOUND, TRUST_ROOT_NOT_CONFIGURED_MESSAGE);
    }

    /** Framework errors (404, 405, 415, …) keep their status with a generic message. */
    private static ResponseEntity<Responses.Error> framework(ErrorResponse e) {
        HttpStatusCode status = e.getStatusCode();
        int code = switch (status.value()) {
            case 404 -> NOT_FOUND;
            case 405 -> UNIMPLEMENTED;
            case 413 -> RESOURCE_EXHAUSTED;
            default -> status.is4xxClientError() ? INVALID_ARGUMENT : INTERNAL;
        };
        HttpStatus known = HttpStatus.resolve(status.value());
        return body(status, code, known != null ? known.getReasonPhrase() : "error");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Responses.Error> unexpected(Exception e) {
        if (e instanceof ErrorResponse framework) {
            return framework(framework);
        }
        // The class and message identify the failure; the stack trace stays at debug level.
        log.error("unexpected error: {}: {}", e.getClass().getName(), e.getMessage());
        log.debug("unexpected error", e);
        return body(HttpStatus.INTERNAL_SERVER_ERROR, INTERNAL, INTERNAL_MESSAGE);
    }

    /**
     * Every 503 says when to try again, as tlog-service's do: a dependency that is down, slow or overloaded (CT log,
     * identity provider, Rekor for the trust root) usually answers again within moments, and HTTP clients that
     * retry (Go's retryablehttp among them) wait for this rather than for their own backoff.
     */
    static final String RETRY_AFTER_SECONDS = "1";

    static ResponseEntity<Responses.Error> body(HttpStatusCode status, int code, String message) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
        if (status.value() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            answer.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return answer.body(new Responses.Error(code, message));
    }
}
