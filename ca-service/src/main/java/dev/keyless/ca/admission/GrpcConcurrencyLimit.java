package dev.keyless.ca.admission;

import dev.keyless.ca.errors.ErrorCatalogue;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The gRPC side of {@link RequestSlots}: a call holds a slot from its start until it completes or is cancelled. gRPC
 * calls are asynchronous servlet requests, so a servlet filter would give the slot back when the call starts; the
 * listener knows when it ends. A call that finds every slot taken is refused at once with {@code UNAVAILABLE} (the
 * status gRPC clients treat as retryable), rather than parking grpc-java's executor thread.
 */
public final class GrpcConcurrencyLimit implements ServerInterceptor {
    private final RequestSlots slots;

    public GrpcConcurrencyLimit(RequestSlots slots) {
        this.slots = slots;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (!slots.tryAcquire()) {
            call.close(Status.UNAVAILABLE.withDescription(ErrorCatalogue.BUSY_MESSAGE), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                slots.release();
            }
        };
        ServerCall.Listener<Q> listener;
        try {
            listener = next.startCall(call, headers);
        } catch (RuntimeException | Error e) {
            release.run();
            throw e;
        }
        return new SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onComplete() {
                try {
                    super.onComplete();
                } finally {
                    release.run();
                }
            }

            @Override
            public void onCancel() {
                try {
                    super.onCancel();
                } finally {
                    release.run();
                }
            }
        };
    }
}
