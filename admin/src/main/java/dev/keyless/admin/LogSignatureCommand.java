package dev.keyless.admin;

import dev.keyless.common.crypto.HashAlgorithm;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.crypto.SignatureVerifier;
import dev.keyless.common.crypto.SigningAlgorithm;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.encoding.StrictBase64;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Logs a signature made outside cosign (openssl, an HSM, a signing service) in the Rekor log, so that verifiers can
 * require its transparency log entry: checks the signature over the artifact locally, submits it as a hashedrekord
 * with the public key, checks the log's answer (the entry is the one submitted, its SET verifies under the log key
 * of the trust root), and writes what {@code cosign attach signature --rekor-response} takes. A signature that is
 * already in the log is fetched, not logged twice.
 *
 * <pre>
 * ./dev log-signature --rekor http://localhost:3000 --trusted-root trusted_root.json \
 *     --artifact payload.json --signature payload.sig --public-key org.pub --out rekor-response.json
 * </pre>
 * {@code --signature} holds the signature as base64 text (as cosign writes it) or as raw DER.
 */
public final class LogSignatureCommand {
    static final int MAX_ARTIFACT_BYTES = 64 * 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LogSignatureCommand() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                usage("unexpected " + args[i]);
            }
            opt.put(args[i].substring(2), args[i + 1]);
        }
        for (String required : new String[] {"rekor", "trusted-root", "artifact", "signature", "public-key", "out"}) {
            if (!opt.containsKey(required) || args.length % 2 != 0) {
                usage("missing --" + required);
            }
        }
        try {
            Path out = Path.of(opt.get("out"));
            JsonNode entry = log(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
                    URI.create(opt.get("rekor")), Path.of(opt.get("trusted-root")), Path.of(opt.get("artifact")),
                    Path.of(opt.get("signature")), Path.of(opt.get("public-key")), out);
            System.out.println("logged at index " + entry.get("logIndex").asLong() + "; wrote " + out);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("log-signature: " + e.getMessage());
            System.exit(1);
        } catch (IOException e) {
            System.err.println("log-signature: " + e); // a missing file, or the log could not be reached
            System.exit(1);
        }
    }

    /** Does the work of {@link #main}; returns the log entry (the value of the log's one-key answer). */
    public static JsonNode log(HttpClient http, URI rekor, Path trustedRoot, Path artifact, Path signatureFile, Path publicKeyFile,
            Path out) throws IOException, InterruptedException {
        if (Files.size(artifact) > MAX_ARTIFACT_BYTES) {
            throw new IllegalArgumentException("the artifact is larger than " + MAX_ARTIFACT_BYTES + " bytes");
        }
        byte[] data = Files.readAllBytes(artifact);
        byte[] signature = readSignature(signatureFile);
        String keyPem = Files.readString(publicKeyFile, StandardCharsets.US_ASCII);
        PublicKey key;
        try {
            key = PublicKeys.parsePem(keyPem);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(publicKeyFile + " is not a PEM public key: " + e.getMessage());
        }
        SigningAlgorithm alg = SigningAlgorithm.of(key, HashAlgorithm.SHA256).orElseThrow(() ->
                new IllegalArgumentException("no SHA-256 signature algorithm for this public key"));
        try {
            SignatureVerifier.verifyMessage(key, alg, data, signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the signature does not verify over " + artifact + " with " + publicKeyFile
                    + ": nothing was logged");
        }
        String digest = Hash.sha256(data).toHex();
        ObjectNode request = JSON.createObjectNode().put("apiVersion", "0.0.1").put("kind", "hashedrekord");
        ObjectNode spec = request.putObject("spec");
        spec.putObject("data").putObject("hash").put("algorithm", "sha256").put("value", digest);
        ObjectNode sig = spec.putObject("signature").put("content", StrictBase64.encode(signature));
        sig.putObject("publicKey").put("content", StrictBase64.encode(keyPem.getBytes(StandardCharsets.US_ASCII)));

        URI entries = rekor.resolve("/api/v1/log/entries");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(entries).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request.toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 409) { // already logged: the log names the existing entry
            String location = r.headers().firstValue("Location").orElseThrow(() ->
                    new IllegalStateException("the log answered 409 without a Location"));
            r = http.send(HttpRequest.newBuilder(entries.resolve(location)).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw new IllegalStateException("the log answered " + r.statusCode() + ": " + abbreviate(r.body()));
        }
        JsonNode entry = RekorEntryCheck.check(r.body(), trustedRoot, digest, signature, keyPem);
        ObjectNode response = JSON.createObjectNode().put("base64Signature", StrictBase64.encode(signature));
        ObjectNode bundle = response.putObject("rekorBundle");
        bundle.put("SignedEntryTimestamp", entry.get("verification").get("signedEntryTimestamp").asString());
        bundle.putObject("Payload").put("body", entry.get("body").asString())
                .put("integratedTime", entry.get("integratedTime").asLong())
                .put("logIndex", entry.get("logIndex").asLong())
                .put("logID", entry.get("logID").asString());
        Files.writeString(out, response.toString() + "\n");
        return entry;
    }

    private static byte[] readSignature(Path file) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        if (raw.length > 16 * 1024) {
            throw new IllegalArgumentException(file + " is too large for a signature");
        }
        String text = new String(raw, StandardCharsets.US_ASCII).strip();
        if (text.matches("[A-Za-z0-9+/]+={0,2}")) {
            try {
                return StrictBase64.decode(text);
            } catch (IllegalArgumentException e) {
                // not base64 after all: raw bytes
            }
        }
        return raw;
    }

    static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static void usage(String problem) {
        System.err.println("log-signature: " + problem + "\nusage: --rekor URL --trusted-root trusted_root.json "
                + "--artifact FILE --signature FILE --public-key PEM --out rekor-response.json");
        System.exit(2);
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static JsonNode parse(String json, String what) {
        try {
            return JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalStateException(what + " is not JSON");
        }
    }
}
