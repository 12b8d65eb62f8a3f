package dev.keyless.localpg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The operating-system user the server runs as. PostgreSQL refuses to run as root, so when the project's tools run
 * as root (CI containers, fresh machines) the server runs as the {@code postgres} user when the machine has one,
 * else as {@code nobody}, started through {@code setpriv} (util-linux); its data directory is given to that user.
 * Otherwise it runs as the current user and nothing changes hands.
 */
record ServerUser(String name, String group) {
    static ServerUser forThisProcess() {
        if (currentUid() != 0) {
            return new ServerUser(null, null);
        }
        try {
            List<String> passwd = Files.readAllLines(Path.of("/etc/passwd"));
            for (String candidate : List.of("postgres", "nobody")) {
                for (String line : passwd) {
                    String[] f = line.split(":");
                    if (f.length > 3 && f[0].equals(candidate)) {
                        return new ServerUser(candidate, groupName(Integer.parseInt(f[3])));
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("running as root and cannot read /etc/passwd to pick a user for PostgreSQL", e);
        }
        throw new IllegalStateException("running as root, and PostgreSQL refuses to: this machine has neither a "
                + "postgres nor a nobody user to run it as. Run as an ordinary user.");
    }

    boolean switches() {
        return name != null;
    }

    /** The command, prefixed so that it runs as this user. */
    List<String> command(List<String> command) {
        if (!switches()) {
            return command;
        }
        List<String> c = new ArrayList<>(List.of("setpriv", "--reuid=" + name, "--regid=" + group, "--clear-groups", "--"));
        c.addAll(command);
        return c;
    }

    /** Gives the tree to this user (when switching users). */
    void own(Path root) throws IOException {
        if (!switches()) {
            return;
        }
        UserPrincipalLookupService lookup = root.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user = lookup.lookupPrincipalByName(name);
        GroupPrincipal grp = lookup.lookupPrincipalByGroupName(group);
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                view.setOwner(user);
                view.setGroup(grp);
            }
        }
    }

    String describe() {
        return switches() ? "as user " + name + " (PostgreSQL does not run as root)" : "as the current user";
    }

    /** This process's user id: the owner of a file it creates (works without /proc, e.g. on macOS). */
    static int currentUid() {
        return Uid.VALUE;
    }

    /** Read once, on first use: a process's user id does not change. */
    private static final class Uid {
        static final int VALUE = read();

        private static int read() {
            try {
                Path probe = Files.createTempFile("keyless-uid", "");
                try {
                    return (Integer) Files.getAttribute(probe, "unix:uid");
                } finally {
                    Files.delete(probe);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot create a file in the temporary directory", e);
            }
        }
    }

    private static String groupName(int gid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/etc/group"))) {
            String[] f = line.split(":");
            if (f.length > 2 && f[2].equals(Integer.toString(gid))) {
                return f[0];
            }
        }
        return Integer.toString(gid);
    }
}
