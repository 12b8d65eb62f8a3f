package dev.keyless.tlog.ct.web;

import dev.keyless.tlog.ct.CtApiException;
import dev.keyless.tlog.web.BodyLimitFilter;
import dev.keyless.tlog.engine.PushbackException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Errors of the CT API: plain HTTP statuses (RFC 6962 defines no error body) with a small fixed
 * {@code {"error": "..."}}. Scoped to {@link CtController} (and {@link CtIssuanceController}) and ordered before the Rekor-shaped
 * {@code ApiErrorHandler}, which therefore never sees a CT request.
 */
@RestControllerAdvice(assignableTypes = {CtController.class, CtIssuanceController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CtErrorHandler {
    private static final Logger log = LoggerFactory.getLogger(CtErrorHandler.class);

    @ExceptionHandler(CtApiException.class)
    ResponseEntity<CtJson.ErrorResponse> refused(CtApiException e) {
        return ResponseEntity.status(e.status()).body(new CtJson.ErrorResponse(e.getMessage()));
    }

    @ExceptionHandler(PushbackException.class)
    ResponseEntity<CtJson.ErrorResponse> pushback(PushbackException e) {
        log.warn("CT pushback: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(new CtJson.ErrorResponse("the log is busy; retry later"));
    }

    /** The database is down or restarting (see ApiErrorHandler): 503 with Retry-After, never a 500. */
    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class,
        RecoverableDataAccessException.class})
    ResponseEntity<CtJson.ErrorResponse> storageUnavailable(DataAccessException e) {
        log.warn("CT log storage unavailable: {}", e.getMostSpecificCause().toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(new CtJson.ErrorResponse("the log's storage is unavailable; retry later"));
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MissingServletRequestParameterException.class,
        MethodArgumentTypeMismatchException.class})
    ResponseEntity<CtJson.ErrorResponse> malformed(Exception e) {
        if (tooLarge(e)) {
            return tooLarge();
        }
        return ResponseEntity.badRequest().body(new CtJson.ErrorResponse("malformed request"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<CtJson.ErrorResponse> mediaType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).body(new CtJson.ErrorResponse("unsupported media type"));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<Void> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return ResponseEntity.status(HttpStatus.NOT_ACCEPTABLE).build();
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<CtJson.ErrorResponse> method(HttpRequestMethodNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).body(new CtJson.ErrorResponse("method not allowed"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<CtJson.ErrorResponse> unexpected(Exception e) {
        if (tooLarge(e)) {
            return tooLarge();
        }
        log.error("unexpected error in the CT API", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(new CtJson.ErrorResponse("internal error"));
    }

    private static boolean tooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyLimitFilter.TooLargeException) {
                return true;
            }
        }
        return false;
    }

    private static ResponseEntity<CtJson.ErrorResponse> tooLarge() {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(new CtJson.ErrorResponse("request body too large"));
    }
}
