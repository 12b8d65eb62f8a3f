package dev.keyless.ca.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of ca-service ({@code keyless.ca.*}).
 *
 * @param issuers OIDC issuers (fulcio.md §3.2), in addition to those of {@code issuersFile}
 * @param issuersFile optional YAML file with the same {@code issuers} list (and {@code ci-providers}) at its top level,
 *     so the identity configuration can be mounted separately
 * @param ciProviders extra ci-provider templates by name, beside the built-in {@code github-workflow},
 *     {@code gitlab-pipeline} and {@code buildkite-job}; a name given here replaces the built-in one
 * @param certificateValidity leaf lifetime (Fulcio: 10 minutes)
 * @param dataDir where the development CA is kept
 * @param signer CA key custody
 * @param maxRequestBytes largest accepted request body (Fulcio: 4 MiB); larger ones get 413
 * @param maxConcurrentRequests most REST requests and gRPC calls processed at once (with {@code maxRequestBytes},
 *     this bounds the memory bodies take); a REST request that waits over 1 s for a slot gets 503, a gRPC call that
 *     finds none {@code UNAVAILABLE}
 * @param issuanceConcurrency most requests checking keys and signing certificates at once (0: twice the processors);
 *     the others wait in arrival order, up to 1 s (then 503 / {@code UNAVAILABLE}); waiting for the CT log does not
 *     count
 */
@ConfigurationProperties("keyless.ca")
public record CaProperties(
        @DefaultValue List<Issuer> issuers,
        Path issuersFile,
        @DefaultValue Map<String, CiProvider> ciProviders,
        @DefaultValue("10m") Duration certificateValidity,
        @DefaultValue("./data") Path dataDir,
        @DefaultValue Signer signer,
        @DefaultValue("4194304") long maxRequestBytes,
        @DefaultValue("200") int maxConcurrentRequests,
        @DefaultValue("0") int issuanceConcurrency) {

    public CaProperties {
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("keyless.ca.max-request-bytes must be at least 1024");
        }
        if (maxConcurrentRequests < 1 || maxConcurrentRequests > 100_000) {
            throw new IllegalArgumentException("keyless.ca.max-concurrent-requests must be 1..100000");
        }
        if (issuanceConcurrency < 0 || issuanceConcurrency > 10_000) {
            throw new IllegalArgumentException("keyless.ca.issuance-concurrency must be 0..10000 (0: twice the processors)");
        }
    }

    /**
     * One issuer; see {@link dev.keyless.ca.identity.IssuerSettings}.
     *
     * @param url issuer URL; a URL containing {@code *} is a meta-issuer pattern
     * @param clientId required audience
     * @param type email, github-workflow, gitlab-pipeline, kubernetes, spiffe, uri, username, buildkite-job, ci-provider
     * @param ciProvider template name for type ci-provider
     * @param policies allow-rules every token of this issuer must satisfy
     */
    public record Issuer(String url, String clientId, String type, String subjectDomain, String spiffeTrustDomain,
            boolean skipEmailVerification, String ciProvider, @DefaultValue List<Rule> policies) {
    }

    /** An allow-rule; exactly one of {@code equals}, {@code matches}, {@code in}. */
    public record Rule(String name, String claim, String equals, String matches, List<String> in) {
    }

    /** A ci-provider template in Fulcio's {@code ci-issuer-metadata} shape. */
    public record CiProvider(@DefaultValue Map<String, String> defaultTemplateValues,
            @DefaultValue Map<String, String> extensionTemplates, String subjectAlternativeNameTemplate) {
    }

    /**
     * @param type {@code development} (generated under {@code dataDir} on first start), {@code file} or {@code pkcs11}
     * @param keyFile PEM private key of the issuing certificate ({@code file})
     * @param keyPassword password of an encrypted {@code keyFile}
     * @param chainFile PEM chain, issuing certificate first, root last ({@code file}, {@code pkcs11})
     * @param pkcs11 where the key is ({@code pkcs11})
     */
    public record Signer(@DefaultValue("development") String type, Path keyFile, String keyPassword, Path chainFile,
            @DefaultValue Pkcs11 pkcs11) {
        @Override
        public String toString() {
            return "Signer[type=" + type + ", keyFile=" + keyFile + ", chainFile=" + chainFile + ", pkcs11=" + pkcs11
                    + "]"; // no password
        }
    }

    /**
     * A key in a PKCS#11 token ({@code keyless.ca.signer.pkcs11.*}), used through the JDK's SunPKCS11 provider.
     *
     * @param library the PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}
     * @param slot PKCS#11 slot ID (SoftHSM prints it at {@code --init-token}); or
     * @param slotListIndex index into the list of slots with a token; neither: the first slot
     * @param keyLabel KeyStore alias: the {@code CKA_LABEL} of the certificate stored beside the key (same
     *     {@code CKA_ID}); optional when the token holds one key
     * @param pin user PIN; or
     * @param pinEnv name of the environment variable holding the user PIN
     */
    public record Pkcs11(Path library, Long slot, Integer slotListIndex, String keyLabel, String pin, String pinEnv) {
        @Override
        public String toString() {
            return "Pkcs11[library=" + library + ", slot=" + slot + ", slotListIndex=" + slotListIndex + ", keyLabel="
                    + keyLabel + ", pinEnv=" + pinEnv + "]"; // no PIN
        }
    }
}
