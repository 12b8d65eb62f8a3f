package dev.keyless.common.note;

import dev.keyless.common.crypto.KeyIds;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.encoding.Digests;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;

/** How a note key's 32-bit hint is derived (rekor.md §2.5 table). */
public enum KeyHintRule {
    /**
     * C2SP Ed25519 (signature type 0x01): SHA-256(key name || 0x0A || 0x01 || 32-byte public key)[:4]
     * (c2sp.org/signed-note, "Ed25519 signatures").
     */
    C2SP_ED25519 {
        @Override
        public int hint(String keyName, PublicKey key) {
            MessageDigest sha = Digests.sha256();
            sha.update(keyName.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0x0A);
            sha.update(ED25519_TYPE);
            sha.update(PublicKeys.ed25519Raw(key));
            byte[] h = sha.digest();
            return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
        }
    },
    /**
     * Rekor v1 for every key type, and C2SP ECDSA (type 0x02): SHA-256(DER SPKI)[:4], the first 4 bytes of the log ID
     * ({@code rekor:pkg/util/signed_note.go}).
     */
    SPKI_SHA256 {
        @Override
        public int hint(String keyName, PublicKey key) {
            return KeyIds.rekorKeyHint(key);
        }
    };

    /** The C2SP signature type byte for Ed25519. */
    public static final byte ED25519_TYPE = 0x01;

    public abstract int hint(String keyName, PublicKey key);
}
