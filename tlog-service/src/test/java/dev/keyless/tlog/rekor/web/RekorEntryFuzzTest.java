package dev.keyless.tlog.rekor.web;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.keyless.common.crypto.AlgorithmPolicy;
import dev.keyless.common.crypto.EcdsaBackend;
import dev.keyless.tlog.rekor.EntryTypes;
import dev.keyless.tlog.rekor.EntryTypesV2;
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
    private static final EntryTypesV2 TYPES_V2 = new EntryTypesV2(EcdsaBackend.BOUNCY_CASTLE);

    @FuzzTest(maxDuration = "10s")
    void proposedEntry(byte[] body) {
        try {
            TYPES.validate(RequestJson.parse(MAPPER, body));
        } catch (RekorApiException e) {
            // refused with a 400, as documented
        }
    }

    /** A Rekor v2 request body: refused only with RekorApiException (400); seeds: rekor-tiles' test request. */
    @FuzzTest(maxDuration = "10s")
    void createEntryRequestV2(byte[] body) {
        try {
            TYPES_V2.validate(body);
        } catch (RekorApiException e) {
            // refused with a 400, as documented
        }
    }
}
