package dev.keyless.ca.timestamp;

/**
 * A timestamp request the authority refuses (400), with a fixed message naming the reason, as the Sigstore timestamp
 * authority answers them. Nothing of the request is echoed.
 */
public final class TimestampRequestException extends RuntimeException {
    /** Why; each has the fixed message returned to the client. */
    public enum Reason {
        UNPARSEABLE("Error parsing request"),
        WEAK_HASH("Weak hash algorithm in request: use SHA-256, SHA-384 or SHA-512"),
        UNSUPPORTED_HASH("Unsupported hash algorithm in request: use SHA-256, SHA-384 or SHA-512"),
        DIGEST_LENGTH("The message imprint has the wrong length for its hash algorithm"),
        POLICY("The requested policy is not accepted"),
        EXTENSIONS("Request extensions are not supported"),
        TOO_LARGE("The request is too large"),
        MEDIA_TYPE("Content-Type must be application/timestamp-query or application/json");

        private final String clientMessage;

        Reason(String clientMessage) {
            this.clientMessage = clientMessage;
        }

        public String clientMessage() {
            return clientMessage;
        }
    }

    private final Reason reason;

    public TimestampRequestException(Reason reason) {
        super(reason.clientMessage(), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
