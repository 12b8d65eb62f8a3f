package dev.keyless.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The TrustRoot resource carries each key and chain of the trusted root as base64 of a PEM document, nothing else. */
class PolicyControllerTrustRootTest {
    // A trusted root in the served shape; the DER bytes are placeholders (the resource copies, never parses them).
    static final String TRUSTED_ROOT = """
            {"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1",
             "tlogs":[{"baseUrl":"http://localhost:3000","hashAlgorithm":"SHA2_256","publicKey":{"rawBytes":"AQID"},"logId":{"keyId":"AA=="}}],
             "certificateAuthorities":[{"subject":{"organization":"keyless","commonName":"ca: \\"x\\""},"uri":"https://localhost:5555",
               "certChain":{"certificates":[{"rawBytes":"BAUG"},{"rawBytes":"BwgJ"}]}}],
             "ctlogs":[{"baseUrl":"http://localhost:3000","hashAlgorithm":"SHA2_256","publicKey":{"rawBytes":"CgsM"},"logId":{"keyId":"AA=="}}]}
            """;

    @Test
    void keysAndChainsBecomeBase64Pem() {
        String yaml = PolicyControllerTrustRoot.yaml(TRUSTED_ROOT, "keyless");
        assertThat(yaml).startsWith("apiVersion: policy.sigstore.dev/v1alpha1\nkind: TrustRoot\nmetadata:\n  name: keyless\n");
        assertThat(decoded(yaml, "certChain")).isEqualTo("-----BEGIN CERTIFICATE-----\nBAUG\n-----END CERTIFICATE-----\n"
                + "-----BEGIN CERTIFICATE-----\nBwgJ\n-----END CERTIFICATE-----\n");
        assertThat(yaml).contains("    tLogs:\n    - baseURL: \"http://localhost:3000\"\n      hashAlgorithm: sha-256\n");
        assertThat(yaml).contains("commonName: \"ca: \\\"x\\\"\"");
        Matcher keys = Pattern.compile("publicKey: (\\S+)").matcher(yaml);
        assertThat(keys.find()).isTrue();
        assertThat(new String(Base64.getDecoder().decode(keys.group(1)), StandardCharsets.US_ASCII))
                .isEqualTo("-----BEGIN PUBLIC KEY-----\nAQID\n-----END PUBLIC KEY-----\n");
        assertThat(keys.find()).isTrue();
        assertThat(new String(Base64.getDecoder().decode(keys.group(1)), StandardCharsets.US_ASCII)).contains("CgsM");
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> PolicyControllerTrustRoot.yaml(TRUSTED_ROOT, "Not_A_Name")).hasMessageContaining("Kubernetes object name");
        assertThatThrownBy(() -> PolicyControllerTrustRoot.yaml(TRUSTED_ROOT.replace("AQID", "A!ID"), "keyless"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PolicyControllerTrustRoot.yaml("{not json", "keyless")).hasMessageContaining("not JSON");
    }

    private static String decoded(String yaml, String field) {
        Matcher m = Pattern.compile(field + ": (\\S+)").matcher(yaml);
        assertThat(m.find()).isTrue();
        return new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.US_ASCII);
    }
}
