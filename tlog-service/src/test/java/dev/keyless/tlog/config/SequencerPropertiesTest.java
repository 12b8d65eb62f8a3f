package dev.keyless.tlog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SequencerPropertiesTest {
    @Test
    void lingerIsBoundedToZeroToOneSecond() {
        assertThat(new TlogProperties.Sequencer(512, 4096, Duration.ofSeconds(10), Duration.ZERO).linger()).isZero();
        assertThat(new TlogProperties.Sequencer(512, 4096, Duration.ofSeconds(10), Duration.ofSeconds(1)).linger())
                .isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> new TlogProperties.Sequencer(512, 4096, Duration.ofSeconds(10), Duration.ofMillis(-1)))
                .hasMessageContaining("keyless.tlog.sequencer.linger");
        assertThatThrownBy(() -> new TlogProperties.Sequencer(512, 4096, Duration.ofSeconds(10), Duration.ofMillis(1001)))
                .hasMessageContaining("keyless.tlog.sequencer.linger");
    }

    @Test
    void maxBatchMustFitInMaxPending() {
        assertThatThrownBy(() -> new TlogProperties.Sequencer(512, 100, Duration.ofSeconds(10), Duration.ZERO))
                .hasMessageContaining("max-batch <= max-pending");
    }
}
