package dev.keyless.ca.rotation;

import dev.keyless.common.encoding.Hash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Signing material that follows its files: a key and a chain, loaded again when either file's bytes change, so a
 * rotation needs no restart ({@link RotateCommand} writes the files, {@link KeyReloader} calls
 * {@link #reloadIfChanged()}). Readers take {@link #current()} once per use and keep it, so one certificate or
 * timestamp is never signed half with the old material and half with the new.
 *
 * <p>Crash ordering, as {@link RotateCommand} writes: the new chain goes to {@code <chain>.next} and the new key to
 * {@code <key>.next}; then the key is renamed into place, then the chain. A crash between the two renames leaves the
 * new key beside the old chain: the load then fails, and {@code <chain>.next} (which matches the new key) is used and
 * renamed into place, here or at the next start. Material that does not load keeps the current one in use.
 *
 * @param <T> the loaded material
 */
public final class Reloadable<T> {
    private final Path keyFile;
    private final Path chainFile;
    private final Function<Path, T> loader;
    private volatile T current;
    private volatile byte[] loaded;

    /**
     * Loads now (completing a rotation a crash left half done).
     *
     * @param loader loads the material with the chain file given (the key file it knows)
     */
    public Reloadable(Path keyFile, Path chainFile, Function<Path, T> loader) {
        this.keyFile = keyFile;
        this.chainFile = chainFile;
        this.loader = loader;
        this.current = load();
        this.loaded = fingerprint();
    }

    private Reloadable(T value) {
        this.keyFile = null;
        this.chainFile = null;
        this.loader = null;
        this.current = value;
    }

    /** Material that never changes while running (a PKCS#11 token: rotating it is a restart). */
    public static <T> Reloadable<T> fixed(T value) {
        return new Reloadable<>(value);
    }

    public T current() {
        return current;
    }

    /**
     * Loads the material again if the key or chain file changed since the last load.
     *
     * @return true when new material is now current
     * @throws RuntimeException when the changed files do not load (the current material stays in use)
     */
    public synchronized boolean reloadIfChanged() {
        if (chainFile == null) {
            return false;
        }
        if (Arrays.equals(fingerprint(), loaded)) {
            return false;
        }
        current = load();
        loaded = fingerprint();
        return true;
    }

    /** SHA-256 of both files (small files, read every few seconds); a digest, so no key bytes stay in memory. */
    private byte[] fingerprint() {
        byte[] key = read(keyFile);
        byte[] chain = read(chainFile);
        byte[] both = Arrays.copyOf(key, key.length + 1 + chain.length);
        both[key.length] = 0; // PEM text holds no NUL: the split is unambiguous
        System.arraycopy(chain, 0, both, key.length + 1, chain.length);
        byte[] digest = Hash.sha256(both).toByteArray();
        Arrays.fill(both, (byte) 0);
        Arrays.fill(key, (byte) 0);
        return digest;
    }

    private T load() {
        try {
            return loader.apply(chainFile);
        } catch (RuntimeException e) {
            Path next = next(chainFile);
            if (!Files.exists(next)) {
                throw e;
            }
            T loaded = loader.apply(next); // the new key was renamed in, the new chain not yet
            try {
                Files.move(next, chainFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException io) {
                throw new UncheckedIOException("cannot complete the rotation: rename " + next + " to " + chainFile, io);
            }
            return loaded;
        }
    }

    static Path next(Path file) {
        return file.resolveSibling(file.getFileName() + ".next");
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
