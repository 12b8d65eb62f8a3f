package dev.keyless.tlog.rekor.web;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.keyless.common.crypto.AlgorithmPolicy;
import dev.keyless.tlog.rekor.EntryTypes;
import dev.keyless.tlog.rekor.RekorApiException;
import tools.jackson.databind.ObjectMapper;

/**
 * Coverage-guided fuzz target (Jazzer) for a proposed Rekor entry as the API receives it: the request body parsed
 * and validated (hashedrekord, dsse, intoto, and every kind refused). A body may be refused only with
 * {@link RekorApiException}, which the API answers 400; anything else would be a 500. Seeds: the requests cosign
 * v3.1.2 sent ({@code RekorEntryFuzzTestInputs/proposedEntry/}).
 */
class RekorEntryFuzzTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final EntryTypes TYPES = new EntryTypes(AlgorithmPolicy.defaults());

    @FuzzTest(maxDuration = "10s")
    void proposedEntry(byte[] body) {
        try {
            TYPES.validate(RequestJson.parse(MAPPER, body));
        } catch (RekorApiException e) {
            // refused with a 400, as documented
        }
    }
}
