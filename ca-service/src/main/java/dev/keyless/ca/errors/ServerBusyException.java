package dev.keyless.ca.errors;

import java.time.Duration;

/**
 * No issuance slot came free in time ({@code CpuSlots}): the CA is overloaded. Answered as the request limit's
 * refusals are: 503 with {@code Retry-After} over REST, {@code UNAVAILABLE} over gRPC.
 */
public final class ServerBusyException extends RuntimeException {
    public ServerBusyException(Duration waited) {
        super("no issuance slot came free within " + waited.toMillis() + " ms", null, false, false);
    }
}
