package dev.keyless.tlog.config;

import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.EcdsaBackend;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.PublicKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a log signing key from a PEM file, or generates an ECDSA P-256 key on first start and keeps it (mode
 * 0600) so the log identity survives restarts. Key material and passwords never reach a log line.
 */
public final class LogKeys {
    private static final Logger log = LoggerFactory.getLogger(LogKeys.class);

    private LogKeys() {
    }

    /**
     * @param configured the configured key file, or null to use (and create if absent) {@code fallback}
     * @param password password of an encrypted PKCS#8 file, or null
     */
    public static EcdsaSigner load(Path configured, String password, Path fallback, String what) {
        return load(configured, password, fallback, what, EcdsaBackend.BOUNCY_CASTLE);
    }

    /** As {@link #load(Path, String, Path, String)}, signing on {@code ecdsa}. */
    public static EcdsaSigner load(Path configured, String password, Path fallback, String what, EcdsaBackend ecdsa) {
        Path path = configured != null ? configured : fallback;
        try {
            if (configured == null && !Files.exists(path)) {
                generate(path, what);
            }
            String pem = Files.readString(path, StandardCharsets.US_ASCII);
            PrivateKey key = password == null || password.isEmpty()
                    ? PrivateKeys.parsePem(pem)
                    : PrivateKeys.parsePem(pem, password.toCharArray());
            return EcdsaSigner.of(new KeyPair(PrivateKeys.publicKeyOf(key), key), ecdsa);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + what + " key file " + path, e);
        }
    }

    /**
     * Publishes {@code key} as a PEM {@code PUBLIC KEY} file (mode 0644) for co-located setups that need to trust
     * this log, e.g. ca-service's {@code keyless.ca.ct.public-key}. Replaced atomically, so a reader never sees a
     * partial file.
     */
    public static void writePublicKey(Path path, PublicKey key, String what) {
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            // A unique temporary name: instances sharing the data directory may publish at the same time.
            Path tmp = Files.createTempFile(path.toAbsolutePath().getParent(), path.getFileName().toString(), ".tmp");
            try {
                Files.write(tmp, PublicKeys.toPem(key).getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE,
                        StandardOpenOption.SYNC);
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            log.info("published the {} public key at {}", what, path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + what + " public key file " + path, e);
        }
    }

    private static void generate(Path path, String what) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        KeyPair pair = PrivateKeys.generateEc(EcCurve.P256, new SecureRandom());
        byte[] pem = PrivateKeys.toPem(pair.getPrivate()).getBytes(StandardCharsets.US_ASCII);
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, pem, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        try {
            // Atomic, and refuses to replace a key another process created meanwhile: the log identity must not change.
            Files.createLink(path, tmp);
            log.info("generated a new {} key (ECDSA P-256) at {}", what, path);
        } catch (FileAlreadyExistsException e) {
            log.info("{} key appeared at {} meanwhile; using it", what, path);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
