package dev.keyless.testing;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The operations an OpenAPI 3 document describes, and those a running service maps, both as {@code "GET /path"}
 * strings, so a test can compare them.
 */
public final class OpenApiDocument {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private OpenApiDocument() {
    }

    /**
     * @throws IllegalArgumentException if the text is not an OpenAPI 3 document with paths
     */
    public static Set<String> operations(String yaml) {
        Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        if (!(doc instanceof Map<?, ?> root) || !String.valueOf(root.get("openapi")).startsWith("3.")
                || !(root.get("paths") instanceof Map<?, ?> paths)) {
            throw new IllegalArgumentException("not an OpenAPI 3 document with paths");
        }
        Set<String> out = new TreeSet<>();
        for (Map.Entry<?, ?> path : paths.entrySet()) {
            if (path.getValue() instanceof Map<?, ?> item) {
                for (Object method : item.keySet()) {
                    if (METHODS.contains(String.valueOf(method))) {
                        out.add(String.valueOf(method).toUpperCase(Locale.ROOT) + " " + path.getKey());
                    }
                }
            }
        }
        return out;
    }

    /** Every method and path pattern the application's controllers map, without Spring's {@code /error}. */
    public static Set<String> mappedOperations(RequestMappingHandlerMapping mappings) {
        Set<String> out = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(p -> !p.equals("/error"))
                // A trailing /** (the rest of the path) is written as one {path} parameter in OpenAPI.
                .map(p -> p.endsWith("/**") ? p.substring(0, p.length() - 3) + "/{path}" : p)
                .forEach(p -> info.getMethodsCondition().getMethods().forEach(m -> out.add(m.name() + " " + p))));
        return out;
    }
}
