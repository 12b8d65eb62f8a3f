package dev.keyless.ca.api;

/**
 * No issuance slot came free in time ({@link dev.keyless.ca.issuance.CpuSlots}): the CA is overloaded. Answered as
 * the request limit's refusals are: 503 with {@code Retry-After} over REST, {@code UNAVAILABLE} over gRPC.
 */
public final class ServerBusyException extends RuntimeException {
    public ServerBusyException() {
        super("no issuance slot came free within " + SigningCertificateService.SLOT_WAIT.toMillis() + " ms", null,
                false, false);
    }
}
