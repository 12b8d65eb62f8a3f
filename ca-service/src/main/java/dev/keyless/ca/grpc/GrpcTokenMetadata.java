package dev.keyless.ca.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Carries the {@code oidcidentitytoken} request metadata, Fulcio's alternative to
 * {@code credentials.oidc_identity_token} (fulcio.md §1.2), into the call's {@link Context}.
 */
public final class GrpcTokenMetadata implements ServerInterceptor {
    static final Metadata.Key<String> KEY = Metadata.Key.of("oidcidentitytoken", Metadata.ASCII_STRING_MARSHALLER);
    /** The metadata token of the current call, or null. */
    static final Context.Key<String> TOKEN = Context.key("oidcidentitytoken");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String token = headers.get(KEY);
        if (token == null) {
            return next.startCall(call, headers);
        }
        return Contexts.interceptCall(Context.current().withValue(TOKEN, token), call, headers, next);
    }
}
