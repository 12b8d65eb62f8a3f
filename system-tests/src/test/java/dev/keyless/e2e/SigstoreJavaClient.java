package dev.keyless.e2e;

import dev.keyless.common.encoding.Hash;
import dev.sigstore.AlgorithmRegistry;
import dev.sigstore.KeylessSigner;
import dev.sigstore.SigningConfigProvider;
import dev.sigstore.TrustedRootProvider;
import dev.sigstore.VerificationOptions;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.tuf.SigstoreTufClient;
import dev.sigstore.oidc.client.OidcClients;
import dev.sigstore.oidc.client.TokenStringOidcClient;
import dev.sigstore.strings.StringMatcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The unmodified sigstore-java client, used as a user would: two trust files and a token. */
final class SigstoreJavaClient {
    private SigstoreJavaClient() {
    }

    static Bundle sign(Path trustedRoot, Path signingConfig, String token, byte[] artifactDigest) throws Exception {
        return sign(trustedRoot, signingConfig, token, artifactDigest, false);
    }

    /** @param rekorV2 whether the signer may pick a Rekor v2 log from the signing config (sigstore-java's opt-in) */
    static Bundle sign(Path trustedRoot, Path signingConfig, String token, byte[] artifactDigest, boolean rekorV2)
            throws Exception {
        try (KeylessSigner signer = KeylessSigner.builder()
                .enableRekorV2(rekorV2)
                .trustedRootProvider(TrustedRootProvider.from(trustedRoot))
                .signingConfigProvider(SigningConfigProvider.from(signingConfig))
                .forceCredentialProviders(OidcClients.of(TokenStringOidcClient.from(token)))
                .signingAlgorithm(AlgorithmRegistry.SigningAlgorithm.PKIX_ECDSA_P256_SHA_256)
                .build()) {
            return signer.sign(artifactDigest);
        }
    }

    /** Signing with both trust files taken through TUF ({@code SigstoreTufClient}), no file handed over. */
    static Bundle sign(SigstoreTufClient.Builder tuf, String token, byte[] artifactDigest) throws Exception {
        try (KeylessSigner signer = KeylessSigner.builder()
                .trustedRootProvider(TrustedRootProvider.from(tuf))
                .signingConfigProvider(SigningConfigProvider.from(tuf))
                .forceCredentialProviders(OidcClients.of(TokenStringOidcClient.from(token)))
                .signingAlgorithm(AlgorithmRegistry.SigningAlgorithm.PKIX_ECDSA_P256_SHA_256)
                .build()) {
            return signer.sign(artifactDigest);
        }
    }

    /** An in-toto statement signed into a DSSE bundle, which sigstore-java 2.0.0 logs only to a Rekor v2 log. */
    static Bundle attest(Path trustedRoot, Path signingConfig, String token, String statement) throws Exception {
        try (KeylessSigner signer = KeylessSigner.builder()
                .enableRekorV2(true)
                .trustedRootProvider(TrustedRootProvider.from(trustedRoot))
                .signingConfigProvider(SigningConfigProvider.from(signingConfig))
                .forceCredentialProviders(OidcClients.of(TokenStringOidcClient.from(token)))
                .signingAlgorithm(AlgorithmRegistry.SigningAlgorithm.PKIX_ECDSA_P256_SHA_256)
                .build()) {
            return signer.attest(statement);
        }
    }

    /** KeylessSigner.sign and KeylessVerifier.verify take the artifact's SHA-256 digest. */
    static byte[] sha256(String artifact) {
        return Hash.sha256(artifact.getBytes(StandardCharsets.UTF_8)).toByteArray();
    }

    static VerificationOptions identity(String email, String issuer) {
        return VerificationOptions.builder().addCertificateMatchers(VerificationOptions.CertificateMatcher.fulcio()
                .subjectAlternativeName(StringMatcher.string(email)).issuer(StringMatcher.string(issuer)).build()).build();
    }
}
