package dev.keyless.ca.config;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the TUF repository directory ({@code keyless.ca.tuf.repository-dir}) read-only at {@code /tuf/}, through
 * Spring's static resource handling (which refuses paths that leave the directory). Not cached: clients must see a
 * re-signed {@code timestamp.json} at once, and the versioned files are small.
 */
@Configuration(proxyBeanMethods = false)
public class TufConfiguration implements WebMvcConfigurer {
    private final TufProperties props;

    public TufConfiguration(TufProperties props) {
        this.props = props;
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
