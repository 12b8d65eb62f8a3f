package dev.keyless.tlog.rekor;

import java.util.List;

/**
 * A proposed entry that passed every check: what the log stores.
 *
 * @param canonicalBody RFC 8785 canonical JSON of the entry: the leaf input and the {@code body} clients get back
 * @param indexKeys lowercase search keys
 */
public record ValidatedEntry(String kind, String apiVersion, byte[] canonicalBody, List<String> indexKeys) {
}
