package dev.keyless.ca.grpc;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Sends empty response headers before a status when the call has sent none. An error answered before any response
 * is a gRPC "trailers-only" response, which grpc-servlet on Tomcat cannot write: the client would see
 * {@code INTERNAL: Received unexpected EOS on empty DATA frame from server} instead of the real status
 * (grpc/grpc-java#10124, spring-projects/spring-grpc#131). Must run first, i.e. be
 * the outermost interceptor. Closures made by the transport itself (deadlines) are beyond its reach.
 */
public final class HeadersBeforeStatus implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        return next.startCall(new SimpleForwardingServerCall<>(call) {
            private boolean headersSent;

            @Override
            public void sendHeaders(Metadata responseHeaders) {
                headersSent = true;
                super.sendHeaders(responseHeaders);
            }

            @Override
            public void close(Status status, Metadata trailers) {
                if (!headersSent) {
                    headersSent = true;
                    super.sendHeaders(new Metadata());
                }
                super.close(status, trailers);
            }
        }, headers);
    }
}
