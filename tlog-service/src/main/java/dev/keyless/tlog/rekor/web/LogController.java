package dev.keyless.tlog.rekor.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keyless.tlog.rekor.ConsistencyProofView;
import dev.keyless.tlog.rekor.LogInfoView;
import dev.keyless.tlog.rekor.RekorApiException;
import dev.keyless.tlog.rekor.RekorLog;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Rekor v1 tree state: log info with the signed checkpoint, consistency proofs, the public key. */
@RestController
@RequestMapping("/api/v1/log")
public class LogController {
    private final RekorLog rekor;

    public LogController(RekorLog rekor) {
        this.rekor = rekor;
    }

    /** Rekor's {@code LogInfo}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LogInfoJson(String rootHash, long treeSize, String signedTreeHead, @JsonProperty("treeID") String treeId,
            List<LogInfoJson> inactiveShards) {
        static LogInfoJson of(LogInfoView v) {
            return new LogInfoJson(v.rootHash(), v.treeSize(), v.signedTreeHead(), v.treeId(),
                    v.inactiveShards().stream().map(LogInfoJson::of).toList());
        }
    }

    /** Rekor's {@code ConsistencyProof}. */
    public record ConsistencyProofJson(String rootHash, List<String> hashes) {
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<LogInfoJson> info() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(LogInfoJson.of(rekor.info()));
    }

    @GetMapping(path = "/proof", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ConsistencyProofJson> proof(@RequestParam(defaultValue = "1") String firstSize,
            @RequestParam String lastSize, @RequestParam(name = "treeID", required = false) String treeId) {
        ConsistencyProofView p = rekor.consistencyProof(size(firstSize, "firstSize"), size(lastSize, "lastSize"), treeId);
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(new ConsistencyProofJson(p.rootHash(), p.hashes()));
    }

    @GetMapping(path = "/publicKey", produces = "application/x-pem-file")
    public ResponseEntity<String> publicKey(@RequestParam(name = "treeID", required = false) String treeId) {
        String pem = treeId == null ? rekor.publicKeyPem() : rekor.publicKeyPem(treeId);
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(pem);
    }

    private static long size(String s, String name) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw RekorApiException.badRequest(name + " must be an integer");
        }
    }
}
