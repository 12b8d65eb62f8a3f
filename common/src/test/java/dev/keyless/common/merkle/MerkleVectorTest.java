package dev.keyless.common.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.encoding.Hash;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Runs every vector file under {@code vectors/} (written by tools/merkle_vectors.py, an independent naive
 * Python implementation). Each directory holds one valid proof and files that are that proof with exactly
 * one mutation; the verifier must accept the first and reject each of the others.
 */
class MerkleVectorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> inclusionVectors() throws Exception {
        return vectors("inclusion").map(path -> DynamicTest.dynamicTest(name(path), () -> {
            JsonNode v = JSON.readTree(path.toFile());
            Runnable verify = () -> ProofVerifier.verifyInclusion(v.get("index").asLong(), v.get("size").asLong(),
                    Hash.fromHex(v.get("leafHash").asString()), hashes(v.get("proof")), Hash.fromHex(v.get("root").asString()));
            check(v, verify);
        }));
    }

    @TestFactory
    Stream<DynamicTest> consistencyVectors() throws Exception {
        return vectors("consistency").map(path -> DynamicTest.dynamicTest(name(path), () -> {
            JsonNode v = JSON.readTree(path.toFile());
            Runnable verify = () -> ProofVerifier.verifyConsistency(v.get("size1").asLong(), v.get("size2").asLong(),
                    hashes(v.get("proof")), Hash.fromHex(v.get("root1").asString()), Hash.fromHex(v.get("root2").asString()));
            check(v, verify);
        }));
    }

    private static void check(JsonNode v, Runnable verify) {
        if (v.get("wantErr").asBoolean()) {
            assertThatThrownBy(verify::run).as(v.get("desc").asString()).isInstanceOf(MerkleException.class);
        } else {
            assertThatCode(verify::run).as(v.get("desc").asString()).doesNotThrowAnyException();
        }
    }

    private static Stream<Path> vectors(String kind) throws IOException, URISyntaxException {
        Path dir = Path.of(MerkleVectorTest.class.getResource("/vectors/" + kind).toURI());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        // Guards against a packaging change silently dropping the vectors.
        assertThat(files).as("vector files for " + kind).hasSizeGreaterThan(50);
        assertThat(files).anyMatch(p -> p.getFileName().toString().equals("happy-path.json"));
        return files.stream();
    }

    private static String name(Path p) {
        return p.getParent().getFileName() + "/" + p.getFileName();
    }

    private static List<Hash> hashes(JsonNode array) {
        return array.valueStream().map(n -> Hash.fromHex(n.asString())).toList();
    }
}
