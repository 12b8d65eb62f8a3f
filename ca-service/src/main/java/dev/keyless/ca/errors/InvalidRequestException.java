package dev.keyless.ca.errors;

/** The request is malformed (400); the message is a fixed string safe to return. */
public class InvalidRequestException extends RuntimeException {
    public static final String UNPARSEABLE_BODY = "The request body could not be parsed";

    public InvalidRequestException(String clientMessage) {
        super(clientMessage, null, false, false);
    }
}
