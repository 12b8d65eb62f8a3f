package dev.keyless.ca.web;

import dev.keyless.ca.errors.ErrorCatalogue;
import dev.keyless.ca.errors.InvalidRequestException;
import io.grpc.Status;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Errors become responses here, in grpc-gateway's shape {@code {"code","message","details"}}, from the service's one
 * {@link ErrorCatalogue}. Only what exists over HTTP alone is decided here: an unreadable body, and the framework's
 * own refusals (404, 405, 415, …).
 */
@RestControllerAdvice
public class ApiErrorHandler {
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Responses.Error> unreadable(HttpMessageNotReadableException e) {
        return body(HttpStatus.BAD_REQUEST, Status.Code.INVALID_ARGUMENT, InvalidRequestException.UNPARSEABLE_BODY);
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<Responses.Error> failure(Exception e) {
        if (e instanceof ErrorResponse framework) {
            return framework(framework);
        }
        ErrorCatalogue.Answer answer = ErrorCatalogue.answer(e);
        ResponseEntity<Responses.Error> response = body(HttpStatusCode.valueOf(answer.httpStatus()), answer.grpcCode(),
                answer.clientMessage());
        if (answer.httpStatus() == HttpStatus.UNAUTHORIZED.value()) {
            return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders())
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").body(response.getBody());
        }
        return response;
    }

    /** Framework errors (404, 405, 415, …) keep their status with a generic message. */
    private static ResponseEntity<Responses.Error> framework(ErrorResponse e) {
        HttpStatusCode status = e.getStatusCode();
        Status.Code code = switch (status.value()) {
            case 404 -> Status.Code.NOT_FOUND;
            case 405 -> Status.Code.UNIMPLEMENTED;
            case 413 -> Status.Code.RESOURCE_EXHAUSTED;
            default -> status.is4xxClientError() ? Status.Code.INVALID_ARGUMENT : Status.Code.INTERNAL;
        };
        HttpStatus known = HttpStatus.resolve(status.value());
        return body(status, code, known != null ? known.getReasonPhrase() : "error");
    }

    static ResponseEntity<Responses.Error> body(HttpStatusCode status, Status.Code code, String message) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
        if (status.value() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            answer.header(HttpHeaders.RETRY_AFTER, ErrorCatalogue.RETRY_AFTER_SECONDS);
        }
        return answer.body(new Responses.Error(code.value(), message));
    }
}
