package dev.keyless.common.crypto;

import dev.keyless.common.encoding.Hash;
import java.security.PublicKey;

/**
 * Key identifiers derived from the canonical DER SubjectPublicKeyInfo (rekor.md §2.3, §2.5).
 */
public final class KeyIds {
    private KeyIds() {
    }

    /**
     * Rekor's log ID, SHA-256(DER SPKI) (RFC 6962 §3.2; {@code rekor:pkg/sharding/ranges.go}); hex of it is the
     * {@code logID} of entries and of the trusted root.
     */
    public static Hash logId(PublicKey key) {
        return Hash.sha256(PublicKeys.toDer(key));
    }

    /**
     * Rekor v1's signed-note key hint for every key type: the first 4 bytes of the log ID, big-endian
     * ({@code rekor:pkg/util/signed_note.go} getPublicKeyHash). Also the C2SP ECDSA (type 0x02) rule.
     */
    public static int rekorKeyHint(PublicKey key) {
        byte[] id = logId(key).toByteArray();
        return ((id[0] & 0xff) << 24) | ((id[1] & 0xff) << 16) | ((id[2] & 0xff) << 8) | (id[3] & 0xff);
    }
}
