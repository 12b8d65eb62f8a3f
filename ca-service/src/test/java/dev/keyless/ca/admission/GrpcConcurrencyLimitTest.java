package dev.keyless.ca.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GrpcConcurrencyLimitTest {
    final RequestSlots slots = new RequestSlots(1);
    final GrpcConcurrencyLimit limit = new GrpcConcurrencyLimit(slots);
    final AtomicInteger started = new AtomicInteger();
    final ServerCallHandler<String, String> handler = (call, headers) -> {
        started.incrementAndGet();
        return new ServerCall.Listener<>() {
        };
    };

    @Test
    void aCallHoldsItsSlotUntilItCompletesAndACallFindingNoneIsRefusedUnavailable() {
        FakeCall first = new FakeCall();
        ServerCall.Listener<String> running = limit.interceptCall(first, new Metadata(), handler);
        assertThat(slots.inUse()).isEqualTo(1);
        assertThat(first.closed).isNull();

        FakeCall refused = new FakeCall();
        limit.interceptCall(refused, new Metadata(), handler);
        assertThat(refused.closed.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(refused.closed.getDescription()).isEqualTo("The server is busy; retry later");
        assertThat(started.get()).isEqualTo(1); // the refused call never reached the service

        running.onHalfClose();
        assertThat(slots.inUse()).isEqualTo(1); // still being answered
        running.onComplete();
        assertThat(slots.inUse()).isZero();
        limit.interceptCall(new FakeCall(), new Metadata(), handler);
        assertThat(started.get()).isEqualTo(2);
    }

    @Test
    void aCancelledCallGivesItsSlotBackOnceEvenIfTheListenerHearsTwice() {
        ServerCall.Listener<String> running = limit.interceptCall(new FakeCall(), new Metadata(), handler);
        running.onCancel();
        running.onComplete();
        assertThat(slots.inUse()).isZero();
        limit.interceptCall(new FakeCall(), new Metadata(), handler);
        FakeCall second = new FakeCall();
        limit.interceptCall(second, new Metadata(), handler);
        assertThat(second.closed.getCode()).as("one slot, not two").isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void aCallWhoseHandlerThrowsGivesItsSlotBack() {
        ServerCallHandler<String, String> failing = (call, headers) -> {
            throw new IllegalStateException("boom");
        };
        assertThatThrownBy(() -> limit.interceptCall(new FakeCall(), new Metadata(), failing)).hasMessage("boom");
        assertThat(slots.inUse()).isZero();
    }

    static final class FakeCall extends ServerCall<String, String> {
        Status closed;

        @Override
        public void request(int numMessages) {
        }

        @Override
        public void sendHeaders(Metadata headers) {
        }

        @Override
        public void sendMessage(String message) {
        }

        @Override
        public void close(Status status, Metadata trailers) {
            closed = status;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public MethodDescriptor<String, String> getMethodDescriptor() {
            return null;
        }
    }
}
