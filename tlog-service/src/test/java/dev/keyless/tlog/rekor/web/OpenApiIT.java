package dev.keyless.tlog.rekor.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.testing.OpenApiDocument;
import dev.keyless.tlog.TlogIntegrationTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** The served OpenAPI description lists exactly the operations the service maps: none missing, none invented. */
class OpenApiIT extends TlogIntegrationTest {
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void describesEveryMappedOperation() {
        HttpResponse<String> doc = get("/openapi.yaml");
        assertThat(doc.statusCode()).isEqualTo(200);
        assertThat(OpenApiDocument.operations(doc.body())).isEqualTo(OpenApiDocument.mappedOperations(mappings));
    }
}
