package dev.keyless.ca.config;

import dev.keyless.ca.identity.CiProviderTemplate;
import dev.keyless.ca.identity.HttpRetriever;
import dev.keyless.ca.identity.IssuerPool;
import dev.keyless.ca.identity.IssuerSettings;
import dev.keyless.ca.identity.IssuerType;
import dev.keyless.ca.identity.OidcIssuer;
import dev.keyless.ca.policy.ClaimRule;
import dev.keyless.ca.policy.IssuancePolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.FileSystemResource;

/** Builds the issuer pool and the issuance policy from {@code keyless.ca.issuers} and the optional issuers file. */
@Configuration(proxyBeanMethods = false)
public class IdentityConfiguration {
    private static final Logger log = LoggerFactory.getLogger(IdentityConfiguration.class);
    /** Fulcio's OIDC discovery timeout. */
    static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_DOCUMENT_BYTES = 1024 * 1024;

    /** The issuers and rules, parsed and validated once. */
    public record IssuerConfig(List<IssuerSettings> issuers, Map<String, List<ClaimRule>> rules) {
    }

    @Bean
    IssuerConfig issuerConfig(CaProperties props) {
        List<CaProperties.Issuer> issuers = new ArrayList<>(props.issuers());
        Map<String, CaProperties.CiProvider> providers = new LinkedHashMap<>(props.ciProviders());
        if (props.issuersFile() != null) {
            Binder file = fileBinder(props);
            issuers.addAll(file.bind("issuers", Bindable.listOf(CaProperties.Issuer.class)).orElse(List.of()));
            providers.putAll(file.bind("ci-providers", Bindable.mapOf(String.class, CaProperties.CiProvider.class)).orElse(Map.of()));
        }
        return parse(issuers, providers);
    }

    /** Turns configuration records into validated settings; any mistake fails startup with a message naming it. */
    static IssuerConfig parse(List<CaProperties.Issuer> issuers, Map<String, CaProperties.CiProvider> providers) {
        Map<String, CiProviderTemplate> templates = new HashMap<>(CiProviderTemplate.builtIns());
        providers.forEach((name, p) -> templates.put(name,
                CiProviderTemplate.of(name, p.defaultTemplateValues(), p.subjectAlternativeNameTemplate(), p.extensionTemplates())));
        List<IssuerSettings> settings = new ArrayList<>();
        Map<String, List<ClaimRule>> rules = new LinkedHashMap<>();
        for (CaProperties.Issuer i : issuers) {
            if (i.url() == null || i.type() == null) {
                throw new IllegalArgumentException("every issuer needs a url and a type");
            }
            IssuerType type = IssuerType.fromConfig(i.type());
            CiProviderTemplate template = null;
            if (type == IssuerType.CI_PROVIDER) {
                template = templates.get(i.ciProvider());
                if (template == null) {
                    throw new IllegalArgumentException("issuer " + i.url() + ": unknown ci-provider \"" + i.ciProvider()
                            + "\"; known: " + templates.keySet());
                }
            }
            settings.add(new IssuerSettings(i.url(), i.clientId(), type, i.subjectDomain(), i.spiffeTrustDomain(),
                    i.skipEmailVerification(), template));
            if (!i.policies().isEmpty()) {
                rules.put(i.url(), i.policies().stream()
                        .map(r -> ClaimRule.of(r.name(), r.claim(), r.equals(), r.matches(), r.in())).toList());
            }
        }
        return new IssuerConfig(List.copyOf(settings), rules);
    }

    private static Binder fileBinder(CaProperties props) {
        try {
            var sources = new YamlPropertySourceLoader().load("keyless-ca-issuers", new FileSystemResource(props.issuersFile()));
            return new Binder(ConfigurationPropertySources.from(sources));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the issuers file " + props.issuersFile(), e);
        }
    }

    @Bean
    IssuerPool issuerPool(IssuerConfig config, Clock clock) {
        HttpRetriever retriever = new HttpRetriever(HTTP_TIMEOUT, MAX_DOCUMENT_BYTES);
        config.issuers().forEach(i -> log.info("OIDC issuer {} ({}, audience {})", i.url(), i.type().configName(), i.clientId()));
        if (config.issuers().isEmpty()) {
            log.warn("no OIDC issuers are configured (keyless.ca.issuers): every signing request will be refused");
        }
        return new IssuerPool(config.issuers(), s -> new OidcIssuer(s, retriever, clock));
    }

    @Bean
    IssuancePolicy issuancePolicy(IssuerConfig config) {
        return new IssuancePolicy(config.issuers(), config.rules());
    }
}
