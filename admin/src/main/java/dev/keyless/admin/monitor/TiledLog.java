package dev.keyless.admin.monitor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * A C2SP tlog-tiles log (Rekor v2): {@code <url>/checkpoint}, and the leaves from the entry bundles
 * {@code <url>/tile/entries/<N>[.p/<W>]}, 256 to a bundle. The tree is named by the checkpoint's origin line.
 */
final class TiledLog implements FollowedLog {
    static final int BUNDLE = 256;

    private final URI url;
    private final HttpClient http;
    private final String keyName;

    /** @param keyName the checkpoint key name (the log's host name) */
    TiledLog(URI url, HttpClient http, String keyName) {
        this.url = url;
        this.http = http;
        this.keyName = keyName;
    }

    @Override
    public URI url() {
        return url;
    }

    @Override
    public Head head(List<PublicKey> keys) throws IOException, InterruptedException, BadSignature {
        String note = new String(FollowedLog.get(http, url, "/checkpoint"), StandardCharsets.UTF_8);
        return Checkpoints.verified(note.substring(0, Math.max(0, note.indexOf('\n'))), note, keyName, keys, 0);
    }

    @Override
    public void leaves(Head head, long from, long to, Leaves sink) throws IOException, InterruptedException {
        if (from >= to) {
            return; // nothing new: no bundle to read on an idle poll
        }
        for (long n = from / BUNDLE; n * BUNDLE < to; n++) {
            long first = n * BUNDLE;
            int width = (int) Math.min(BUNDLE, to - first);
            String path = "/tile/entries/" + index(n) + (width < BUNDLE ? ".p/" + width : "");
            List<byte[]> entries = bundle(FollowedLog.get(http, url, path), path);
            if (entries.size() != width) {
                throw new IOException(path + " holds " + entries.size() + " entries, want " + width);
            }
            for (long i = Math.max(from, first); i < first + width; i++) {
                sink.accept(i, entries.get((int) (i - first)));
            }
        }
    }

    /** C2SP tlog-tiles: the index in groups of three digits, all but the last prefixed {@code x} (1234067: x001/x234/067). */
    static String index(long n) {
        String digits = Long.toString(n);
        digits = "0".repeat((3 - digits.length() % 3) % 3) + digits;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < digits.length(); i += 3) {
            out.append(i + 3 < digits.length() ? "x" : "").append(digits, i, i + 3).append(i + 3 < digits.length() ? "/" : "");
        }
        return out.toString();
    }

    /** An entry bundle: each entry a big-endian uint16 length, then that many bytes, to the end. */
    static List<byte[]> bundle(byte[] bytes, String what) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        List<byte[]> out = new ArrayList<>();
        while (b.hasRemaining()) {
            if (b.remaining() < 2) {
                throw new IOException(what + ": a length prefix cut short at byte " + b.position());
            }
            int length = Short.toUnsignedInt(b.getShort());
            if (length > b.remaining()) {
                throw new IOException(what + ": an entry of " + length + " bytes with " + b.remaining() + " left");
            }
            byte[] entry = new byte[length];
            b.get(entry);
            out.add(entry);
        }
        return out;
    }
}
