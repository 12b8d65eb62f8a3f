package dev.keyless.tlog.rekor.web;

import dev.keyless.tlog.engine.PushbackException;
import dev.keyless.tlog.rekor.RekorApiException;
import dev.keyless.tlog.web.BodyLimitFilter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Rekor v2's refusals in rekor-tiles' shape, {@code {"code":<gRPC code>,"message":"...","details":[]}}, with the
 * statuses of the one catalogue ({@link ApiErrorHandler#status}): 400 invalid, 409 duplicate with {@code x-log-index},
 * 413 too large, 503 with {@code Retry-After} when the log is busy or its storage is down.
 */
@RestControllerAdvice(assignableTypes = RekorV2Controller.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RekorV2ErrorHandler {
    private static final Logger log = LoggerFactory.getLogger(RekorV2ErrorHandler.class);
    static final String LOG_INDEX_HEADER = "x-log-index";

    /** The body, in this field order. */
    public record V2Error(int code, String message, List<Object> details) {
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<V2Error> failure(Exception e) {
        return switch (e) {
            case RekorApiException r -> {
                ResponseEntity.BodyBuilder b = ResponseEntity.status(ApiErrorHandler.status(r.kind()));
                if (r.existingIndex() >= 0) {
                    b.header(LOG_INDEX_HEADER, Long.toString(r.existingIndex()));
                }
                yield body(b, ApiErrorHandler.status(r.kind()), r.getMessage());
            }
            case PushbackException p -> {
                log.warn("pushback: {}", p.getMessage());
                yield unavailable("the log is busy; retry later");
            }
            case DataAccessResourceFailureException d -> unavailable(storage(d));
            case TransientDataAccessException d -> unavailable(storage(d));
            case RecoverableDataAccessException d -> unavailable(storage(d));
            case ErrorResponse framework -> {
                HttpStatus status = HttpStatus.resolve(framework.getStatusCode().value());
                status = status == null ? HttpStatus.BAD_REQUEST : status;
                yield body(ResponseEntity.status(status), status, status.getReasonPhrase());
            }
            default -> {
                for (Throwable t = e; t != null; t = t.getCause()) {
                    if (t instanceof BodyLimitFilter.TooLargeException tooLarge) {
                        yield body(ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE), HttpStatus.CONTENT_TOO_LARGE,
                                "Request Entity Too Large. Limit set to " + tooLarge.limit());
                    }
                }
                log.error("unexpected error", e);
                yield body(ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR), HttpStatus.INTERNAL_SERVER_ERROR,
                        "failed to integrate entry");
            }
        };
    }

    private static String storage(Exception e) {
        log.warn("log storage unavailable: {}", e.toString());
        return "the log's storage is unavailable; retry later";
    }

    private static ResponseEntity<V2Error> unavailable(String message) {
        return body(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1"),
                HttpStatus.SERVICE_UNAVAILABLE, message);
    }

    private static ResponseEntity<V2Error> body(ResponseEntity.BodyBuilder b, HttpStatus status, String message) {
        return b.contentType(MediaType.APPLICATION_JSON).body(new V2Error(grpcCode(status), message, List.of()));
    }

    /** The gRPC code grpc-gateway maps to each status (google.rpc.Code). */
    static int grpcCode(HttpStatus status) {
        return switch (status.value()) {
            case 400, 415 -> 3;
            case 404 -> 5;
            case 409 -> 6;
            case 413, 429 -> 8;
            case 405 -> 12;
            case 503 -> 14;
            default -> 13;
        };
    }
}
