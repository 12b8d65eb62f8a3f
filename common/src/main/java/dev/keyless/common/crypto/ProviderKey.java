package dev.keyless.common.crypto;

import java.security.Key;
import java.security.Provider;

/**
 * A key and, once asked for, its form in an {@link EcdsaBackend} provider, kept so a prepared signer or verifier
 * does not convert its key on every operation. Thread-safe: a race converts twice and keeps either.
 */
final class ProviderKey<K extends Key> {
    private record Converted<K>(Provider provider, K key) {
    }

    private final K key;
    private volatile Converted<K> converted;

    ProviderKey(K key) {
        this.key = key;
    }

    /** The key as {@code p} uses it. */
    K in(Provider p) {
        Converted<K> c = converted;
        if (c == null || c.provider() != p) {
            c = new Converted<>(p, EcdsaBackend.translate(p, key));
            converted = c;
        }
        return c.key();
    }
}
