package dev.keyless.common.x509;

import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The Sigstore extensions of a Fulcio code-signing certificate (OID arc 1.3.6.1.4.1.57264.1, Fulcio
 * {@code docs/oid-info.md}), one typed field per extension. {@code null} or empty means absent; the canonical
 * constructor turns empty into {@code null} so that {@code parse(render(x)).equals(x)}.
 *
 * <p>{@link #render()} reproduces Fulcio's {@code pkg/certificate/extensions.go Render} byte for byte, because the
 * extension bytes are covered by the precertificate SCT and compared by verifiers. {@link #parse(Extensions)} is
 * the strict inverse.
 *
 * @param issuer OIDC issuer (.1 and .8)
 * @param githubWorkflowTrigger GitHub Workflow Trigger (.2, deprecated)
 * @param githubWorkflowSha GitHub Workflow SHA (.3, deprecated)
 * @param githubWorkflowName GitHub Workflow Name (.4, deprecated)
 * @param githubWorkflowRepository GitHub Workflow Repository (.5, deprecated)
 * @param githubWorkflowRef GitHub Workflow Ref (.6, deprecated)
 * @param buildSignerUri Build Signer URI (.9)
 * @param buildSignerDigest Build Signer Digest (.10)
 * @param runnerEnvironment Runner Environment (.11)
 * @param sourceRepositoryUri Source Repository URI (.12)
 * @param sourceRepositoryDigest Source Repository Digest (.13)
 * @param sourceRepositoryRef Source Repository Ref (.14)
 * @param sourceRepositoryIdentifier Source Repository Identifier (.15)
 * @param sourceRepositoryOwnerUri Source Repository Owner URI (.16)
 * @param sourceRepositoryOwnerIdentifier Source Repository Owner Identifier (.17)
 * @param buildConfigUri Build Config URI (.18)
 * @param buildConfigDigest Build Config Digest (.19)
 * @param buildTrigger Build Trigger (.20)
 * @param runInvocationUri Run Invocation URI (.21)
 * @param sourceRepositoryVisibilityAtSigning Source Repository Visibility At Signing (.22)
 * @param deploymentEnvironment Deployment Environment (.23)
 * @param tokenSubject Token Subject (.24)
 */
public record SigstoreExtensions(
        String issuer,
        String githubWorkflowTrigger,
        String githubWorkflowSha,
        String githubWorkflowName,
        String githubWorkflowRepository,
        String githubWorkflowRef,
        String buildSignerUri,
        String buildSignerDigest,
        String runnerEnvironment,
        String sourceRepositoryUri,
        String sourceRepositoryDigest,
        String sourceRepositoryRef,
        String sourceRepositoryIdentifier,
        String sourceRepositoryOwnerUri,
        String sourceRepositoryOwnerIdentifier,
        String buildConfigUri,
        String buildConfigDigest,
        String buildTrigger,
        String runInvocationUri,
        String sourceRepositoryVisibilityAtSigning,
        String deploymentEnvironment,
        String tokenSubject) {

    /** Normalizes empty to {@code null} and rejects strings that have no UTF-8 form. */
    public SigstoreExtensions {
        issuer = normalize(issuer);
        githubWorkflowTrigger = normalize(githubWorkflowTrigger);
        githubWorkflowSha = normalize(githubWorkflowSha);
        githubWorkflowName = normalize(githubWorkflowName);
        githubWorkflowRepository = normalize(githubWorkflowRepository);
        githubWorkflowRef = normalize(githubWorkflowRef);
        buildSignerUri = normalize(buildSignerUri);
        buildSignerDigest = normalize(buildSignerDigest);
        runnerEnvironment = normalize(runnerEnvironment);
        sourceRepositoryUri = normalize(sourceRepositoryUri);
        sourceRepositoryDigest = normalize(sourceRepositoryDigest);
        sourceRepositoryRef = normalize(sourceRepositoryRef);
        sourceRepositoryIdentifier = normalize(sourceRepositoryIdentifier);
        sourceRepositoryOwnerUri = normalize(sourceRepositoryOwnerUri);
        sourceRepositoryOwnerIdentifier = normalize(sourceRepositoryOwnerIdentifier);
        buildConfigUri = normalize(buildConfigUri);
        buildConfigDigest = normalize(buildConfigDigest);
        buildTrigger = normalize(buildTrigger);
        runInvocationUri = normalize(runInvocationUri);
        sourceRepositoryVisibilityAtSigning = normalize(sourceRepositoryVisibilityAtSigning);
        deploymentEnvironment = normalize(deploymentEnvironment);
        tokenSubject = normalize(tokenSubject);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialized with every field of this record. */
    public Builder toBuilder() {
        return new Builder()
                .issuer(issuer)
                .githubWorkflowTrigger(githubWorkflowTrigger)
                .githubWorkflowSha(githubWorkflowSha)
                .githubWorkflowName(githubWorkflowName)
                .githubWorkflowRepository(githubWorkflowRepository)
                .githubWorkflowRef(githubWorkflowRef)
                .buildSignerUri(buildSignerUri)
                .buildSignerDigest(buildSignerDigest)
                .runnerEnvironment(runnerEnvironment)
                .sourceRepositoryUri(sourceRepositoryUri)
                .sourceRepositoryDigest(sourceRepositoryDigest)
                .sourceRepositoryRef(sourceRepositoryRef)
                .sourceRepositoryIdentifier(sourceRepositoryIdentifier)
                .sourceRepositoryOwnerUri(sourceRepositoryOwnerUri)
                .sourceRepositoryOwnerIdentifier(sourceRepositoryOwnerIdentifier)
                .buildConfigUri(buildConfigUri)
                .buildConfigDigest(buildConfigDigest)
                .buildTrigger(buildTrigger)
                .runInvocationUri(runInvocationUri)
                .sourceRepositoryVisibilityAtSigning(sourceRepositoryVisibilityAtSigning)
                .deploymentEnvironment(deploymentEnvironment)
                .tokenSubject(tokenSubject);
    }

    /**
     * The extensions Fulcio would add to a leaf: only non-empty fields, in OID order (.1 … .24), all non-critical;
     * .1–.6 as raw UTF-8 extnValue, .8 onward as a DER UTF8String. The issuer is emitted twice (.1 and .8).
     *
     * @throws IllegalStateException if the issuer is absent (Fulcio always sets it)
     */
    public List<Extension> render() {
        return SigstoreExtensionCodec.render(this);
    }

    /**
     * Reads the Sigstore extensions among {@code extensions}; other OIDs (including unknown children of the arc) are
     * ignored, as Fulcio's parser does.
     *
     * @throws ExtensionParseException if a known extension is critical, not in the form {@link #render()} writes,
     *     or if .1 and .8 disagree
     */
    public static SigstoreExtensions parse(Extensions extensions) {
        return SigstoreExtensionCodec.parse(extensions);
    }

    /** {@link #parse(Extensions)} on a certificate's extensions (none → an all-absent record). */
    public static SigstoreExtensions parse(X509CertificateHolder certificate) {
        Extensions extensions = certificate.getExtensions();
        return extensions == null ? builder().build() : parse(extensions);
    }

    /** {@link #parse(Extensions)} on a JCA certificate, re-read through Bouncy Castle from its DER encoding. */
    public static SigstoreExtensions parse(X509Certificate certificate) {
        return parse(SigstoreExtensionCodec.holder(certificate));
    }

    private static String normalize(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        Utf8Values.encodeRaw(value); // throws on unpaired surrogates, which no extension could carry
        return value;
    }

    /** Mutable builder; unset fields are absent. */
    public static final class Builder {
        private String issuer;
        private String githubWorkflowTrigger;
        private String githubWorkflowSha;
        private String githubWorkflowName;
        private String githubWorkflowRepository;
        private String githubWorkflowRef;
        private String buildSignerUri;
        private String buildSignerDigest;
        private String runnerEnvironment;
        private String sourceRepositoryUri;
        private String sourceRepositoryDigest;
        private String sourceRepositoryRef;
        private String sourceRepositoryIdentifier;
        private String sourceRepositoryOwnerUri;
        private String sourceRepositoryOwnerIdentifier;
        private String buildConfigUri;
        private String buildConfigDigest;
        private String buildTrigger;
        private String runInvocationUri;
        private String sourceRepositoryVisibilityAtSigning;
        private String deploymentEnvironment;
        private String tokenSubject;

        private Builder() {
        }

        public Builder issuer(String value) {
            this.issuer = value;
            return this;
        }

        public Builder githubWorkflowTrigger(String value) {
            this.githubWorkflowTrigger = value;
            return this;
        }

        public Builder githubWorkflowSha(String value) {
            this.githubWorkflowSha = value;
            return this;
        }

        public Builder githubWorkflowName(String value) {
            this.githubWorkflowName = value;
            return this;
        }

        public Builder githubWorkflowRepository(String value) {
            this.githubWorkflowRepository = value;
            return this;
        }

        public Builder githubWorkflowRef(String value) {
            this.githubWorkflowRef = value;
            return this;
        }

        public Builder buildSignerUri(String value) {
            this.buildSignerUri = value;
            return this;
        }

        public Builder buildSignerDigest(String value) {
            this.buildSignerDigest = value;
            return this;
        }

        public Builder runnerEnvironment(String value) {
            this.runnerEnvironment = value;
            return this;
        }

        public Builder sourceRepositoryUri(String value) {
            this.sourceRepositoryUri = value;
            return this;
        }

        public Builder sourceRepositoryDigest(String value) {
            this.sourceRepositoryDigest = value;
            return this;
        }

        public Builder sourceRepositoryRef(String value) {
            this.sourceRepositoryRef = value;
            return this;
        }

        public Builder sourceRepositoryIdentifier(String value) {
            this.sourceRepositoryIdentifier = value;
            return this;
        }

        public Builder sourceRepositoryOwnerUri(String value) {
            this.sourceRepositoryOwnerUri = value;
            return this;
        }

        public Builder sourceRepositoryOwnerIdentifier(String value) {
            this.sourceRepositoryOwnerIdentifier = value;
            return this;
        }

        public Builder buildConfigUri(String value) {
            this.buildConfigUri = value;
            return this;
        }

        public Builder buildConfigDigest(String value) {
            this.buildConfigDigest = value;
            return this;
        }

        public Builder buildTrigger(String value) {
            this.buildTrigger = value;
            return this;
        }

        public Builder runInvocationUri(String value) {
            this.runInvocationUri = value;
            return this;
        }

        public Builder sourceRepositoryVisibilityAtSigning(String value) {
            this.sourceRepositoryVisibilityAtSigning = value;
            return this;
        }

        public Builder deploymentEnvironment(String value) {
            this.deploymentEnvironment = value;
            return this;
        }

        public Builder tokenSubject(String value) {
            this.tokenSubject = value;
            return this;
        }

        public SigstoreExtensions build() {
            return new SigstoreExtensions(
                    issuer,
                    githubWorkflowTrigger,
                    githubWorkflowSha,
                    githubWorkflowName,
                    githubWorkflowRepository,
                    githubWorkflowRef,
                    buildSignerUri,
                    buildSignerDigest,
                    runnerEnvironment,
                    sourceRepositoryUri,
                    sourceRepositoryDigest,
                    sourceRepositoryRef,
                    sourceRepositoryIdentifier,
                    sourceRepositoryOwnerUri,
                    sourceRepositoryOwnerIdentifier,
                    buildConfigUri,
                    buildConfigDigest,
                    buildTrigger,
                    runInvocationUri,
                    sourceRepositoryVisibilityAtSigning,
                    deploymentEnvironment,
                    tokenSubject);
        }
    }
}
