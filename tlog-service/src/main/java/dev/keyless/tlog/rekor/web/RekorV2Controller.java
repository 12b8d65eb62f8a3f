package dev.keyless.tlog.rekor.web;

import dev.keyless.common.encoding.StrictBase64;
import dev.keyless.tlog.rekor.EntryTypesV2;
import dev.keyless.tlog.rekor.RekorV2Log;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rekor v2's write API (rekor-v2-tsa.md §1, §2): {@code POST /api/v2/log/entries} answers 201 with a
 * {@code TransparencyLogEntry} as rekor-tiles writes it (protojson with every field: int64 as strings, bytes as padded
 * base64, {@code integratedTime} "0", {@code inclusionPromise} null), once the entry is durable and covered by the
 * checkpoint it carries. Refusals are {@code {"code","message","details"}} ({@link RekorV2ErrorHandler}).
 * {@code GET /api/v2/log/publicKey} (PEM) is ours, for operators building the trust root; rekor-tiles has none.
 */
@RestController
@ConditionalOnProperty(name = "keyless.tlog.rekor-v2.enabled", havingValue = "true", matchIfMissing = true)
public class RekorV2Controller {
    private final RekorV2Log log;
    private final EntryTypesV2 types;

    public RekorV2Controller(RekorV2Log log, EntryTypesV2 types) {
        this.log = log;
        this.types = types;
    }

    @PostMapping(path = "/api/v2/log/entries", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> create(@RequestBody(required = false) byte[] body) {
        RekorV2Log.Appended a = log.append(types.validate(body == null ? new byte[0] : body));
        return ResponseEntity.status(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON)
                .body(transparencyLogEntry(a).toString());
    }

    @GetMapping(path = "/api/v2/log/publicKey", produces = "application/x-pem-file")
    public String publicKey() {
        return log.publicKeyPem();
    }

    /** The response, fields in protobuf field order, as rekor-tiles emits them. */
    static ObjectNode transparencyLogEntry(RekorV2Log.Appended a) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("logIndex", Long.toString(a.logIndex()));
        e.putObject("logId").put("keyId", StrictBase64.encode(a.logId().toByteArray()));
        e.putObject("kindVersion").put("kind", a.entry().kind()).put("version", a.entry().apiVersion());
        e.put("integratedTime", "0");
        e.putNull("inclusionPromise");
        ObjectNode proof = e.putObject("inclusionProof");
        proof.put("logIndex", Long.toString(a.logIndex()));
        proof.put("rootHash", StrictBase64.encode(a.state().root().toByteArray()));
        proof.put("treeSize", Long.toString(a.state().size()));
        ArrayNode hashes = proof.putArray("hashes");
        a.proof().forEach(h -> hashes.add(StrictBase64.encode(h.toByteArray())));
        proof.putObject("checkpoint").put("envelope", a.checkpoint());
        e.put("canonicalizedBody", StrictBase64.encode(a.entry().canonicalBody()));
        return e;
    }
}
