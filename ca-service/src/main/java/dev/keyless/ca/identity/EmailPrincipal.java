package dev.keyless.ca.identity;

import dev.keyless.common.x509.SigstoreExtensions;
import java.util.List;
import java.util.regex.Pattern;

/** A person's verified email address (type {@code email}): rfc822Name SAN, issuer and token subject extensions. */
public record EmailPrincipal(String issuer, String subject, String email, Claims claims) implements Principal {
    // Deliberately simple: one @, no whitespace or angle brackets, a dotted-or-not domain. Fulcio uses govalidator.
    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>()\\[\\],;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?");

    static EmailPrincipal from(IssuerSettings settings, Claims claims) {
        String email = claims.require("email");
        if (!EMAIL.matcher(email).matches()) {
            throw new InvalidTokenException("email claim is not an email address");
        }
        new SubjectAltName.Email(email); // must be encodable as an rfc822Name (IA5String)
        if (!settings.skipEmailVerification() && !verified(claims.raw().get("email_verified"))) {
            throw new InvalidTokenException("email_verified is not true");
        }
        return new EmailPrincipal(claims.require("iss"), claims.require("sub"), email, claims);
    }

    /** A JSON true, or the strings Go's sigstore accepts (sigstore#1698: some IdPs send a string). */
    private static boolean verified(Object value) {
        return Boolean.TRUE.equals(value) || "true".equals(value) || "True".equals(value);
    }

    @Override
    public String name() {
        return email;
    }

    @Override
    public List<String> acceptedChallenges() {
        return email.equals(subject) ? List.of(email) : List.of(email, subject);
    }

    @Override
    public SubjectAltName subjectAltName() {
        return new SubjectAltName.Email(email);
    }

    @Override
    public SigstoreExtensions extensions() {
        return Principal.baseExtensions(issuer, subject);
    }
}
