package dev.keyless.tlog.ct.web;

import dev.keyless.tlog.ct.ChainValidator;
import dev.keyless.tlog.ct.CtLog;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** RFC 6962 §4 CT log API under {@code /ct/v1}. Errors are mapped by {@link CtErrorHandler}. */
@RestController
@RequestMapping(path = "/ct/v1", produces = MediaType.APPLICATION_JSON_VALUE)
public class CtController {
    private final CtLog ct;
    private final int maxChain;

    public CtController(CtLog ct, ChainValidator validator) {
        this.ct = ct;
        this.maxChain = validator.maxChain();
    }

    @PostMapping(path = "/add-chain", consumes = MediaType.APPLICATION_JSON_VALUE)
    public CtJson.SctResponse addChain(@RequestBody CtJson.AddChainRequest request) {
        return CtJson.SctResponse.of(ct.addChain(request.decode(maxChain)));
    }

    @PostMapping(path = "/add-pre-chain", consumes = MediaType.APPLICATION_JSON_VALUE)
    public CtJson.SctResponse addPreChain(@RequestBody CtJson.AddChainRequest request) {
        return CtJson.SctResponse.of(ct.addPreChain(request.decode(maxChain)));
    }

    @GetMapping("/get-sth")
    public CtJson.SthResponse sth() {
        return CtJson.SthResponse.of(ct.signedTreeHead());
    }

    @GetMapping("/get-sth-consistency")
    public CtJson.ConsistencyResponse consistency(@RequestParam long first, @RequestParam long second) {
        return CtJson.ConsistencyResponse.of(ct.consistencyProof(first, second));
    }

    @GetMapping("/get-proof-by-hash")
    public CtJson.ProofResponse proofByHash(@RequestParam String hash, @RequestParam("tree_size") long treeSize) {
        return CtJson.ProofResponse.of(ct.inclusionProof(CtJson.leafHash(hash), treeSize));
    }

    @GetMapping("/get-entries")
    public CtJson.EntriesResponse entries(@RequestParam long start, @RequestParam long end) {
        return CtJson.EntriesResponse.of(ct.entries(start, end));
    }

    @GetMapping("/get-roots")
    public CtJson.RootsResponse roots() {
        return CtJson.RootsResponse.of(ct.roots());
    }
}
