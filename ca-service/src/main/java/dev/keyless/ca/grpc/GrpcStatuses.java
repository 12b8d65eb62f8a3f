package dev.keyless.ca.grpc;

import dev.keyless.ca.errors.ErrorCatalogue;
import io.grpc.Status;

/** A failure as a gRPC status, from the service's one {@link ErrorCatalogue}. */
public final class GrpcStatuses {
    private GrpcStatuses() {
    }

    public static Status of(RuntimeException e) {
        ErrorCatalogue.Answer answer = ErrorCatalogue.answer(e);
        return Status.fromCode(answer.grpcCode()).withDescription(answer.clientMessage());
    }
}
