package dev.keyless.tlog.tiles.web;

import dev.keyless.tlog.rekor.RekorV2Log;
import dev.keyless.tlog.tiles.TilePath;
import dev.keyless.tlog.tiles.TileServer;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The C2SP tlog-tiles read API of the Rekor v2 log, at the log's base URL as clients and monitors expect it:
 * {@code /checkpoint} ({@code text/plain; charset=utf-8}, not cached), {@code /tile/<L>/<N>[.p/<W>]} and
 * {@code /tile/entries/<N>[.p/<W>]} ({@code application/octet-stream}; full tiles cached as immutable for a year,
 * partial ones for a minute). A resource the tree does not hold yet, or a path that is not canonical, is 404.
 */
@RestController
@ConditionalOnProperty(name = "keyless.tlog.rekor-v2.enabled", havingValue = "true", matchIfMissing = true)
public class TilesController {
    static final MediaType CHECKPOINT_TYPE = new MediaType("text", "plain", StandardCharsets.UTF_8);
    private final RekorV2Log log;
    private final TileServer tiles;

    /** Full tiles and bundles kept in memory: 64 MiB holds about 400 full bundles of 600-byte entries. */
    static final long CACHE_BYTES = 64L << 20;

    public TilesController(RekorV2Log log) {
        this.log = log;
        this.tiles = new TileServer(log.tree(), CACHE_BYTES);
    }

    @GetMapping("/checkpoint")
    public ResponseEntity<String> checkpoint() {
        return ResponseEntity.ok().contentType(CHECKPOINT_TYPE).cacheControl(CacheControl.noCache())
                .body(log.checkpoint());
    }

    @GetMapping("/tile/**")
    public ResponseEntity<byte[]> tile(HttpServletRequest request) {
        TilePath path;
        try {
            path = TilePath.parse(request.getRequestURI().substring(1));
        } catch (IllegalArgumentException e) {
            return notFound();
        }
        return tiles.read(path, acceptsGzip(request.getHeader(HttpHeaders.ACCEPT_ENCODING))).map(r -> {
            ResponseEntity.BodyBuilder ok = ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                    .cacheControl(path.partial() ? CacheControl.maxAge(Duration.ofMinutes(1)).cachePublic()
                            : CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
            if (path.entries()) {
                ok.varyBy(HttpHeaders.ACCEPT_ENCODING); // caches in between must keep both forms apart
            }
            if (r.gzip()) {
                ok.header(HttpHeaders.CONTENT_ENCODING, "gzip");
            }
            return ok.body(r.bytes());
        }).orElseGet(TilesController::notFound);
    }

    /** Whether an Accept-Encoding header lists gzip with a non-zero quality (RFC 9110 §12.5.3). */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.trim().split(";");
            if (parts[0].trim().equalsIgnoreCase("gzip")) {
                for (int i = 1; i < parts.length; i++) {
                    String p = parts[i].trim().toLowerCase(Locale.ROOT);
                    if (p.startsWith("q=") && p.substring(2).matches("0(\\.0{0,3})?")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    private static ResponseEntity<byte[]> notFound() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_PLAIN)
                .body("not found\n".getBytes(StandardCharsets.UTF_8));
    }
}
