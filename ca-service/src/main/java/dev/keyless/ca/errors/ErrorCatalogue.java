package dev.keyless.ca.errors;

import dev.keyless.ca.challenge.ChallengeException;
import dev.keyless.ca.identity.IdentityMappingException;
import dev.keyless.ca.identity.IdentityProviderUnavailableException;
import dev.keyless.ca.identity.InvalidTokenException;
import dev.keyless.ca.issuance.CertificateTransparencyException;
import dev.keyless.ca.issuance.CtLogUnavailableException;
import dev.keyless.ca.policy.PolicyViolationException;
import dev.keyless.ca.timestamp.TimestampRequestException;
import dev.keyless.ca.trust.TrustRootNotConfiguredException;
import dev.keyless.ca.trust.TrustRootUnavailableException;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The one table of ca-service's failures (fulcio.md §1.7): for each exception, the HTTP status, the gRPC code (which
 * the REST bodies carry too, as grpc-gateway's do), the fixed client message and how it is logged. The REST error
 * handler and the gRPC service both answer from here, so the two transports cannot drift apart. Tokens, keys and
 * stack traces never reach an answer; log lines carry only the internal reason, which names the failed check.
 */
public final class ErrorCatalogue {
    private static final Logger log = LoggerFactory.getLogger(ErrorCatalogue.class);

    public static final String TOKEN_MESSAGE = "There was an error processing the identity token";
    public static final String POLICY_MESSAGE_PREFIX = "The identity is not allowed a certificate by policy rule: ";
    public static final String UNAVAILABLE_MESSAGE = "The identity provider could not be reached";
    public static final String CT_MESSAGE = "Error entering certificate in CTL";
    public static final String INTERNAL_MESSAGE = "error communicating with CA backend";
    public static final String BUSY_MESSAGE = "The server is busy; retry later";
    /**
     * Every 503 says when to try again, as tlog-service's do: a dependency that is down, slow or overloaded (CT log,
     * identity provider, Rekor for the trust root) usually answers again within moments, and HTTP clients that
     * retry (Go's retryablehttp among them) wait for this rather than for their own backoff.
     */
    public static final String RETRY_AFTER_SECONDS = "1";
    public static final String TRUST_ROOT_NOT_CONFIGURED_MESSAGE =
            "No transparency log is configured: set keyless.ca.trust-root.rekor-url or keyless.ca.ct.url";
    public static final String TRUST_ROOT_UNAVAILABLE_MESSAGE =
            "The transparency log could not be reached to build the trust root";

    /**
     * How one failure is answered.
     *
     * @param httpStatus the REST status
     * @param grpcCode the gRPC status code, also the {@code code} of the REST body
     * @param clientMessage a fixed string, or a message the exception guarantees is safe to return
     */
    public record Answer(int httpStatus, Status.Code grpcCode, String clientMessage) {
    }

    private ErrorCatalogue() {
    }

    /** Logs {@code e} at its level and returns how to answer it; anything not listed is an internal error. */
    public static Answer answer(Throwable e) {
        return switch (e) {
            case InvalidTokenException t -> logged(Level.INFO, "identity token refused: {}", t.getMessage(),
                    new Answer(401, Status.Code.UNAUTHENTICATED, TOKEN_MESSAGE));
            case ChallengeException c -> logged(Level.INFO, "proof of possession refused: {}", c.reason(),
                    new Answer(400, Status.Code.INVALID_ARGUMENT, c.reason().clientMessage()));
            case IdentityMappingException m -> logged(Level.INFO, "identity cannot be mapped to a certificate: {}",
                    m.getMessage(), new Answer(400, Status.Code.INVALID_ARGUMENT, m.getMessage()));
            case PolicyViolationException p -> logged(Level.INFO, "issuance refused by policy rule {}", p.ruleName(),
                    new Answer(403, Status.Code.PERMISSION_DENIED, POLICY_MESSAGE_PREFIX + p.ruleName()));
            case InvalidRequestException i -> new Answer(400, Status.Code.INVALID_ARGUMENT, i.getMessage());
            case IdentityProviderUnavailableException u -> logged(Level.WARN, "{}", u.getMessage(),
                    new Answer(503, Status.Code.UNAVAILABLE, UNAVAILABLE_MESSAGE));
            case ServerBusyException b -> logged(Level.WARN, "refused: {}", b.getMessage(),
                    new Answer(503, Status.Code.UNAVAILABLE, BUSY_MESSAGE));
            // Before its superclass: the log is down, slow or refusing, nothing was issued, and a retry may work.
            case CtLogUnavailableException t -> logged(Level.WARN, "CT log unavailable: {}", t.getMessage(),
                    new Answer(503, Status.Code.UNAVAILABLE, CT_MESSAGE));
            case CertificateTransparencyException t -> logged(Level.ERROR, "CT submission failed: {}", t.getMessage(),
                    new Answer(500, Status.Code.INTERNAL, CT_MESSAGE));
            case TrustRootUnavailableException t -> logged(Level.WARN, "trust root unavailable: {}", t.getMessage(),
                    new Answer(503, Status.Code.UNAVAILABLE, TRUST_ROOT_UNAVAILABLE_MESSAGE));
            case TimestampRequestException t -> logged(Level.INFO, "timestamp request refused: {}", t.reason(),
                    new Answer(switch (t.reason()) {
                        case TOO_LARGE -> 413;
                        case MEDIA_TYPE -> 415;
                        default -> 400;
                    }, Status.Code.INVALID_ARGUMENT, t.getMessage()));
            case TrustRootNotConfiguredException t ->
                    new Answer(404, Status.Code.NOT_FOUND, TRUST_ROOT_NOT_CONFIGURED_MESSAGE);
            default -> {
                // The class and message identify the failure; the stack trace stays at debug level.
                log.error("unexpected error: {}: {}", e.getClass().getName(), e.getMessage());
                log.debug("unexpected error", e);
                yield new Answer(500, Status.Code.INTERNAL, INTERNAL_MESSAGE);
            }
        };
    }

    private static Answer logged(Level level, String format, Object reason, Answer answer) {
        log.atLevel(level).log(format, reason);
        return answer;
    }
}
