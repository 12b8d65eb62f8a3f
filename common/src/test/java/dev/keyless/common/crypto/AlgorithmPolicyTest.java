package dev.keyless.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.PublicKey;
import java.util.EnumSet;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The (key, hash) table of Rekor's client signing algorithm check, checkEntryAlgorithms (rekor.md §3 step 5). */
class AlgorithmPolicyTest {
    private static final PublicKey P256 = TestKeys.ec(EcCurve.P256).getPublic();
    private static final PublicKey P384 = TestKeys.ec(EcCurve.P384).getPublic();
    private static final PublicKey P521 = TestKeys.ec(EcCurve.P521).getPublic();
    private static final PublicKey ED25519 = TestKeys.ed25519().getPublic();

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("RSA-2048 + sha256", TestKeys.rsaPublicOfSize("RSA", 2048), HashAlgorithm.SHA256, SigningAlgorithm.RSA_PKCS1V15_2048_SHA256),
                Arguments.of("RSA-3072 + sha256", TestKeys.rsaPublicOfSize("RSA", 3072), HashAlgorithm.SHA256, SigningAlgorithm.RSA_PKCS1V15_3072_SHA256),
                Arguments.of("RSA-4096 + sha256", TestKeys.rsaPublicOfSize("RSA", 4096), HashAlgorithm.SHA256, SigningAlgorithm.RSA_PKCS1V15_4096_SHA256),
                Arguments.of("P-256 + sha256", P256, HashAlgorithm.SHA256, SigningAlgorithm.ECDSA_P256_SHA256),
                Arguments.of("P-384 + sha384", P384, HashAlgorithm.SHA384, SigningAlgorithm.ECDSA_P384_SHA384),
                Arguments.of("P-521 + sha512", P521, HashAlgorithm.SHA512, SigningAlgorithm.ECDSA_P521_SHA512),
                Arguments.of("Ed25519 + sha512 is Ed25519ph", ED25519, HashAlgorithm.SHA512, SigningAlgorithm.ED25519PH),
                Arguments.of("RSA-1024", TestKeys.rsaPublicOfSize("RSA", 1024), HashAlgorithm.SHA256, null),
                Arguments.of("RSA-2047", TestKeys.rsaPublicOfSize("RSA", 2047), HashAlgorithm.SHA256, null),
                Arguments.of("RSA-2048 + sha512", TestKeys.rsaPublicOfSize("RSA", 2048), HashAlgorithm.SHA512, null),
                Arguments.of("RSA-PSS key", TestKeys.rsaPublicOfSize("RSASSA-PSS", 2048), HashAlgorithm.SHA256, null),
                Arguments.of("P-256 + sha512", P256, HashAlgorithm.SHA512, null),
                Arguments.of("P-256 + sha384", P256, HashAlgorithm.SHA384, null),
                Arguments.of("P-384 + sha256", P384, HashAlgorithm.SHA256, null),
                Arguments.of("P-521 + sha256", P521, HashAlgorithm.SHA256, null),
                Arguments.of("Ed25519 + sha256", ED25519, HashAlgorithm.SHA256, null),
                Arguments.of("Ed25519 + sha384", ED25519, HashAlgorithm.SHA384, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void ofMatchesKeySizeCurveAndHashExactly(String desc, PublicKey key, HashAlgorithm hash, SigningAlgorithm want) throws Exception {
        assertThat(SigningAlgorithm.of(key, hash)).isEqualTo(Optional.ofNullable(want));
        if (want == null) {
            assertThatThrownBy(() -> AlgorithmPolicy.defaults().requireAllowed(key, hash))
                    .isInstanceOf(AlgorithmNotAllowedException.class)
                    .hasMessageContaining(hash.rekorName());
        } else {
            assertThat(AlgorithmPolicy.defaults().requireAllowed(key, hash)).isEqualTo(want);
        }
    }

    @Test
    void defaultsAllowEveryRegistryAlgorithm() {
        assertThat(AlgorithmPolicy.defaults().allowed()).isEqualTo(EnumSet.allOf(SigningAlgorithm.class)).hasSize(8);
    }

    @Test
    void requireAllowedWhenAlgorithmExcludedByPolicyThenRejectedByName() throws Exception {
        AlgorithmPolicy ecdsaOnly = AlgorithmPolicy.of(SigningAlgorithm.ECDSA_P256_SHA256, SigningAlgorithm.ECDSA_P384_SHA384);
        assertThat(ecdsaOnly.requireAllowed(P256, HashAlgorithm.SHA256)).isEqualTo(SigningAlgorithm.ECDSA_P256_SHA256);
        assertThatThrownBy(() -> ecdsaOnly.requireAllowed(P521, HashAlgorithm.SHA512))
                .isInstanceOf(AlgorithmNotAllowedException.class)
                .hasMessageContaining("ECDSA_P521_SHA512 is not allowed");
        assertThatThrownBy(() -> ecdsaOnly.requireAllowed(ED25519, HashAlgorithm.SHA512)).hasMessageContaining("ED25519PH");
        assertThatThrownBy(() -> AlgorithmPolicy.of()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hashAlgorithmsKnowTheirRekorNamesAndLengths() {
        assertThat(HashAlgorithm.fromRekorName("sha384")).contains(HashAlgorithm.SHA384);
        assertThat(HashAlgorithm.fromRekorName("SHA256")).isEmpty();
        assertThat(HashAlgorithm.SHA512.digest(new byte[0])).hasSize(HashAlgorithm.SHA512.digestLength()).hasSize(64);
        assertThat(HashAlgorithm.SHA384.jcaName()).isEqualTo("SHA-384");
        assertThat(SigningAlgorithm.ED25519.hash()).isEmpty();
        assertThat(SigningAlgorithm.ED25519PH.hash()).contains(HashAlgorithm.SHA512);
    }
}
