package dev.keyless.tlog.rekor.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.tlog.rekor.RekorApiException;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Each kind of refusal the Rekor domain names gets Rekor's status, in its {@code {code, message}} body. */
class ApiErrorCatalogueTest {
    @Test
    void everyKindHasRekorsStatus() {
        Map<RekorApiException.Kind, Integer> want = new EnumMap<>(RekorApiException.Kind.class);
        want.put(RekorApiException.Kind.BAD_REQUEST, 400);
        want.put(RekorApiException.Kind.INVALID_ENTRY, 400);
        want.put(RekorApiException.Kind.DUPLICATE, 409);
        want.put(RekorApiException.Kind.TOO_MANY, 422);
        assertThat(want.keySet()).containsExactlyInAnyOrder(RekorApiException.Kind.values());
        want.forEach((kind, status) -> assertThat(ApiErrorHandler.status(kind).value()).as(kind.name()).isEqualTo(status));
    }

    @Test
    void aDuplicateNamesTheExistingEntry() {
        ResponseEntity<ErrorJson> r = new ApiErrorHandler().rekor(RekorApiException.duplicate("ab12"));
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(r.getHeaders().getFirst("Location")).isEqualTo("/api/v1/log/entries/ab12");
        assertThat(r.getBody()).isEqualTo(new ErrorJson(409,
                "an equivalent entry already exists in the transparency log with UUID ab12"));
    }
}
