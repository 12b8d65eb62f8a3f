package dev.keyless.tlog.rekor.web;

import dev.keyless.tlog.rekor.RekorSearch;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;

/** Rekor v1 search index: entry UUIDs by hash, public key, email or subject. */
@RestController
public class IndexController {
    private final RekorSearch search;
    private final ObjectMapper mapper;

    public IndexController(RekorSearch search, ObjectMapper mapper) {
        this.search = search;
        this.mapper = mapper;
    }

    /** Rekor's {@code SearchIndex}. */
    public record SearchIndexJson(String email, String subject, PublicKeyJson publicKey, String hash, String operator) {
    }

    public record PublicKeyJson(String format, String content) {
    }

    /**
     * For the web console: entry UUIDs by the SHA-256 fingerprint of a public key or certificate (DER). Not Rekor's
     * API, so not under {@code /api/v1}; errors in Rekor's shape.
     */
    @GetMapping(path = "/api/console/v1/rekor/fingerprint", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<String> byFingerprint(@RequestParam String sha256) {
        return search.byFingerprint(sha256);
    }

    @PostMapping(path = "/api/v1/index/retrieve", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<String> retrieve(@RequestBody(required = false) byte[] body) {
        SearchIndexJson q = RequestJson.convert(mapper, RequestJson.parse(mapper, body), SearchIndexJson.class);
        return search.search(new RekorSearch.Query(q.email(), q.subject(),
                q.publicKey() == null ? null : q.publicKey().format(),
                q.publicKey() == null ? null : q.publicKey().content(), q.hash(), q.operator()));
    }
}
