package dev.keyless.ca.issuance;

import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.EcdsaBackend;
import dev.keyless.common.crypto.PrivateKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * File key custody, Fulcio's {@code fileca} (fulcio.md §6): a PEM private key (PKCS#8, encrypted PKCS#8, SEC1 or
 * PKCS#1) and a PEM chain, issuing certificate first, root last. Passwords and key bytes never reach a message.
 */
public final class CaKeyFiles {
    /** Bound on the chain file; real chains have two or three certificates. */
    static final int MAX_CHAIN = 10;

    private CaKeyFiles() {
    }

    /**
     * Loads and validates a file CA.
     *
     * @param password password of an encrypted key, or null/empty
     */
    public static CertificateAuthority load(Path keyFile, String password, Path chainFile, Clock clock) {
        return load(keyFile, password, chainFile, clock, EcdsaBackend.BOUNCY_CASTLE);
    }

    /** As {@link #load(Path, String, Path, Clock)}, an EC key signing on {@code ecdsa}. */
    public static CertificateAuthority load(Path keyFile, String password, Path chainFile, Clock clock,
            EcdsaBackend ecdsa) {
        PrivateKey key;
        List<X509Certificate> chain;
        try {
            String keyPem = Files.readString(keyFile, StandardCharsets.US_ASCII);
            if (password == null || password.isEmpty()) {
                key = PrivateKeys.parsePem(keyPem);
            } else {
                char[] chars = password.toCharArray();
                try {
                    key = PrivateKeys.parsePem(keyPem, chars);
                } finally {
                    Arrays.fill(chars, '\0');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CA key file " + keyFile, e);
        } catch (RuntimeException e) {
            // The message of a parse failure may describe the key file's structure, never its bytes or password.
            throw new IllegalStateException("cannot load the CA key file " + keyFile + ": " + e.getMessage(), e);
        }
        try {
            chain = Certificates.parsePemChain(Files.readString(chainFile, StandardCharsets.US_ASCII), MAX_CHAIN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CA chain file " + chainFile, e);
        }
        CaChains.validate(key, chain, clock.instant());
        return new CertificateAuthority(key, chain, ecdsa);
    }
}
