package dev.keyless.tlog.ct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the validator remembers between submissions comes only from chains that reached an accepted root. */
class ChainValidatorTest {
    private final TestPki pki = new TestPki("accepted");
    private final ChainValidator validator = new ChainValidator(List.of(pki.root), 10);

    @Test
    void chainsToAnUnknownRootTeachItNothing() {
        TestPki other = new TestPki("other");
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> validator.validate(List.of(TestPki.der(other.precert()), TestPki.der(other.intermediate),
                    TestPki.der(other.root)), true)).isInstanceOfSatisfying(CtApiException.class,
                    e -> assertThat(e.getMessage()).isEqualTo(ChainValidator.UNKNOWN_ROOT));
        }
        assertThat(validator.remembered()).isZero();
    }

    @Test
    void aChainToTheRootIsRememberedOnceAndStillValidatedEachTime() {
        validator.validate(List.of(TestPki.der(pki.precert()), TestPki.der(pki.intermediate)), true);
        // The intermediate -> root link and the two issuer keys (intermediate, root).
        int after = validator.remembered();
        assertThat(after).isEqualTo(3);
        validator.validate(List.of(TestPki.der(pki.precert()), TestPki.der(pki.intermediate), TestPki.der(pki.root)), true);
        assertThat(validator.remembered()).isEqualTo(after);
        // A precertificate the intermediate did not sign is still refused with everything remembered.
        TestPki other = new TestPki("accepted"); // same names, other keys
        assertThatThrownBy(() -> validator.validate(List.of(TestPki.der(other.precert()), TestPki.der(pki.intermediate)), true))
                .isInstanceOfSatisfying(CtApiException.class, e -> assertThat(e.getMessage()).isEqualTo(ChainValidator.BROKEN_LINK));
    }
}
