package dev.keyless.ca.issuance;

import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.EcCurve;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.security.auth.login.FailedLoginException;

/**
 * PKCS#11 key custody, in the spirit of Fulcio's {@code pkcs11ca} (fulcio.md §6) but with the chain from a PEM file
 * as for {@link CaKeyFiles}: the issuing key stays in the token and every certificate is signed by the JDK's SunPKCS11
 * provider, configured at runtime for the module library and slot.
 *
 * <p>The key is found through the SunPKCS11 {@code KeyStore}, which lists a private key only when the token also holds
 * a certificate with the same {@code CKA_ID}; the alias is that certificate's {@code CKA_LABEL}. At startup the token
 * signs a random message that must verify under the public key of the chain's first certificate, then the chain gets
 * every check of {@link CaChains#validateChain}. The PIN never reaches a message or a log line.
 */
public final class Pkcs11Ca {
    private static final String PROVIDER = "SunPKCS11";

    /**
     * Where the key is.
     *
     * @param library the PKCS#11 module (for SoftHSM: {@code /usr/lib/softhsm/libsofthsm2.so})
     * @param slot the PKCS#11 slot ID, or null
     * @param slotListIndex index into the module's list of slots with a token, or null (neither: the first slot)
     * @param keyLabel the KeyStore alias of the key, or null when the token holds exactly one key
     */
    public record Settings(Path library, Long slot, Integer slotListIndex, String keyLabel) {
        public Settings {
            if (library == null) {
                throw new IllegalArgumentException("the PKCS#11 module library path is required");
            }
            if (slot != null && slotListIndex != null) {
                throw new IllegalArgumentException("give the PKCS#11 slot or the slot list index, not both");
            }
        }

        String token() {
            return slot != null ? "slot " + slot : slotListIndex != null ? "slot list index " + slotListIndex : "first slot";
        }
    }

    private Pkcs11Ca() {
    }

    /**
     * Logs in to the token, finds the key and validates it against the chain.
     *
     * @param pin the user PIN; not kept, and cleared by the caller
     * @throws IllegalStateException naming the library, slot and key, never the PIN
     */
    public static CertificateAuthority load(Settings settings, char[] pin, Path chainFile, Clock clock) {
        List<X509Certificate> chain;
        try {
            chain = Certificates.parsePemChain(Files.readString(chainFile, StandardCharsets.US_ASCII), CaKeyFiles.MAX_CHAIN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CA chain file " + chainFile, e);
        }
        if (chain.isEmpty()) {
            throw new IllegalStateException("CA chain is empty");
        }
        String algorithm = signatureAlgorithm(chain.get(0).getPublicKey());
        TokenKey token = open(settings, pin, chain.get(0).getPublicKey(), algorithm);
        CaChains.validateChain(chain, clock.instant());
        return new CertificateAuthority(token.key(), chain, algorithm, token.provider());
    }

    /** A key handle in a token and the provider that signs with it. */
    public record TokenKey(PrivateKey key, Provider provider) {
    }

    /**
     * Logs in to the token and finds the key, which must sign {@code algorithm} signatures that {@code publicKey}
     * verifies (a PKCS#11 key cannot be exported to compare; a test signature proves the match). Used for the CA key
     * and for the timestamp authority's.
     *
     * @param pin the user PIN; not kept, and cleared by the caller
     * @throws IllegalStateException naming the library, slot and key, never the PIN
     */
    public static TokenKey open(Settings settings, char[] pin, PublicKey publicKey, String algorithm) {
        Provider provider = provider(settings);
        KeyStore store = login(provider, settings, pin);
        String alias = alias(store, settings);
        PrivateKey key;
        try {
            Key entry = store.getKey(alias, null);
            if (!(entry instanceof PrivateKey privateKey)) {
                throw new IllegalStateException("PKCS#11 entry '" + alias + "' on " + settings.token() + " is not a private key");
            }
            key = privateKey;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the PKCS#11 key '" + alias + "' on " + settings.token(), e);
        }
        verifyKeyMatches(key, publicKey, algorithm, provider, alias);
        return new TokenKey(key, provider);
    }

    /** The signature algorithm Go would pick for the issuing certificate's key (see {@link CertificateAuthority}). */
    public static String signatureAlgorithm(PublicKey issuingKey) {
        if (issuingKey instanceof ECPublicKey ec) {
            EcCurve curve = EcCurve.of(ec.getParams())
                    .orElseThrow(() -> new IllegalStateException("the issuing certificate's key is on an unsupported curve"));
            return switch (curve) {
                case P256 -> "SHA256withECDSA";
                case P384 -> "SHA384withECDSA";
                case P521 -> "SHA512withECDSA";
            };
        }
        if (issuingKey instanceof RSAPublicKey) {
            return "SHA256withRSA";
        }
        throw new IllegalStateException("the issuing certificate's key type " + issuingKey.getAlgorithm()
                + " is not supported with PKCS#11 (ECDSA P-256/P-384/P-521 or RSA)");
    }

    /** A SunPKCS11 instance configured from inline text (SunPKCS11 reads text after {@code --} as the config). */
    static Provider provider(Settings settings) {
        if (!Files.isReadable(settings.library())) {
            throw new IllegalStateException("PKCS#11 module library " + settings.library() + " does not exist or is not readable");
        }
        Provider base = Security.getProvider(PROVIDER);
        if (base == null) {
            throw new IllegalStateException("this JDK has no SunPKCS11 provider (module jdk.crypto.cryptoki)");
        }
        StringBuilder config = new StringBuilder("--name = keyless-ca\n")
                .append("library = ").append(quoted(settings.library().toAbsolutePath().toString())).append('\n');
        if (settings.slot() != null) {
            config.append("slot = ").append(settings.slot()).append('\n');
        }
        if (settings.slotListIndex() != null) {
            config.append("slotListIndex = ").append(settings.slotListIndex()).append('\n');
        }
        try {
            return base.configure(config.toString());
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot initialise PKCS#11 module " + settings.library() + " on "
                    + settings.token() + ": " + e.getMessage(), e);
        }
    }

    private static String quoted(String path) {
        if (path.indexOf('"') >= 0 || path.indexOf('\n') >= 0) {
            throw new IllegalStateException("the PKCS#11 module library path must not contain quotes or newlines");
        }
        return '"' + path + '"';
    }

    private static KeyStore login(Provider provider, Settings settings, char[] pin) {
        if (pin == null || pin.length == 0) {
            throw new IllegalStateException("no PIN for the PKCS#11 token on " + settings.token());
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, pin);
            return store;
        } catch (IOException e) {
            // SunPKCS11 reports a refused PIN as an IOException caused by FailedLoginException (CKR_PIN_INCORRECT...).
            // Neither message carries the PIN; the cause is kept for its PKCS#11 return code.
            if (hasCause(e, FailedLoginException.class)) {
                throw new IllegalStateException("PKCS#11 login to " + settings.token() + " of " + settings.library()
                        + " failed: the PIN was refused", rootCause(e));
            }
            throw new IllegalStateException("cannot open the PKCS#11 token on " + settings.token() + " of "
                    + settings.library() + ": " + rootCause(e), rootCause(e));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("cannot open the PKCS#11 token on " + settings.token() + " of "
                    + settings.library() + ": " + rootCause(e), rootCause(e));
        }
    }

    private static String alias(KeyStore store, Settings settings) {
        List<String> keys = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keys.add(alias);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot list the keys on the PKCS#11 token on " + settings.token(), e);
        }
        if (settings.keyLabel() != null) {
            if (!keys.contains(settings.keyLabel())) {
                throw new IllegalStateException("no PKCS#11 key labelled '" + settings.keyLabel() + "' on "
                        + settings.token() + " (keys with a certificate: " + keys + ")");
            }
            return settings.keyLabel();
        }
        if (keys.size() != 1) {
            throw new IllegalStateException("the PKCS#11 token on " + settings.token() + " holds " + keys.size()
                    + " keys with a certificate " + keys + ": set the key label");
        }
        return keys.get(0);
    }

    /** The token signs a random message; the issuing certificate's public key must verify it. */
    private static void verifyKeyMatches(PrivateKey key, PublicKey issuingKey, String algorithm, Provider provider, String alias) {
        byte[] message = new byte[64];
        new SecureRandom().nextBytes(message);
        boolean ok;
        try {
            Signature signer = Signature.getInstance(algorithm, provider);
            signer.initSign(key);
            signer.update(message);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(issuingKey);
            verifier.update(message);
            ok = verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("the PKCS#11 key '" + alias + "' cannot sign with " + algorithm
                    + " (does it match the first certificate of the chain?): " + rootCause(e), e);
        }
        if (!ok) {
            throw new IllegalStateException("the PKCS#11 key '" + alias + "' does not match the first certificate of the chain");
        }
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
