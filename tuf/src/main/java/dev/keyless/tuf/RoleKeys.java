package dev.keyless.tuf;

import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.tuf.TufMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The signing keys of the four TUF roles at hand, one PEM file per key: {@code <dir>/<role>-<key ID prefix>.pem}.
 * Root and targets keys are the offline ones and live in one directory; snapshot and timestamp keys are the online
 * ones ({@link #ONLINE}) and live in another, the only one ca-service is given. Offline keys are written as encrypted
 * PKCS#8 (PBES2, AES-256) when a passphrase is given; online keys never are, since a service signs with them
 * unattended. Files are owner-only.
 *
 * <p>Having a file does not make a key trusted: {@link TufRepository} signs a role only with keys its latest root lists
 * for that role, so files left over from a rotation are ignored (and are moved to {@code retired/}).
 */
public final class RoleKeys {
    public static final List<String> ROLES = List.of("root", "targets", "snapshot", "timestamp");
    public static final Set<String> ONLINE = Set.of("snapshot", "timestamp");
    /** Where operators put the passphrase of encrypted offline keys (never a command-line argument: ps shows those). */
    public static final String PASSPHRASE_ENV = "KEYLESS_TUF_PASSPHRASE";
    static final String RETIRED = "retired";

    private final Map<String, List<EcdsaSigner>> byRole;

    private RoleKeys(Map<String, List<EcdsaSigner>> byRole) {
        this.byRole = byRole;
    }

    /** No keys at all. */
    public static RoleKeys none() {
        return new RoleKeys(Map.of());
    }

    /**
     * Every key file present for every role: offline roles from {@code offlineDir}, online ones from
     * {@code onlineDir}. A null directory, or a missing one, contributes no keys.
     *
     * @param passphrase for encrypted files; null when none was given (an encrypted file is then refused)
     * @throws IllegalStateException when a key file cannot be read or decrypted (the message names the file only)
     */
    public static RoleKeys read(Path offlineDir, Path onlineDir, char[] passphrase) throws IOException {
        Map<String, List<EcdsaSigner>> out = new LinkedHashMap<>();
        for (String role : ROLES) {
            Path dir = ONLINE.contains(role) ? onlineDir : offlineDir;
            List<EcdsaSigner> signers = new ArrayList<>();
            if (dir != null && Files.isDirectory(dir)) {
                for (Path file : files(dir, role)) {
                    signers.add(readKey(file, passphrase));
                }
            }
            out.put(role, List.copyOf(signers));
        }
        return new RoleKeys(out);
    }

    /**
     * Generates {@code count} new keys for {@code role} and writes them into its directory. The keys are not trusted
     * until a root lists them.
     *
     * @param passphrase encrypts offline keys when not null; ignored for online roles
     */
    public static List<EcdsaSigner> generate(String role, int count, Path offlineDir, Path onlineDir, char[] passphrase,
            SecureRandom random) throws IOException {
        requireRole(role);
        if (count < 1 || count > TufRepository.MAX_KEYS_PER_ROLE) {
            throw new IllegalArgumentException(role + " key count is " + count + ", want 1 to "
                    + TufRepository.MAX_KEYS_PER_ROLE);
        }
        boolean online = ONLINE.contains(role);
        Path dir = online ? onlineDir : offlineDir;
        Files.createDirectories(dir);
        List<EcdsaSigner> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            KeyPair pair = PrivateKeys.generateEc(EcCurve.P256, random);
            EcdsaSigner signer = EcdsaSigner.of(pair);
            String pem = online || passphrase == null ? PrivateKeys.toPem(pair.getPrivate())
                    : PrivateKeys.toEncryptedPem(pair.getPrivate(), passphrase, random);
            Path file = dir.resolve(role + "-" + keyId(signer).substring(0, 16) + ".pem");
            Path tmp = Files.createTempFile(dir, role, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
            // Written whole, then renamed: a crash leaves a .tmp file, never a truncated key that would be read.
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            out.add(signer);
        }
        return out;
    }

    /**
     * Moves the key files of {@code role} whose key IDs are not in {@code keep} to {@code <dir>/retired/}: after a
     * rotation, so that nobody mistakes them for keys in use.
     */
    public static void retireAllBut(String role, Set<String> keep, Path offlineDir, Path onlineDir, char[] passphrase)
            throws IOException {
        Path dir = ONLINE.contains(role) ? onlineDir : offlineDir;
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        for (Path file : files(dir, role)) {
            if (!keep.contains(keyId(readKey(file, passphrase)))) {
                Files.createDirectories(dir.resolve(RETIRED));
                Files.move(file, dir.resolve(RETIRED).resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    /** The keys of {@code role} at hand, in file-name order. */
    public List<EcdsaSigner> signers(String role) {
        requireRole(role);
        return byRole.getOrDefault(role, List.of());
    }

    /** These keys, plus {@code added} for {@code role}. */
    public RoleKeys plus(String role, List<EcdsaSigner> added) {
        requireRole(role);
        Map<String, List<EcdsaSigner>> m = new LinkedHashMap<>(byRole);
        List<EcdsaSigner> l = new ArrayList<>(m.getOrDefault(role, List.of()));
        l.addAll(added);
        m.put(role, List.copyOf(l));
        return new RoleKeys(m);
    }

    /** The TUF key ID of a signer's public key. */
    public static String keyId(EcdsaSigner signer) {
        return TufMetadata.keyId(TufMetadata.ecdsaKey(signer.publicKey()));
    }

    static void requireRole(String role) {
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("role is " + role + ", want one of " + ROLES);
        }
    }

    private static List<Path> files(Path dir, String role) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, role + "-*.pem")) {
            s.forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    private static EcdsaSigner readKey(Path file, char[] passphrase) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        if (pem.contains(PrivateKeys.ENCRYPTED_PKCS8_TYPE) && passphrase == null) {
            throw new IllegalStateException(file + " is encrypted: set " + PASSPHRASE_ENV + " to its passphrase");
        }
        try {
            PrivateKey key = passphrase == null ? PrivateKeys.parsePem(pem) : PrivateKeys.parsePem(pem, passphrase);
            return EcdsaSigner.of(new KeyPair(PrivateKeys.publicKeyOf(key), key));
        } catch (RuntimeException e) {
            // The message of PrivateKeys never quotes key bytes or the passphrase.
            throw new IllegalStateException("cannot read the TUF key " + file + ": " + e.getMessage());
        }
    }
}
