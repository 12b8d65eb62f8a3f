package dev.keyless.ca.rotation;

import dev.keyless.ca.wire.Json;
import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.encoding.Hash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The chains and CT log keys a rotation retired, one JSON file each in the retired directory
 * ({@code keyless.ca.rotation.retired-dir}): {@code {"kind":"ca"|"tsa","chain":"<PEM, issuing certificate first>",
 * "start","end","successorStart"}}, or for the CT log and the Rekor v2 log
 * {@code {"kind":"ct"|"rekor-v2","key":"<PEM public key>",...}}. They stay
 * listed in {@code trusted_root.json} with their {@code end}, so what they signed keeps verifying. {@code end} lies
 * after {@code successorStart} by the grace a switch needs (the reload interval, plus a certificate's lifetime for a
 * CA: a leaf issued just before the switch is used for up to ten minutes after it); the new chain is listed from
 * {@code successorStart}. Read on every trust root build, so a rotation shows without a restart.
 *
 * <p>Files are written whole and renamed into place; the directory holds at most {@value #MAX_FILES} of them.
 */
public final class RetiredFiles {
    static final int MAX_FILES = 32;
    static final int MAX_BYTES = 64 * 1024;

    /**
     * What a retired file says: a chain ({@code ca}, {@code tsa}) or a public key ({@code ct}, the CT log's;
     * {@code rekor-v2}, the Rekor v2 log's), with its validity.
     */
    public record Entry(String kind, List<X509Certificate> chain, PublicKey key, Instant start, Instant end,
            Instant successorStart) {
        public Entry {
            boolean isChain = kind.equals("ca") || kind.equals("tsa");
            if (!isChain && !isKey(kind)) {
                throw new IllegalArgumentException("retired kind is " + kind + ", want ca, tsa, ct or rekor-v2");
            }
            if ((isChain ? chain.isEmpty() || key != null : key == null || !chain.isEmpty()) || !end.isAfter(start)
                    || successorStart.isAfter(end) || successorStart.isBefore(start)) {
                throw new IllegalArgumentException("retired " + kind + " entry: want a chain (ca, tsa) or a key (ct, "
                        + "rekor-v2), and "
                        + "start <= successorStart <= end, start < end; got " + start + ", " + successorStart + ", " + end);
            }
            chain = List.copyOf(chain);
        }

        /** A retired chain. */
        public Entry(String kind, List<X509Certificate> chain, Instant start, Instant end, Instant successorStart) {
            this(kind, chain, null, start, end, successorStart);
        }
    }

    private RetiredFiles() {
    }

    /** Whether entries of {@code kind} hold a log's public key rather than a chain. */
    static boolean isKey(String kind) {
        return kind.equals("ct") || kind.equals("rekor-v2");
    }

    /** Every entry in {@code dir}, in file-name order; none when the directory does not exist. */
    public static List<Entry> read(Path dir) {
        List<Entry> out = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.json")) {
            s.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        if (files.size() > MAX_FILES) {
            throw new IllegalStateException(dir + " holds " + files.size() + " retired entries, at most " + MAX_FILES);
        }
        files.sort(null);
        for (Path f : files) {
            try {
                if (Files.size(f) > MAX_BYTES) {
                    throw new IllegalStateException(f + " is larger than " + MAX_BYTES + " bytes");
                }
                JsonNode n = Json.MAPPER.readTree(Files.readAllBytes(f));
                boolean ct = isKey(n.path("kind").asString(""));
                out.add(new Entry(n.path("kind").asString(""),
                        ct ? List.of() : Certificates.parsePemChain(n.path("chain").asString(""), 10),
                        ct ? PublicKeys.parsePem(n.path("key").asString("")) : null,
                        Instant.parse(n.path("start").asString("")), Instant.parse(n.path("end").asString("")),
                        Instant.parse(n.path("successorStart").asString(""))));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f, e);
            } catch (RuntimeException e) {
                throw new IllegalStateException("retired entry " + f + " is not valid: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Writes {@code e} as a new file in {@code dir}; returns its path. */
    public static Path write(Path dir, Entry e) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", e.kind());
        if (e.key() != null) {
            json.put("key", PublicKeys.toPem(e.key()));
        } else {
            json.put("chain", Certificates.chainToPem(e.chain()));
        }
        json.put("start", e.start().toString());
        json.put("end", e.end().toString());
        json.put("successorStart", e.successorStart().toString());
        byte[] bytes = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
        String name = e.kind() + "-" + e.successorStart().getEpochSecond() + "-"
                + Hash.sha256((e.key() != null ? PublicKeys.toPem(e.key()) : Certificates.toPem(e.chain().get(0)))
                        .getBytes(StandardCharsets.US_ASCII)).toHex().substring(0, 12) + ".json";
        return DurableFiles.write(dir.resolve(name), bytes, false);
    }

}
