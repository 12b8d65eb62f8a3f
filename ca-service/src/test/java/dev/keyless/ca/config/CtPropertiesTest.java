package dev.keyless.ca.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.io.ClassPathResource;

class CtPropertiesTest {
    static CtProperties enabled(String url) {
        return new CtProperties(true, url == null ? null : URI.create(url), null, true, Duration.ofSeconds(3),
                Duration.ofSeconds(15));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://log.example", "localhost:3000", "/ct", "http://log.example/?x=1",
            "http://log.example/#f", "http://user@log.example"})
    void enabledWhenUrlIsNotAPlainHttpBaseUrlThenRefused(String url) {
        assertThatThrownBy(() -> enabled(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyless.ca.ct.url");
    }

    @Test
    void enabledWhenUrlMissingThenRefused() {
        assertThatThrownBy(() -> enabled(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void enabledWhenHttpOrHttpsBaseUrlThenAccepted() {
        assertThat(enabled("http://localhost:3000").url()).hasToString("http://localhost:3000");
        assertThat(enabled("https://ct.example/shard1/").url()).hasToString("https://ct.example/shard1/");
    }

    @Test
    void emptyPublicKeyPathMeansUnsetAndDisabledNeedsNoUrl() {
        CtProperties p = new CtProperties(false, null, Path.of(""), true, Duration.ofSeconds(3), Duration.ofSeconds(15));
        assertThat(p.publicKey()).isNull();
    }

    @Test
    void nonPositiveTimeoutRefused() {
        assertThatThrownBy(() -> new CtProperties(false, null, null, true, Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The shipped configuration, with no environment: a certificate is issued only once its precertificate is in the
     * local CT log, and when that log is down nothing is issued (fulcio.md §5.1; Fulcio's own default log URL).
     */
    @Test
    void shippedDefaultsLogEveryPrecertificateAndRequireTheSct() throws Exception {
        MutablePropertySources sources = new MutablePropertySources();
        new YamlPropertySourceLoader().load("application.yaml", new ClassPathResource("application.yaml"))
                .forEach(sources::addLast);
        Binder binder = new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources));
        CtProperties shipped = binder.bindOrCreate("keyless.ca.ct", CtProperties.class);
        assertThat(shipped.enabled()).isTrue();
        assertThat(shipped.required()).isTrue();
        assertThat(shipped.url()).isEqualTo(URI.create("http://localhost:3000"));
        CtProperties bare = new Binder(ConfigurationPropertySources.from(new MutablePropertySources()))
                .bindOrCreate("keyless.ca.ct", CtProperties.class);
        assertThat(bare.enabled()).as("without application.yaml too").isTrue();
        assertThat(bare.url()).isEqualTo(shipped.url());
    }
}
