package dev.keyless.ca.identity;

/**
 * The identity token was refused: malformed, unknown issuer, bad signature or algorithm, wrong audience, outside its
 * validity, or missing a required claim. Answered with 401 and one fixed message; {@link #getMessage()} says which
 * check failed, for the server log only, and never contains the token or claim values.
 */
public class InvalidTokenException extends RuntimeException {
    public InvalidTokenException(String reason) {
        super(reason, null, false, false);
    }

    public InvalidTokenException(String reason, Throwable cause) {
        super(reason, cause, false, false);
    }
}
