package dev.keyless.tlog.rekor;

import dev.keyless.common.crypto.EcdsaBackend;
import tools.jackson.databind.JsonNode;

/**
 * Dispatches a Rekor v2 {@code CreateEntryRequest} (its oneof is the top-level key, lowerCamel as protojson writes it)
 * to {@link HashedRekordV002} or {@link DsseV002}; anything else is a 400. Thread-safe.
 */
public final class EntryTypesV2 {
    /** The largest canonicalized body: entry bundles prefix each with a uint16 length (C2SP tlog-tiles). */
    public static final int MAX_BODY_BYTES = 0xFFFF;

    private final HashedRekordV002 hashedRekord;
    private final DsseV002 dsse;

    public EntryTypesV2(EcdsaBackend ecdsa) {
        this.hashedRekord = new HashedRekordV002(ecdsa);
        this.dsse = new DsseV002(ecdsa);
    }

    /** Validates a request body; any problem is a 400 {@link RekorApiException}. */
    public ValidatedEntry validate(byte[] body) {
        ValidatedEntry entry = dispatch(Json.parseBody(body));
        if (entry.canonicalBody().length > MAX_BODY_BYTES) {
            throw RekorApiException.invalidEntry("the entry is larger than a tile entry bundle can hold");
        }
        return entry;
    }

    private ValidatedEntry dispatch(JsonNode request) {
        if (request.size() != 1) {
            throw RekorApiException.invalidEntry("want exactly one of hashedRekordRequestV002 and dsseRequestV002");
        }
        if (request.has("hashedRekordRequestV002")) {
            return hashedRekord.validate(Json.object(request, "hashedRekordRequestV002"));
        }
        if (request.has("dsseRequestV002")) {
            return dsse.validate(Json.object(request, "dsseRequestV002"));
        }
        throw RekorApiException.invalidEntry("want exactly one of hashedRekordRequestV002 and dsseRequestV002");
    }
}
