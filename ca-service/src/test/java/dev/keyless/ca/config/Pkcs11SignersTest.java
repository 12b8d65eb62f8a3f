package dev.keyless.ca.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Property checks of {@code keyless.ca.signer.type=pkcs11} before any token is touched (the token: Pkcs11CaIT). */
class Pkcs11SignersTest {
    static final Path MISSING_LIBRARY = Path.of("/nonexistent/libpkcs11-module.so");
    static final Path CHAIN = Path.of("/nonexistent/chain.pem");

    static CaProperties.Signer signer(Path library, Path chain, String pin, String pinEnv) {
        return new CaProperties.Signer("pkcs11", null, null, chain,
                new CaProperties.Pkcs11(library, 1L, null, "ca", pin, pinEnv));
    }

    @Test
    void pinFromTheNamedEnvironmentVariableWhenPinEnvIsSet() {
        // Getting as far as reading the chain means the PIN was found; nothing shows it.
        assertThatThrownBy(() -> Pkcs11Signers.load(signer(MISSING_LIBRARY, CHAIN, null, "CA_PIN"),
                Map.of("CA_PIN", "Hv3-env-pin")::get, Clock.systemUTC()))
                .hasMessageContaining(CHAIN.toString()).hasMessageNotContaining("Hv3-env-pin");
    }

    @Test
    void unsetPinVariableIsNamed() {
        assertThatThrownBy(() -> Pkcs11Signers.load(signer(MISSING_LIBRARY, CHAIN, null, "CA_PIN"), Map.<String, String>of()::get,
                Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CA_PIN, which is not set");
    }

    @Test
    void exactlyOneOfPinAndPinEnv() {
        assertThatThrownBy(() -> Pkcs11Signers.load(signer(MISSING_LIBRARY, CHAIN, null, null), name -> null, Clock.systemUTC()))
                .hasMessageContaining("exactly one of pin and pin-env");
        assertThatThrownBy(() -> Pkcs11Signers.load(signer(MISSING_LIBRARY, CHAIN, "Wp2-pin", "CA_PIN"), name -> "x",
                Clock.systemUTC())).hasMessageContaining("exactly one of pin and pin-env").hasMessageNotContaining("Wp2-pin");
    }

    @Test
    void libraryAndChainAreRequired() {
        assertThatThrownBy(() -> Pkcs11Signers.load(signer(null, CHAIN, "p", null), name -> null, Clock.systemUTC()))
                .hasMessageContaining("needs pkcs11.library and chain-file");
        assertThatThrownBy(() -> Pkcs11Signers.load(signer(MISSING_LIBRARY, null, "p", null), name -> null, Clock.systemUTC()))
                .hasMessageContaining("needs pkcs11.library and chain-file");
    }

    @Test
    void toStringNeverShowsThePin() {
        assertThat(signer(MISSING_LIBRARY, CHAIN, "Rt5-pin", null).toString()).doesNotContain("Rt5-pin").contains("keyLabel=ca");
    }
}
