package dev.keyless.tlog.rekor;

import dev.keyless.common.crypto.AlgorithmPolicy;
import dev.keyless.common.crypto.EcdsaBackend;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Dispatches a {@code ProposedEntry} to its kind's validator by {@code kind} and {@code apiVersion}: hashedrekord
 * 0.0.1, dsse 0.0.1 and intoto 0.0.2; anything else is a 400.
 */
public final class EntryTypes {
    private final HashedRekordV001 hashedRekord;
    private final DsseV001 dsse;
    private final IntotoV002 intoto;

    /** Entries whose signatures are all checked on Bouncy Castle (tools and tests). */
    public EntryTypes(AlgorithmPolicy policy) {
        this(policy, EcdsaBackend.BOUNCY_CASTLE);
    }

    /** @param ecdsa where ECDSA signatures are checked: the service's backend */
    public EntryTypes(AlgorithmPolicy policy, EcdsaBackend ecdsa) {
        DsseSignatureVerifier signatures = new DsseSignatureVerifier(ecdsa);
        this.hashedRekord = new HashedRekordV001(policy, ecdsa);
        this.dsse = new DsseV001(signatures);
        this.intoto = new IntotoV002(signatures);
    }

    /** Validates a proposed entry; any problem is a 400 {@link RekorApiException}. */
    public ValidatedEntry validate(JsonNode proposed) {
        if (proposed == null || !proposed.isObject()) {
            throw RekorApiException.badRequest("the proposed entry must be a JSON object");
        }
        String kind = Json.string(proposed, "kind");
        String apiVersion = Json.string(proposed, "apiVersion");
        JsonNode spec = Json.object(proposed, "spec");
        Json.onlyFields(proposed, Set.of("kind", "apiVersion", "spec"), "entry");
        if (kind.equals(HashedRekordV001.KIND) && apiVersion.equals(HashedRekordV001.VERSION)) {
            return hashedRekord.validate(spec);
        }
        if (kind.equals(DsseV001.KIND) && apiVersion.equals(DsseV001.VERSION)) {
            return dsse.validate(spec);
        }
        if (kind.equals(IntotoV002.KIND) && apiVersion.equals(IntotoV002.VERSION)) {
            return intoto.validate(spec);
        }
        throw RekorApiException.badRequest("unsupported entry kind or version");
    }
}
