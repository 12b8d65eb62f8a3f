package dev.keyless.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Local ports for tests. */
public final class Ports {
    private Ports() {
    }

    /**
     * A loopback port nothing listens on right now (bound, then released): for a server a test starts on it, or for
     * a dependency that must be unreachable.
     */
    public static int unused() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
