package dev.keyless.ca.config;

import dev.keyless.ca.tuf.OnlineTufSigner;
import dev.keyless.tuf.TufRepository;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the TUF repository directory ({@code keyless.ca.tuf.repository-dir}) read-only at {@code /tuf/}, through
 * Spring's static resource handling (which refuses paths that leave the directory). Not cached: clients must see a
 * re-signed {@code timestamp.json} at once, and the versioned files are small. With the online keys configured, the
 * timestamp and snapshot are signed again before they expire ({@link OnlineTufSigner}).
 */
@Configuration(proxyBeanMethods = false)
public class TufConfiguration implements WebMvcConfigurer {
    private final TufProperties props;

    public TufConfiguration(TufProperties props) {
        this.props = props;
    }

    /** Only with the online keys set (an empty {@code KEYLESS_CA_TUF_ONLINE_KEYS_DIR} is unset). */
    @Bean
    @ConditionalOnExpression("!'${keyless.ca.tuf.online-keys-dir:}'.isEmpty()")
    PeriodicTask onlineTufSigner(Clock clock) {
        OnlineTufSigner signer = new OnlineTufSigner(new TufRepository(props.repositoryDir()), props.onlineKeysDir(),
                props.checkInterval(), clock);
        return new PeriodicTask("tuf-online-signer", Duration.ZERO, props.checkInterval(), signer::refresh);
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        if (props.repositoryDir() != null) {
            String location = props.repositoryDir().toAbsolutePath().toUri().toString();
            registry.addResourceHandler("/tuf/**")
                    .addResourceLocations(location.endsWith("/") ? location : location + "/")
                    .setCacheControl(CacheControl.noCache());
        }
    }
}
