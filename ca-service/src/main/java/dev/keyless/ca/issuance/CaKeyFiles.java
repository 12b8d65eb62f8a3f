package dev.keyless.ca.issuance;

import dev.keyless.common.crypto.EcdsaBackend;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
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
        PrivateKey key = KeyFiles.readKey(keyFile, password, "CA");
        List<X509Certificate> chain = KeyFiles.readChain(chainFile, MAX_CHAIN, "CA");
        CaChains.validate(key, chain, clock.instant());
        return new CertificateAuthority(key, chain, ecdsa);
    }
}
