package dev.keyless.admin;

import dev.keyless.common.encoding.StrictBase64;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the policy-controller {@code TrustRoot} resource ({@code policy.sigstore.dev/v1alpha1}, {@code
 * spec.sigstoreKeys}) for a deployment from the {@code trusted_root.json} ca-service serves: its CA chain, Rekor log
 * and CT log keys, each as the base64 of a PEM document, which is how policy-controller's {@code []byte} fields read
 * YAML. A {@code ClusterImagePolicy} then names it in {@code keyless.trustRootRef} and {@code ctlog.trustRootRef}.
 *
 * <pre>
 * ./dev policy-controller-trustroot --trusted-root trusted_root.json --name keyless > trustroot.yaml
 * </pre>
 */
public final class PolicyControllerTrustRoot {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PolicyControllerTrustRoot() {
    }

    public static void main(String[] args) throws IOException {
        Path trustedRoot = Path.of("trusted_root.json");
        String name = "keyless";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--trusted-root" -> trustedRoot = Path.of(args[i + 1]);
                case "--name" -> name = args[i + 1];
                default -> {
                    System.err.println("usage: --trusted-root trusted_root.json --name NAME");
                    System.exit(2);
                }
            }
        }
        try {
            System.out.print(yaml(Files.readString(trustedRoot), name));
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("policy-controller-trustroot: " + e.getMessage());
            System.exit(1);
        }
    }

    /** The TrustRoot YAML for {@code trustedRootJson}, named {@code name} (a Kubernetes object name). */
    public static String yaml(String trustedRootJson, String name) {
        if (!name.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
            throw new IllegalArgumentException("name " + name + " is not a Kubernetes object name");
        }
        JsonNode root = LogSignatureCommand.parse(trustedRootJson, "the trusted root");
        StringBuilder y = new StringBuilder("apiVersion: policy.sigstore.dev/v1alpha1\nkind: TrustRoot\nmetadata:\n  name: ")
                .append(name).append("\nspec:\n  sigstoreKeys:\n    certificateAuthorities:\n");
        for (JsonNode ca : root.path("certificateAuthorities")) {
            StringBuilder chain = new StringBuilder();
            for (JsonNode c : ca.path("certChain").path("certificates")) {
                chain.append(pem("CERTIFICATE", c.path("rawBytes").asString("")));
            }
            y.append("    - subject:\n        organization: ").append(quoted(ca.path("subject").path("organization").asString("")))
                    .append("\n        commonName: ").append(quoted(ca.path("subject").path("commonName").asString("")))
                    .append("\n      uri: ").append(quoted(ca.path("uri").asString("")))
                    .append("\n      certChain: ").append(b64(chain.toString())).append('\n');
        }
        logs(y, "tLogs", root.path("tlogs"));
        logs(y, "ctLogs", root.path("ctlogs"));
        return y.toString();
    }

    private static void logs(StringBuilder y, String field, JsonNode logs) {
        y.append("    ").append(field).append(":\n");
        for (JsonNode log : logs) {
            y.append("    - baseURL: ").append(quoted(log.path("baseUrl").asString("")))
                    .append("\n      hashAlgorithm: sha-256\n      publicKey: ")
                    .append(b64(pem("PUBLIC KEY", log.path("publicKey").path("rawBytes").asString("")))).append('\n');
        }
    }

    /** A PEM document for base64 DER, validated as base64 first. */
    private static String pem(String type, String derBase64) {
        byte[] der = StrictBase64.decode(derBase64);
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** A YAML double-quoted scalar (JSON string syntax is valid YAML). */
    private static String quoted(String s) {
        return JSON.writeValueAsString(s);
    }
}
