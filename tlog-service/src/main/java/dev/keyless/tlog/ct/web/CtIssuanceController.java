package dev.keyless.tlog.ct.web;

import dev.keyless.tlog.ct.CtLog;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * For the web console: which CT log entries hold certificates issued to an identity. Not part of RFC 6962, so not
 * under {@code /ct/v1}; the entries themselves are read with {@code get-entries}. Errors in the CT shape.
 */
@RestController
public class CtIssuanceController {
    private final CtLog ct;

    public CtIssuanceController(CtLog ct) {
        this.ct = ct;
    }

    /** @param indexes leaf indexes in the CT log, newest first; {@code truncated} when there may be more */
    public record IssuedJson(List<Long> indexes, boolean truncated) {
    }

    @GetMapping(path = "/api/console/v1/ct/issued", produces = MediaType.APPLICATION_JSON_VALUE)
    public IssuedJson issued(@RequestParam String identity) {
        CtLog.Issued issued = ct.issuedTo(identity);
        return new IssuedJson(issued.indexes(), issued.truncated());
    }
}
