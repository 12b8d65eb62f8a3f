package dev.keyless.ca.tls;

import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.CryptoParseException;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.PublicKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/**
 * The TLS server key and its certificate chain (server certificate first).
 *
 * @param key private key of {@code chain.get(0)}
 * @param chain server certificate, then any intermediates
 */
public record ServerCredentials(PrivateKey key, List<X509Certificate> chain) {
    /** Alias of the key entry in {@link #toKeyStore(char[])}. */
    public static final String ALIAS = "server";
    static final int MAX_CHAIN = 10;

    public ServerCredentials {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("the server certificate chain is empty");
        }
        if (!Arrays.equals(PublicKeys.toDer(PrivateKeys.publicKeyOf(key)), PublicKeys.toDer(chain.get(0).getPublicKey()))) {
            throw new IllegalArgumentException("the server key does not belong to the first certificate of the chain");
        }
    }

    /**
     * Loads a PEM key and a PEM chain. Failures name the file and the kind of problem, never key bytes or the password.
     *
     * @param password null for an unencrypted key
     */
    public static ServerCredentials load(Path keyFile, String password, Path certificateFile) {
        PrivateKey key;
        try {
            String pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
            if (password == null || password.isEmpty()) {
                key = PrivateKeys.parsePem(pem);
            } else {
                char[] chars = password.toCharArray();
                try {
                    key = PrivateKeys.parsePem(pem, chars);
                } finally {
                    Arrays.fill(chars, '\0');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS key file " + keyFile, e);
        } catch (CryptoParseException e) {
            throw new IllegalArgumentException("cannot parse the TLS key file " + keyFile + ": " + e.getMessage());
        }
        List<X509Certificate> chain;
        try {
            chain = Certificates.parsePemChain(Files.readString(certificateFile, StandardCharsets.US_ASCII), MAX_CHAIN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS certificate file " + certificateFile, e);
        }
        return new ServerCredentials(key, chain);
    }

    /** An in-memory PKCS#12 store with one key entry, {@value #ALIAS}, protected by {@code password}. */
    public KeyStore toKeyStore(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, password, chain.toArray(X509Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the TLS key store", e);
        }
    }

    @Override
    public String toString() {
        return "ServerCredentials[subject=" + chain.get(0).getSubjectX500Principal() + ", chain=" + chain.size() + "]";
    }
}
