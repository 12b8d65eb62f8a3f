package dev.keyless.tlog.rekor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.crypto.AlgorithmPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The exact requests cosign v3.1.2 sent (test resources {@code cosign-v3.1.2/}, captured from real runs; see the
 * README there) are accepted, and the parts that are cosign's own habits change nothing stored: a dsse proposal's
 * {@code "signatures":null} gives the same canonical body as no such field.
 */
class CosignRequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final EntryTypes types = new EntryTypes(AlgorithmPolicy.defaults());

    @ParameterizedTest
    @ValueSource(strings = {"sign-blob-keyless.hashedrekord.json", "sign-blob-key.hashedrekord.json",
        "sign-image-keyless.dsse.json", "sign-image-key.dsse.json", "attest-slsa-keyless.dsse.json"})
    void whatCosignSendsIsAccepted(String file) throws IOException {
        String request = read(file);
        ValidatedEntry e = types.validate(JSON.readTree(request));
        assertThat(e.kind()).isEqualTo(file.endsWith(".dsse.json") ? "dsse" : "hashedrekord");
        assertThat(e.apiVersion()).isEqualTo("0.0.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sign-image-keyless.dsse.json", "sign-image-key.dsse.json", "attest-slsa-keyless.dsse.json"})
    void aDsseProposalsNullSignaturesAreTheSameAsNone(String file) throws IOException {
        String request = read(file);
        assertThat(request).as("cosign sends the field").contains("},\"signatures\":null},\"kind\":\"dsse\"}");
        ValidatedEntry asSent = types.validate(JSON.readTree(request));
        ValidatedEntry without = types.validate(JSON.readTree(request.replace(",\"signatures\":null}", "}")));
        assertThat(new String(asSent.canonicalBody(), StandardCharsets.UTF_8))
                .isEqualTo(new String(without.canonicalBody(), StandardCharsets.UTF_8));
        assertThat(asSent.indexKeys()).isEqualTo(without.indexKeys());
        ValidatedEntry emptyList = types.validate(JSON.readTree(request.replace("\"signatures\":null", "\"signatures\":[]")));
        assertThat(emptyList.canonicalBody()).isEqualTo(asSent.canonicalBody());

        // A client may not supply what the server computes.
        JsonNode spec = JSON.readTree(asSent.canonicalBody()).get("spec");
        String computed = "\"signatures\":" + spec.get("signatures");
        assertThatThrownBy(() -> types.validate(JSON.readTree(request.replace("\"signatures\":null", computed))))
                .isInstanceOfSatisfying(RekorApiException.class, ex -> assertThat(ex.kind()).isEqualTo(RekorApiException.Kind.INVALID_ENTRY));
        assertThatThrownBy(() -> types.validate(JSON.readTree(request.replace("\"signatures\":null",
                "\"signatures\":null,\"payloadHash\":" + spec.get("payloadHash")))))
                .isInstanceOfSatisfying(RekorApiException.class, ex -> assertThat(ex.kind()).isEqualTo(RekorApiException.Kind.INVALID_ENTRY));
    }

    private static String read(String file) throws IOException {
        try (InputStream in = CosignRequestsTest.class.getResourceAsStream("/cosign-v3.1.2/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
