package dev.keyless.common.note;

import dev.keyless.common.crypto.CryptoParseException;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.crypto.SignatureVerificationException;
import dev.keyless.common.crypto.SignatureVerifier;
import dev.keyless.common.crypto.SigningAlgorithm;
import dev.keyless.common.encoding.EncodingException;
import dev.keyless.common.encoding.Hex;
import dev.keyless.common.encoding.StrictBase64;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Locale;

/**
 * Note verifiers over {@link SignatureVerifier}, and the C2SP verifier-key text form
 * {@code <name>+<8 hex hint>+<base64(type byte || public key)>} (Go {@code golang.org/x/mod/sumdb/note.NewVerifier}).
 */
public final class NoteVerifiers {
    private NoteVerifiers() {
    }

    /** An ECDSA P-256 / SHA-256 verifier with the Rekor v1 hint SHA-256(DER SPKI)[:4]. */
    public static NoteVerifier ecdsa(String keyName, PublicKey key) {
        NoteText.requireKeyName(keyName);
        if (!SigningAlgorithm.ECDSA_P256_SHA256.matchesKey(key)) {
            throw new IllegalArgumentException("key is " + key.getAlgorithm() + ", want EC P-256");
        }
        return new Impl(keyName, KeyHintRule.SPKI_SHA256.hint(keyName, key), key, SigningAlgorithm.ECDSA_P256_SHA256);
    }

    /** A pure Ed25519 verifier; {@code rule} chooses the C2SP hint or Rekor v1's SPKI hint. */
    public static NoteVerifier ed25519(String keyName, PublicKey key, KeyHintRule rule) {
        NoteText.requireKeyName(keyName);
        if (!SigningAlgorithm.ED25519.matchesKey(key)) {
            throw new IllegalArgumentException("key is " + key.getAlgorithm() + ", want Ed25519");
        }
        return new Impl(keyName, rule.hint(keyName, key), key, SigningAlgorithm.ED25519);
    }

    /**
     * Parses a C2SP Ed25519 verifier key such as {@code example.com/foo+530d903a+AekyeRrm...}: the type byte must be
     * 0x01, the key 32 bytes, and the hint must equal the C2SP hint of name and key.
     */
    public static NoteVerifier fromVkey(String vkey) {
        int first = vkey.indexOf('+');
        int second = first < 0 ? -1 : vkey.indexOf('+', first + 1);
        if (second < 0) {
            throw new NoteParseException("verifier key must be <name>+<hex hint>+<base64 key>");
        }
        String name = vkey.substring(0, first);
        String hintHex = vkey.substring(first + 1, second);
        String keyB64 = vkey.substring(second + 1);
        NoteText.requireKeyName(name);
        if (hintHex.length() != 8) {
            throw new NoteParseException("verifier key hint has " + hintHex.length() + " hex digits, want 8");
        }
        int hint;
        byte[] typed;
        try {
            byte[] hintBytes = Hex.decode(hintHex);
            hint = ((hintBytes[0] & 0xff) << 24) | ((hintBytes[1] & 0xff) << 16) | ((hintBytes[2] & 0xff) << 8) | (hintBytes[3] & 0xff);
            typed = StrictBase64.decode(keyB64);
        } catch (EncodingException e) {
            throw new NoteParseException("verifier key: " + e.getMessage(), e);
        }
        if (typed.length == 0 || typed[0] != KeyHintRule.ED25519_TYPE) {
            throw new NoteParseException("verifier key type is " + (typed.length == 0 ? "missing" : String.format(Locale.ROOT, "0x%02x", typed[0]))
                    + ", want 0x01 (Ed25519)");
        }
        PublicKey key;
        try {
            key = PublicKeys.ed25519FromRaw(Arrays.copyOfRange(typed, 1, typed.length));
        } catch (CryptoParseException e) {
            throw new NoteParseException("verifier key: " + e.getMessage(), e);
        }
        NoteVerifier verifier = ed25519(name, key, KeyHintRule.C2SP_ED25519);
        if (verifier.keyHint() != hint) {
            throw new NoteParseException(String.format(Locale.ROOT, "verifier key hint is %08x, want %08x for this name and key", hint, verifier.keyHint()));
        }
        return verifier;
    }

    /** The C2SP verifier key text of an Ed25519 key, inverse of {@link #fromVkey}. */
    public static String toVkey(String keyName, PublicKey key) {
        NoteText.requireKeyName(keyName);
        byte[] raw = PublicKeys.ed25519Raw(key);
        byte[] typed = new byte[1 + raw.length];
        typed[0] = KeyHintRule.ED25519_TYPE;
        System.arraycopy(raw, 0, typed, 1, raw.length);
        return keyName + "+" + String.format(Locale.ROOT, "%08x", KeyHintRule.C2SP_ED25519.hint(keyName, key)) + "+" + StrictBase64.encode(typed);
    }

    private record Impl(String keyName, int keyHint, PublicKey key, SigningAlgorithm algorithm) implements NoteVerifier {
        @Override
        public boolean verify(byte[] text, byte[] signature) {
            try {
                SignatureVerifier.verifyMessage(key, algorithm, text, signature);
                return true;
            } catch (SignatureVerificationException e) {
                return false;
            }
        }

        @Override
        public String toString() {
            return "NoteVerifier[" + keyName + "+" + String.format(Locale.ROOT, "%08x", keyHint) + ", " + algorithm + "]";
        }
    }
}
