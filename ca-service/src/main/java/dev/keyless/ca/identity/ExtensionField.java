package dev.keyless.ca.identity;

import dev.keyless.common.x509.SigstoreExtensions;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * The Sigstore extensions a ci-provider template may set, named as in Fulcio's {@code extension-templates}
 * ({@code build-signer-uri}; Fulcio's Go field names such as {@code BuildSignerURI} are accepted too). Issuer (.1/.8)
 * and token subject (.24) are not listed: they always come from the token's {@code iss} and {@code sub}.
 */
public enum ExtensionField {
    GITHUB_WORKFLOW_TRIGGER(SigstoreExtensions.Builder::githubWorkflowTrigger),
    GITHUB_WORKFLOW_SHA(SigstoreExtensions.Builder::githubWorkflowSha),
    GITHUB_WORKFLOW_NAME(SigstoreExtensions.Builder::githubWorkflowName),
    GITHUB_WORKFLOW_REPOSITORY(SigstoreExtensions.Builder::githubWorkflowRepository),
    GITHUB_WORKFLOW_REF(SigstoreExtensions.Builder::githubWorkflowRef),
    BUILD_SIGNER_URI(SigstoreExtensions.Builder::buildSignerUri),
    BUILD_SIGNER_DIGEST(SigstoreExtensions.Builder::buildSignerDigest),
    RUNNER_ENVIRONMENT(SigstoreExtensions.Builder::runnerEnvironment),
    SOURCE_REPOSITORY_URI(SigstoreExtensions.Builder::sourceRepositoryUri),
    SOURCE_REPOSITORY_DIGEST(SigstoreExtensions.Builder::sourceRepositoryDigest),
    SOURCE_REPOSITORY_REF(SigstoreExtensions.Builder::sourceRepositoryRef),
    SOURCE_REPOSITORY_IDENTIFIER(SigstoreExtensions.Builder::sourceRepositoryIdentifier),
    SOURCE_REPOSITORY_OWNER_URI(SigstoreExtensions.Builder::sourceRepositoryOwnerUri),
    SOURCE_REPOSITORY_OWNER_IDENTIFIER(SigstoreExtensions.Builder::sourceRepositoryOwnerIdentifier),
    BUILD_CONFIG_URI(SigstoreExtensions.Builder::buildConfigUri),
    BUILD_CONFIG_DIGEST(SigstoreExtensions.Builder::buildConfigDigest),
    BUILD_TRIGGER(SigstoreExtensions.Builder::buildTrigger),
    RUN_INVOCATION_URI(SigstoreExtensions.Builder::runInvocationUri),
    SOURCE_REPOSITORY_VISIBILITY_AT_SIGNING(SigstoreExtensions.Builder::sourceRepositoryVisibilityAtSigning),
    DEPLOYMENT_ENVIRONMENT(SigstoreExtensions.Builder::deploymentEnvironment);

    private final BiConsumer<SigstoreExtensions.Builder, String> setter;

    ExtensionField(BiConsumer<SigstoreExtensions.Builder, String> setter) {
        this.setter = setter;
    }

    void set(SigstoreExtensions.Builder builder, String value) {
        setter.accept(builder, value);
    }

    /** Fulcio's YAML name, e.g. {@code build-signer-uri}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Accepts {@code build-signer-uri}, {@code build_signer_uri} and {@code BuildSignerURI}: separators and case are
     * ignored, as Go's case-insensitive JSON matching ignores case.
     */
    public static ExtensionField fromConfig(String name) {
        String squashed = squash(name);
        return Arrays.stream(values()).filter(f -> squash(f.name()).equals(squashed)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown extension template field \"" + name + "\""));
    }

    private static String squash(String s) {
        return s.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }
}
