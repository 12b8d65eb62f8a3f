package dev.keyless.tlog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

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

    @Test
    void lingerBindsFromPropertiesAndEnvironmentWithFiveMillisecondDefault() {
        assertThat(bind(Map.of()).sequencer().linger()).isEqualTo(Duration.ofMillis(5));
        assertThat(bind(Map.of("keyless.tlog.sequencer.linger", "0ms")).sequencer().linger()).isZero();
        assertThat(bind(Map.of("keyless.tlog.sequencer.linger", "250ms")).sequencer().linger()).isEqualTo(Duration.ofMillis(250));
        // The environment variable's name, as docs/benchmarks.md and a container's environment use it.
        var env = new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("KEYLESS_TLOG_SEQUENCER_LINGER", "0ms"));
        TlogProperties fromEnv = new Binder(ConfigurationPropertySources.from(env)).bindOrCreate("keyless.tlog", TlogProperties.class);
        assertThat(fromEnv.sequencer().linger()).isZero();
        assertThatThrownBy(() -> bind(Map.of("keyless.tlog.sequencer.linger", "2s")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("keyless.tlog.sequencer.linger");
    }

    private static TlogProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("keyless.tlog", TlogProperties.class);
    }
}
