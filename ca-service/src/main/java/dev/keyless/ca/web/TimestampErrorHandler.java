package dev.keyless.ca.web;

import dev.keyless.ca.errors.ErrorCatalogue;
import dev.keyless.ca.timestamp.TimestampRequestException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The timestamp API's refusals in the Sigstore timestamp authority's shape, {@code {"code":<HTTP status>,
 * "message":"..."}}, from the service's one {@link ErrorCatalogue}. Ahead of {@link ApiErrorHandler}, for
 * {@link TimestampController} only.
 */
@RestControllerAdvice(assignableTypes = TimestampController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class TimestampErrorHandler {
    /** The body, in this field order. */
    public record TimestampError(int code, String message) {
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<TimestampError> failure(Exception e) {
        int status;
        String message;
        if (e instanceof ErrorResponse framework && framework.getStatusCode().value() != 415) {
            status = framework.getStatusCode().value();
            HttpStatus known = HttpStatus.resolve(status);
            message = known != null ? known.getReasonPhrase() : "error";
        } else if (e instanceof ErrorResponse) {
            // A Content-Type Spring cannot even parse: the same refusal as one the controller does not take.
            status = 415;
            message = TimestampRequestException.Reason.MEDIA_TYPE.clientMessage();
        } else {
            ErrorCatalogue.Answer answer = ErrorCatalogue.answer(e);
            status = answer.httpStatus();
            message = answer.clientMessage();
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
        if (status == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            response.header(HttpHeaders.RETRY_AFTER, ErrorCatalogue.RETRY_AFTER_SECONDS);
        }
        return response.body(new TimestampError(status, message));
    }
}
