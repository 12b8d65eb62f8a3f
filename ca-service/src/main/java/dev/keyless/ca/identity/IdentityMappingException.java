package dev.keyless.ca.identity;

/**
 * A verified token cannot be turned into a certificate identity, e.g. a ci-provider template references a claim the
 * token lacks. Fulcio answers 400 with this text ({@code ca.ValidationError}, fulcio.md §1.7), so messages name
 * only configuration (claim names), never claim values.
 */
public class IdentityMappingException extends RuntimeException {
    public IdentityMappingException(String message) {
        super(message, null, false, false);
    }
}
