package dev.keyless.common.x509;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Rendering and strict parsing of {@link SigstoreExtensions}, driven by one table in OID order so that the two
 * directions cannot drift apart. Order matters: Fulcio appends these as {@code ExtraExtensions} in table order and
 * the resulting bytes are what the CT log's SCT signs.
 */
final class SigstoreExtensionCodec {

    /** One row of Fulcio's OID table: {@code raw} rows (.1–.6) carry bare UTF-8, the rest a DER UTF8String. */
    private enum Field {
        ISSUER_V1(SigstoreOids.ISSUER_V1, true, SigstoreExtensions::issuer, null),
        GITHUB_WORKFLOW_TRIGGER(SigstoreOids.GITHUB_WORKFLOW_TRIGGER, true,
                SigstoreExtensions::githubWorkflowTrigger, SigstoreExtensions.Builder::githubWorkflowTrigger),
        GITHUB_WORKFLOW_SHA(SigstoreOids.GITHUB_WORKFLOW_SHA, true,
                SigstoreExtensions::githubWorkflowSha, SigstoreExtensions.Builder::githubWorkflowSha),
        GITHUB_WORKFLOW_NAME(SigstoreOids.GITHUB_WORKFLOW_NAME, true,
                SigstoreExtensions::githubWorkflowName, SigstoreExtensions.Builder::githubWorkflowName),
        GITHUB_WORKFLOW_REPOSITORY(SigstoreOids.GITHUB_WORKFLOW_REPOSITORY, true,
                SigstoreExtensions::githubWorkflowRepository, SigstoreExtensions.Builder::githubWorkflowRepository),
        GITHUB_WORKFLOW_REF(SigstoreOids.GITHUB_WORKFLOW_REF, true,
                SigstoreExtensions::githubWorkflowRef, SigstoreExtensions.Builder::githubWorkflowRef),
        ISSUER_V2(SigstoreOids.ISSUER_V2, false, SigstoreExtensions::issuer, null),
        BUILD_SIGNER_URI(SigstoreOids.BUILD_SIGNER_URI, false,
                SigstoreExtensions::buildSignerUri, SigstoreExtensions.Builder::buildSignerUri),
        BUILD_SIGNER_DIGEST(SigstoreOids.BUILD_SIGNER_DIGEST, false,
                SigstoreExtensions::buildSignerDigest, SigstoreExtensions.Builder::buildSignerDigest),
        RUNNER_ENVIRONMENT(SigstoreOids.RUNNER_ENVIRONMENT, false,
                SigstoreExtensions::runnerEnvironment, SigstoreExtensions.Builder::runnerEnvironment),
        SOURCE_REPOSITORY_URI(SigstoreOids.SOURCE_REPOSITORY_URI, false,
                SigstoreExtensions::sourceRepositoryUri, SigstoreExtensions.Builder::sourceRepositoryUri),
        SOURCE_REPOSITORY_DIGEST(SigstoreOids.SOURCE_REPOSITORY_DIGEST, false,
                SigstoreExtensions::sourceRepositoryDigest, SigstoreExtensions.Builder::sourceRepositoryDigest),
        SOURCE_REPOSITORY_REF(SigstoreOids.SOURCE_REPOSITORY_REF, false,
                SigstoreExtensions::sourceRepositoryRef, SigstoreExtensions.Builder::sourceRepositoryRef),
        SOURCE_REPOSITORY_IDENTIFIER(SigstoreOids.SOURCE_REPOSITORY_IDENTIFIER, false,
                SigstoreExtensions::sourceRepositoryIdentifier, SigstoreExtensions.Builder::sourceRepositoryIdentifier),
        SOURCE_REPOSITORY_OWNER_URI(SigstoreOids.SOURCE_REPOSITORY_OWNER_URI, false,
                SigstoreExtensions::sourceRepositoryOwnerUri, SigstoreExtensions.Builder::sourceRepositoryOwnerUri),
        SOURCE_REPOSITORY_OWNER_IDENTIFIER(SigstoreOids.SOURCE_REPOSITORY_OWNER_IDENTIFIER, false,
                SigstoreExtensions::sourceRepositoryOwnerIdentifier,
                SigstoreExtensions.Builder::sourceRepositoryOwnerIdentifier),
        BUILD_CONFIG_URI(SigstoreOids.BUILD_CONFIG_URI, false,
                SigstoreExtensions::buildConfigUri, SigstoreExtensions.Builder::buildConfigUri),
        BUILD_CONFIG_DIGEST(SigstoreOids.BUILD_CONFIG_DIGEST, false,
                SigstoreExtensions::buildConfigDigest, SigstoreExtensions.Builder::buildConfigDigest),
        BUILD_TRIGGER(SigstoreOids.BUILD_TRIGGER, false,
                SigstoreExtensions::buildTrigger, SigstoreExtensions.Builder::buildTrigger),
        RUN_INVOCATION_URI(SigstoreOids.RUN_INVOCATION_URI, false,
                SigstoreExtensions::runInvocationUri, SigstoreExtensions.Builder::runInvocationUri),
        SOURCE_REPOSITORY_VISIBILITY_AT_SIGNING(SigstoreOids.SOURCE_REPOSITORY_VISIBILITY_AT_SIGNING, false,
                SigstoreExtensions::sourceRepositoryVisibilityAtSigning,
                SigstoreExtensions.Builder::sourceRepositoryVisibilityAtSigning),
        DEPLOYMENT_ENVIRONMENT(SigstoreOids.DEPLOYMENT_ENVIRONMENT, false,
                SigstoreExtensions::deploymentEnvironment, SigstoreExtensions.Builder::deploymentEnvironment),
        TOKEN_SUBJECT(SigstoreOids.TOKEN_SUBJECT, false,
                SigstoreExtensions::tokenSubject, SigstoreExtensions.Builder::tokenSubject);

        final ASN1ObjectIdentifier oid;
        final boolean raw;
        final Function<SigstoreExtensions, String> getter;
        /** Null for the two issuer rows, which are reconciled together. */
        final BiConsumer<SigstoreExtensions.Builder, String> setter;

        Field(ASN1ObjectIdentifier oid, boolean raw, Function<SigstoreExtensions, String> getter,
                BiConsumer<SigstoreExtensions.Builder, String> setter) {
            this.oid = oid;
            this.raw = raw;
            this.getter = getter;
            this.setter = setter;
        }

        String label() {
            return "extension " + oid.getId();
        }
    }

    private SigstoreExtensionCodec() {
    }

    static List<Extension> render(SigstoreExtensions extensions) {
        if (extensions.issuer() == null) {
            throw new IllegalStateException("issuer is absent, want the OIDC issuer URL (Fulcio always emits .1 and .8)");
        }
        List<Extension> out = new ArrayList<>();
        for (Field field : Field.values()) {
            String value = field.getter.apply(extensions);
            if (value == null) {
                continue;
            }
            byte[] extnValue = field.raw ? Utf8Values.encodeRaw(value) : Utf8Values.encodeDer(value);
            out.add(new Extension(field.oid, false, extnValue));
        }
        return List.copyOf(out);
    }

    static SigstoreExtensions parse(Extensions extensions) {
        SigstoreExtensions.Builder builder = SigstoreExtensions.builder();
        String issuerV1 = null;
        String issuerV2 = null;
        for (Field field : Field.values()) {
            Extension extension = extensions.getExtension(field.oid);
            if (extension == null) {
                continue;
            }
            if (extension.isCritical()) {
                throw new ExtensionParseException(field.label() + " is critical, want non-critical");
            }
            byte[] extnValue = extension.getExtnValue().getOctets();
            if (extnValue.length == 0) {
                throw new ExtensionParseException(field.label() + " is empty, want a non-empty value");
            }
            String value = field.raw
                    ? Utf8Values.decodeRaw(extnValue, field.label())
                    : Utf8Values.decodeDer(extnValue, field.label());
            if (value.isEmpty()) {
                throw new ExtensionParseException(field.label() + " holds an empty string, want a non-empty value");
            }
            switch (field) {
                case ISSUER_V1 -> issuerV1 = value;
                case ISSUER_V2 -> issuerV2 = value;
                default -> field.setter.accept(builder, value);
            }
        }
        if (issuerV1 != null && issuerV2 != null && !issuerV1.equals(issuerV2)) {
            throw new ExtensionParseException("issuer in " + SigstoreOids.ISSUER_V1.getId() + " and "
                    + SigstoreOids.ISSUER_V2.getId() + " differ, want the same value in both");
        }
        return builder.issuer(issuerV2 != null ? issuerV2 : issuerV1).build();
    }

    static X509CertificateHolder holder(X509Certificate certificate) {
        try {
            return new X509CertificateHolder(certificate.getEncoded());
        } catch (CertificateEncodingException | IOException e) {
            throw new ExtensionParseException("certificate cannot be re-read as DER", e);
        }
    }
}
