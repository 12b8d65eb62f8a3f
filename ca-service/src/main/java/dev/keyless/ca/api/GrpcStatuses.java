package dev.keyless.ca.api;

import dev.keyless.ca.challenge.ChallengeException;
import dev.keyless.ca.identity.IdentityMappingException;
import dev.keyless.ca.identity.IdentityProviderUnavailableException;
import dev.keyless.ca.identity.InvalidTokenException;
import dev.keyless.ca.issuance.CertificateTransparencyException;
import dev.keyless.ca.issuance.CtLogUnavailableException;
import dev.keyless.ca.policy.PolicyViolationException;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC counterpart of {@link ApiErrorHandler}: the same failures, the same codes (the REST bodies already carry
 * gRPC codes) and the same fixed client messages (fulcio.md §1.7). Tokens, keys and stack traces never reach a status
 * or a log line; logs carry only the internal reason, which names the failed check.
 */
final class GrpcStatuses {
    private static final Logger log = LoggerFactory.getLogger(GrpcStatuses.class);

    private GrpcStatuses() {
    }

    static Status of(RuntimeException e) {
        return switch (e) {
            case InvalidTokenException t -> {
                log.info("identity token refused: {}", t.getMessage());
                yield Status.UNAUTHENTICATED.withDescription(ApiErrorHandler.TOKEN_MESSAGE);
            }
            case ChallengeException c -> {
                log.info("proof of possession refused: {}", c.reason());
                yield Status.INVALID_ARGUMENT.withDescription(c.reason().clientMessage());
            }
            case IdentityMappingException m -> {
                log.info("identity cannot be mapped to a certificate: {}", m.getMessage());
                yield Status.INVALID_ARGUMENT.withDescription(m.getMessage());
            }
            case PolicyViolationException p -> {
                log.info("issuance refused by policy rule {}", p.ruleName());
                yield Status.PERMISSION_DENIED.withDescription(ApiErrorHandler.POLICY_MESSAGE_PREFIX + p.ruleName());
            }
            case InvalidRequestException i -> Status.INVALID_ARGUMENT.withDescription(i.getMessage());
            case IdentityProviderUnavailableException u -> {
                log.warn("{}", u.getMessage());
                yield Status.UNAVAILABLE.withDescription(ApiErrorHandler.UNAVAILABLE_MESSAGE);
            }
            case ServerBusyException b -> {
                log.warn("refused: {}", b.getMessage());
                yield Status.UNAVAILABLE.withDescription(ConcurrencyLimitFilter.BUSY_MESSAGE);
            }
            case CtLogUnavailableException t -> {
                // Checked before its superclass: the log is down, slow or refusing, nothing was issued, a retry may work.
                log.warn("CT log unavailable: {}", t.getMessage());
                yield Status.UNAVAILABLE.withDescription(ApiErrorHandler.CT_MESSAGE);
            }
            case CertificateTransparencyException t -> {
                log.error("CT submission failed: {}", t.getMessage());
                yield Status.INTERNAL.withDescription(ApiErrorHandler.CT_MESSAGE);
            }
            default -> {
                log.error("unexpected error: {}: {}", e.getClass().getName(), e.getMessage());
                log.debug("unexpected error", e);
                yield Status.INTERNAL.withDescription(ApiErrorHandler.INTERNAL_MESSAGE);
            }
        };
    }
}
