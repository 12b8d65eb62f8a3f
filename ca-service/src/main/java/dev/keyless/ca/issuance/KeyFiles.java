package dev.keyless.ca.issuance;

import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.PrivateKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A signing key and its chain as PEM files, for the CA and the timestamp authority: reading them (failures name the
 * file and the kind of problem, never key bytes or a password), and creating a development pair in a directory of its
 * own, atomically.
 */
public final class KeyFiles {
    private KeyFiles() {
    }

    /**
     * A PEM private key (PKCS#8, encrypted PKCS#8 or SEC1).
     *
     * @param password password of an encrypted key, or null/empty
     * @param what whose key, for messages ("CA", "TSA")
     */
    public static PrivateKey readKey(Path keyFile, String password, String what) {
        try {
            String pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
            if (password == null || password.isEmpty()) {
                return PrivateKeys.parsePem(pem);
            }
            char[] chars = password.toCharArray();
            try {
                return PrivateKeys.parsePem(pem, chars);
            } finally {
                Arrays.fill(chars, '\0');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + what + " key file " + keyFile, e);
        } catch (RuntimeException e) {
            // The message of a parse failure may describe the key file's structure, never its bytes or password.
            throw new IllegalStateException("cannot load the " + what + " key file " + keyFile + ": " + e.getMessage(), e);
        }
    }

    /** A PEM chain of at most {@code max} certificates. */
    public static List<X509Certificate> readChain(Path chainFile, int max, String what) {
        try {
            return Certificates.parsePemChain(Files.readString(chainFile, StandardCharsets.US_ASCII), max);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + what + " chain file " + chainFile, e);
        }
    }

    /**
     * Writes the key (owner-only) and the chain as {@code dir/keyFile} and {@code dir/chainFile}, in a temporary
     * directory under {@code dataDir} moved into place at once, so a start cut off halfway leaves nothing half-written.
     *
     * @return false if another process created {@code dir} meanwhile (its files are then the ones to use)
     */
    public static boolean createAtomically(Path dataDir, Path dir, String keyFile, PrivateKey key, String chainFile,
            List<X509Certificate> chain) throws IOException {
        return createAtomically(dataDir, dir, keyFile, key, chainFile, chain, Map.of());
    }

    /** As above, with more owner-only key files in the same directory ({@code otherKeys}: file name to key). */
    public static boolean createAtomically(Path dataDir, Path dir, String keyFile, PrivateKey key, String chainFile,
            List<X509Certificate> chain, Map<String, PrivateKey> otherKeys) throws IOException {
        Files.createDirectories(dataDir);
        Path tmp = Files.createTempDirectory(dataDir, dir.getFileName() + ".tmp");
        try {
            Path k = tmp.resolve(keyFile);
            Files.createFile(k, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(k, PrivateKeys.toPem(key), StandardCharsets.US_ASCII);
            for (Map.Entry<String, PrivateKey> other : otherKeys.entrySet()) {
                Path o = tmp.resolve(other.getKey());
                Files.createFile(o, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(o, PrivateKeys.toPem(other.getValue()), StandardCharsets.US_ASCII);
            }
            Files.writeString(tmp.resolve(chainFile), Certificates.chainToPem(chain), StandardCharsets.US_ASCII);
            // Fails rather than replaces if another process created the directory meanwhile.
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            return false;
        } finally {
            if (Files.exists(tmp)) {
                try (var files = Files.list(tmp)) {
                    for (Path p : files.toList()) {
                        Files.delete(p);
                    }
                }
                Files.delete(tmp);
            }
        }
    }
}
