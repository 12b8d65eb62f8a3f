package dev.keyless.ca.policy;

/** An issuance policy rule refused the request; answered 403 with a message naming the rule. */
public class PolicyViolationException extends RuntimeException {
    private final String ruleName;

    public PolicyViolationException(String ruleName) {
        super("refused by policy rule " + ruleName, null, false, false);
        this.ruleName = ruleName;
    }

    public String ruleName() {
        return ruleName;
    }
}
