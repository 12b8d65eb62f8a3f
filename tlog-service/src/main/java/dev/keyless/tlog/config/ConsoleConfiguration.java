package dev.keyless.tlog.config;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The auditors' web console at {@code /console/}: static files (classpath {@code static/console/}, plain ES modules,
 * no build step) that read the log's public APIs and verify what they get in the browser. The server only hands
 * out the files, under a Content-Security-Policy that lets the page load nothing but its own files and talk to
 * nothing but this log (log content is shown as text, never as markup, and this keeps it so).
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleConfiguration implements WebMvcConfigurer {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self';"
            + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/console", "/console/");
        registry.addViewController("/console/").setViewName("forward:/console/index.html");
    }

    @Bean
    FilterRegistrationBean<Filter> consoleSecurityHeaders() {
        Filter headers = (request, response, chain) -> {
            HttpServletResponse http = (HttpServletResponse) response;
            http.setHeader("Content-Security-Policy", CSP);
            http.setHeader("X-Content-Type-Options", "nosniff");
            http.setHeader("Referrer-Policy", "no-referrer");
            chain.doFilter(request, response);
        };
        FilterRegistrationBean<Filter> reg = new FilterRegistrationBean<>(headers);
        reg.addUrlPatterns("/console", "/console/*");
        return reg;
    }
}
