package dev.keyless.ca.testing;

import org.springframework.test.context.DynamicPropertyRegistry;

/** The issuer configuration the API tests share: email, GitHub Actions with an organization policy, Kubernetes meta-issuer. */
public final class TestIssuers {
    private TestIssuers() {
    }

    public static void register(DynamicPropertyRegistry r, TestOidcProvider idp) {
        r.add("keyless.ca.issuers[0].url", () -> idp.issuer("/email"));
        r.add("keyless.ca.issuers[0].client-id", () -> "sigstore");
        r.add("keyless.ca.issuers[0].type", () -> "email");
        r.add("keyless.ca.issuers[1].url", () -> idp.issuer("/github"));
        r.add("keyless.ca.issuers[1].client-id", () -> "sigstore");
        r.add("keyless.ca.issuers[1].type", () -> "github-workflow");
        r.add("keyless.ca.issuers[1].policies[0].name", () -> "only-my-org");
        r.add("keyless.ca.issuers[1].policies[0].claim", () -> "repository_owner");
        r.add("keyless.ca.issuers[1].policies[0].equals", () -> "my-org");
        r.add("keyless.ca.issuers[2].url", () -> idp.issuer("/tenant/*"));
        r.add("keyless.ca.issuers[2].client-id", () -> "sigstore");
        r.add("keyless.ca.issuers[2].type", () -> "kubernetes");
    }
}
