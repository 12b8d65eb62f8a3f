package dev.keyless.tlog.rekor.web;

import dev.keyless.common.merkle.Rfc6962;
import dev.keyless.tlog.rekor.EntryTypes;
import dev.keyless.tlog.rekor.LogEntryView;
import dev.keyless.tlog.rekor.RekorApiException;
import dev.keyless.tlog.rekor.RekorLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Rekor v1 log entries: create, get by UUID or index, retrieve in bulk (rekor.md §1.2, §1.3). */
@RestController
@RequestMapping(path = "/api/v1/log/entries", produces = MediaType.APPLICATION_JSON_VALUE)
public class EntryController {
    static final int MAX_RETRIEVE = 10;

    private final RekorLog rekor;
    private final EntryTypes types;
    private final ObjectMapper mapper;

    public EntryController(RekorLog rekor, EntryTypes types, ObjectMapper mapper) {
        this.rekor = rekor;
        this.types = types;
        this.mapper = mapper;
    }

    @PostMapping
    public ResponseEntity<Map<String, LogEntryJson>> create(@RequestBody(required = false) byte[] body) {
        LogEntryView entry = rekor.append(types.validate(RequestJson.parse(mapper, body)));
        return ResponseEntity.status(HttpStatus.CREATED)
                .header(HttpHeaders.LOCATION, "/api/v1/log/entries/" + entry.uuid())
                // Unquoted, as Rekor sends it: sigstore-go (cosign) looks the entry up in the body by this exact
                // header value, and a quoted ETag (RFC 9110's form, which ResponseEntity.eTag writes) finds nothing.
                .header(HttpHeaders.ETAG, entry.uuid())
                .body(LogEntryJson.of(entry));
    }

    @GetMapping("/{entryUuid}")
    public ResponseEntity<Map<String, LogEntryJson>> byUuid(@PathVariable String entryUuid) {
        return found(rekor.byUuid(entryUuid));
    }

    @GetMapping
    public ResponseEntity<Map<String, LogEntryJson>> byIndex(@RequestParam String logIndex) {
        return found(rekor.byLogIndex(parseIndex(logIndex)));
    }

    /** Rekor's {@code SearchLogQuery}: at most {@value #MAX_RETRIEVE} UUIDs, indexes and entries in all. */
    public record SearchLogQuery(List<String> entryUUIDs, List<Long> logIndexes, List<JsonNode> entries) {
    }

    @PostMapping("/retrieve")
    public List<Map<String, LogEntryJson>> retrieve(@RequestBody(required = false) byte[] body) {
        SearchLogQuery q = RequestJson.convert(mapper, RequestJson.parse(mapper, body), SearchLogQuery.class);
        List<String> uuids = q.entryUUIDs() == null ? List.of() : q.entryUUIDs();
        List<Long> indexes = q.logIndexes() == null ? List.of() : q.logIndexes();
        List<JsonNode> entries = q.entries() == null ? List.of() : q.entries();
        int total = uuids.size() + indexes.size() + entries.size();
        if (total > MAX_RETRIEVE) {
            throw RekorApiException.tooMany("more than max allowed " + MAX_RETRIEVE + " entries in request");
        }
        List<Map<String, LogEntryJson>> out = new ArrayList<>();
        for (String uuid : uuids) {
            if (uuid == null) {
                throw RekorApiException.badRequest("invalid entry UUID");
            }
            rekor.byUuid(uuid).ifPresent(v -> out.add(LogEntryJson.of(v)));
        }
        for (Long index : indexes) {
            if (index == null || index < 0) {
                throw RekorApiException.badRequest("logIndex must be >= 0");
            }
            rekor.byLogIndex(index).ifPresent(v -> out.add(LogEntryJson.of(v)));
        }
        for (JsonNode proposed : entries) {
            byte[] canonical = types.validate(proposed).canonicalBody();
            rekor.byUuid(Rfc6962.hashLeaf(canonical).toHex()).ifPresent(v -> out.add(LogEntryJson.of(v)));
        }
        return out;
    }

    private static long parseIndex(String s) {
        try {
            long v = Long.parseLong(s);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through to the fixed message
        }
        throw RekorApiException.badRequest("logIndex must be an integer >= 0");
    }

    private static ResponseEntity<Map<String, LogEntryJson>> found(Optional<LogEntryView> entry) {
        // Rekor answers a missing entry with 404 and no body.
        return entry.map(v -> ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(LogEntryJson.of(v)))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }
}
