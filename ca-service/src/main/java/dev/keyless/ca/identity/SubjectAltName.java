package dev.keyless.ca.identity;

import dev.keyless.common.x509.OtherNameSan;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * The single subjectAltName of a leaf (fulcio.md §4). Always critical: the subject is empty (RFC 5280 §4.2.1.6).
 */
public sealed interface SubjectAltName {
    /** The identity as a verifier matches it: the email, the URI, or {@code user!domain}. */
    String value();

    /** The critical subjectAltName extension. */
    Extension toExtension();

    /** rfc822Name, for email identities. */
    record Email(String value) implements SubjectAltName {
        public Email {
            requireIa5(value);
        }

        @Override
        public Extension toExtension() {
            return critical(new GeneralName(GeneralName.rfc822Name, value));
        }
    }

    /** uniformResourceIdentifier, for workload and CI identities. */
    record Uri(String value) implements SubjectAltName {
        public Uri {
            requireIa5(value);
        }

        @Override
        public Extension toExtension() {
            return critical(new GeneralName(GeneralName.uniformResourceIdentifier, value));
        }
    }

    /** otherName 1.3.6.1.4.1.57264.1.7 holding {@code sub!SubjectDomain}, for username identities. */
    record Username(String value) implements SubjectAltName {
        @Override
        public Extension toExtension() {
            return OtherNameSan.toExtension(value);
        }
    }

    /**
     * rfc822Name and URI are IA5String (RFC 5280 §4.2.1.6): printable ASCII only. Go's x509 refuses anything else
     * too; here it is a 400 for the identity rather than a failure inside the encoder.
     */
    private static void requireIa5(String value) {
        if (value.isEmpty() || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IdentityMappingException("the subject alternative name is empty or not printable ASCII");
        }
    }

    private static Extension critical(GeneralName name) {
        try {
            return new Extension(Extension.subjectAlternativeName, true, new GeneralNames(name).getEncoded("DER"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
