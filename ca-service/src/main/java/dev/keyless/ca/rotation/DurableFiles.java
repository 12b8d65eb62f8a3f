package dev.keyless.ca.rotation;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Whole-file writes for rotations, in the order a crash relies on: the bytes are on disk before the rename, and the
 * rename is on disk before the method returns, so a step written after this one cannot survive a power loss that this
 * one does not. A file that replaces another keeps its mode, and its owner and group where the caller may set them (a
 * key written by an operator running as root stays readable by the service's user).
 */
final class DurableFiles {
    private DurableFiles() {
    }

    /** @param secret owner-only permissions, for private keys */
    static Path write(Path file, byte[] bytes, boolean secret) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = secret ? Files.createTempFile(dir, "rotate", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, "rotate", ".tmp");
        try {
            Files.write(tmp, bytes, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            keepOwner(file, tmp, secret);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // the rename itself
        }
        return file;
    }

    /** The replaced file's owner, group and mode (never readable by others for a secret). */
    private static void keepOwner(Path replaced, Path tmp, boolean secret) {
        if (!Files.exists(replaced)) {
            return;
        }
        try {
            PosixFileAttributes was = Files.readAttributes(replaced, PosixFileAttributes.class);
            PosixFileAttributeView now = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
            if (!was.owner().equals(now.readAttributes().owner())) {
                now.setOwner(was.owner());
            }
            if (!was.group().equals(now.readAttributes().group())) {
                now.setGroup(was.group());
            }
            java.util.Set<java.nio.file.attribute.PosixFilePermission> mode = java.util.EnumSet.noneOf(
                    java.nio.file.attribute.PosixFilePermission.class);
            mode.addAll(was.permissions());
            if (secret) {
                mode.removeIf(p -> p.name().startsWith("OTHERS_"));
            }
            now.setPermissions(mode);
        } catch (IOException | UnsupportedOperationException e) {
            // Not permitted (only root may give a file away): the file is the writer's, as before.
        }
    }
}
