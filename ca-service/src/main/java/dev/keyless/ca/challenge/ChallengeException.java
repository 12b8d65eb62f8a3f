package dev.keyless.ca.challenge;

/**
 * The subject key or its proof of possession was refused; answered 400 with {@link Reason#clientMessage()}, Fulcio's
 * fixed strings (fulcio.md §1.7).
 */
public class ChallengeException extends RuntimeException {
    /** Why, with the text a client sees. */
    public enum Reason {
        CSR_UNPARSEABLE("The certificate signing request could not be parsed"),
        KEY_UNPARSEABLE("The public key supplied in the request could not be parsed"),
        KEY_INSECURE("The public key supplied in the request is insecure"),
        SIGNATURE_INVALID("The signature supplied in the request could not be verified"),
        SIGNATURE_ALGORITHM_UNRECOGNIZED("unrecognized signature algorithm"),
        ALGORITHM_NOT_PERMITTED("signing algorithm not permitted");

        private final String clientMessage;

        Reason(String clientMessage) {
            this.clientMessage = clientMessage;
        }

        public String clientMessage() {
            return clientMessage;
        }
    }

    private final Reason reason;

    public ChallengeException(Reason reason) {
        super(reason.clientMessage(), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
