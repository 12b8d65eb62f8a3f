package dev.keyless.tlog.rekor.web;

import dev.keyless.tlog.engine.PushbackException;
import dev.keyless.tlog.rekor.RekorApiException;
import dev.keyless.tlog.web.BodyLimitFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place tlog-service turns failures into Rekor's {@code {code, message}} error body. Client messages are
 * fixed strings; causes go to the log only.
 */
@RestControllerAdvice
public class ApiErrorHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

    /** Rekor's statuses for each kind of refusal (rekor.md): 409 carries the existing entry's Location. */
    static HttpStatus status(RekorApiException.Kind kind) {
        return switch (kind) {
            case BAD_REQUEST, INVALID_ENTRY -> HttpStatus.BAD_REQUEST;
            case DUPLICATE -> HttpStatus.CONFLICT;
            case TOO_MANY -> HttpStatus.UNPROCESSABLE_CONTENT;
        };
    }

    @ExceptionHandler(RekorApiException.class)
    ResponseEntity<ErrorJson> rekor(RekorApiException e) {
        HttpStatus status = status(e.kind());
        ResponseEntity.BodyBuilder b = ResponseEntity.status(status);
        if (e.location() != null) {
            b.header(HttpHeaders.LOCATION, e.location());
        }
        return b.body(new ErrorJson(status.value(), e.getMessage()));
    }

    @ExceptionHandler(PushbackException.class)
    ResponseEntity<ErrorJson> pushback(PushbackException e) {
        log.warn("pushback: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(new ErrorJson(503, "the log is busy; retry later"));
    }

    /**
     * The database is down, restarting or out of connections (a read outside the sequencer, or the pool's wait
     * expiring): the request may succeed in a moment, so 503 with Retry-After as for pushback, never a 500.
     */
    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class,
        RecoverableDataAccessException.class})
    ResponseEntity<ErrorJson> storageUnavailable(DataAccessException e) {
        log.warn("log storage unavailable: {}", e.getMostSpecificCause().toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(new ErrorJson(503, "the log's storage is unavailable; retry later"));
    }

    @ExceptionHandler(BodyLimitFilter.TooLargeException.class)
    ResponseEntity<ErrorJson> tooLarge(BodyLimitFilter.TooLargeException e) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                .body(new ErrorJson(413, "Request Entity Too Large. Limit set to " + e.limit()));
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MissingServletRequestParameterException.class,
        MethodArgumentTypeMismatchException.class})
    ResponseEntity<ErrorJson> badRequest(Exception e) {
        if (e.getCause() instanceof BodyLimitFilter.TooLargeException t) {
            return tooLarge(t);
        }
        return ResponseEntity.badRequest().body(new ErrorJson(400, "malformed request"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorJson> mediaType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).body(new ErrorJson(415, "unsupported media type"));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorJson> method(HttpRequestMethodNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).body(new ErrorJson(405, "method not allowed"));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ErrorJson> notFound(NoResourceFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(new ErrorJson(404, "not found"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorJson> unexpected(Exception e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof BodyLimitFilter.TooLargeException tooLarge) {
                return tooLarge(tooLarge);
            }
            t = t.getCause();
        }
        log.error("unexpected error", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(new ErrorJson(500, "unexpected error communicating with transparency log"));
    }
}
