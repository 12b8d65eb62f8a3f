package dev.keyless.ca.rotation;

import dev.keyless.ca.issuance.DevelopmentCa;
import dev.keyless.ca.issuance.KeyFiles;
import dev.keyless.ca.timestamp.TsaKeys;
import dev.keyless.ca.wire.Http;
import dev.keyless.ca.wire.Json;
import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.PublicKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Rotates the CA of a running ca-service in one step, without a restart (docs/operations.md section 2): a new
 * intermediate under the same root (its key from {@code --root-key}; the development CA keeps one), or with
 * {@code --new-root} a new root and intermediate (the CT log must trust the new root first). It
 * <ol>
 * <li>reads when the current chain came into use from the {@code trusted_root.json} ca-service serves;</li>
 * <li>writes a retired entry for the current chain ({@link RetiredFiles}): listed until {@code --grace} from now,
 *     the new chain listed from now;</li>
 * <li>writes the new key and chain ({@link Reloadable} gives the order and what a crash leaves);</li>
 * <li>waits until ca-service serves a {@code trusted_root.json} listing the new chain (its {@link KeyReloader} switched).</li>
 * </ol>
 * Then {@code ./dev tuf publish --ca URL} hands the new trust root to clients; {@code ./dev rotate ca} runs both.
 *
 * <pre>
 * rotate ca --ca https://ca.example --key-file K --chain-file C --root-key R [--new-root] [--retired-dir D] [--grace 12m]
 * rotate ca --ca https://localhost:5555 --data-dir data/ca     (the development CA)
 * rotate tsa --ca https://localhost:5555 --data-dir data/ca    (the development timestamp authority)
 * </pre>
 */
public final class RotateCommand {
    /**
     * Default grace: the reload interval (30 s), a certificate's lifetime (10 min: a leaf issued just before the switch
     * signs for that long), and a minute for clocks and logging.
     */
    static final Duration DEFAULT_GRACE = Duration.ofMinutes(12);
    /** A TSA's default grace: the reload interval and a minute; what it signed is checked at the time it signed. */
    static final Duration DEFAULT_TSA_GRACE = Duration.ofMinutes(2);
    static final Duration WAIT = Duration.ofMinutes(2);
    static final String CAS = "certificateAuthorities";
    static final String TSAS = "timestampAuthorities";

    /** Where the files are and whom to ask. */
    /**
     * @param ctRootsFile with {@code newRoot}: the CT log's root file ({@code keyless.tlog.ct.roots}), which the new root
     *     is added to before the switch; null when the CA logs to no CT log
     * @param tlog the CT log's URL, asked ({@code get-roots}) until it accepts the new root
     */
    public record Options(Path keyFile, Path chainFile, Path rootKey, boolean newRoot, Path retiredDir, URI ca,
            HttpClient http, Duration grace, Clock clock, Path ctRootsFile, URI tlog) {
        public Options(Path keyFile, Path chainFile, Path rootKey, boolean newRoot, Path retiredDir, URI ca,
                HttpClient http, Duration grace, Clock clock) {
            this(keyFile, chainFile, rootKey, newRoot, retiredDir, ca, http, grace, clock, null, null);
        }
    }

    private RotateCommand() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !List.of("ca", "tsa", "ct", "rekor-v2").contains(args[0])) {
            System.err.println("usage: rotate ca|tsa --ca URL [--ca-tls-cert PEM] [--data-dir DIR | --key-file K "
                    + "--chain-file C --root-key R] [--new-root --ct-roots-file F --tlog URL] [--retired-dir DIR] "
                    + "[--grace 12m]\n"
                    + "       rotate ct --ca URL [--ca-tls-cert PEM] [--data-dir DIR] --tlog URL [--tlog-data-dir DIR | "
                    + "--key-file K --public-key-file P] [--grace 12m]\n"
                    + "       rotate rekor-v2 --ca URL [--ca-tls-cert PEM] [--data-dir DIR] --tlog URL [--tlog-data-dir DIR | "
                    + "--key-file K] [--grace 2m] [--wait 6m]");
            System.exit(2);
        }
        java.util.Map<String, String> opt = new java.util.HashMap<>();
        boolean newRoot = false;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--new-root")) {
                newRoot = true;
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                opt.put(args[i].substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
        }
        Path data = Path.of(opt.getOrDefault("data-dir", "data/ca"));
        String tls = opt.getOrDefault("ca-tls-cert", "");
        boolean ca = args[0].equals("ca");
        Options o = new Options(
                Path.of(opt.getOrDefault("key-file", (ca ? DevelopmentCa.keyFile(data) : TsaKeys.keyFile(data)).toString())),
                Path.of(opt.getOrDefault("chain-file",
                        (ca ? DevelopmentCa.chainFile(data) : TsaKeys.chainFile(data)).toString())),
                Path.of(opt.getOrDefault("root-key",
                        (ca ? DevelopmentCa.rootKeyFile(data) : TsaKeys.rootKeyFile(data)).toString())), newRoot,
                Path.of(opt.getOrDefault("retired-dir", data.resolve("retired").toString())),
                URI.create(opt.getOrDefault("ca", "https://localhost:5555")),
                Http.occasional(Duration.ofSeconds(5), tls.isEmpty() ? null : Path.of(tls)),
                Duration.parse("PT" + opt.getOrDefault("grace", ca ? "12m" : "2m").toUpperCase(java.util.Locale.ROOT)),
                Clock.systemUTC(), opt.containsKey("ct-roots-file") ? Path.of(opt.get("ct-roots-file")) : null,
                URI.create(opt.getOrDefault("tlog", "http://localhost:3000")));
        if (newRoot && ca && o.ctRootsFile() == null && !opt.containsKey("no-ct-log")) {
            System.err.println("rotate ca --new-root: give --ct-roots-file (the CT log's keyless.tlog.ct.roots file) and "
                    + "--tlog, so the CT log accepts the new root first; or --no-ct-log true when the CA logs to none");
            System.exit(2);
        }
        try {
            if (args[0].equals("rekor-v2")) {
                Path tlogData = Path.of(opt.getOrDefault("tlog-data-dir", "data/tlog"));
                String password = System.getenv("KEYLESS_TLOG_REKOR_V2_KEY_PASSWORD");
                Options v2 = new Options(null, null, null, false, o.retiredDir(), o.ca(), o.http(),
                        Duration.parse("PT" + opt.getOrDefault("grace", "2m").toUpperCase(java.util.Locale.ROOT)),
                        o.clock());
                System.out.println(RekorV2KeyRotation.rotate(v2,
                        Path.of(opt.getOrDefault("key-file", tlogData.resolve("rekor-v2-key.pem").toString())), o.tlog(),
                        password == null || password.isEmpty() ? null : password.toCharArray(),
                        Duration.parse("PT" + opt.getOrDefault("wait", "6m").toUpperCase(java.util.Locale.ROOT))));
                return;
            }
            if (args[0].equals("ct")) {
                Path tlogData = Path.of(opt.getOrDefault("tlog-data-dir", "data/tlog"));
                String password = System.getenv("KEYLESS_TLOG_CT_KEY_PASSWORD");
                Options ct = new Options(null, null, null, false, o.retiredDir(), o.ca(), o.http(),
                        Duration.parse("PT" + opt.getOrDefault("grace", "12m").toUpperCase(java.util.Locale.ROOT)),
                        o.clock());
                System.out.println(CtKeyRotation.rotate(ct, Path.of(opt.getOrDefault("key-file", tlogData.resolve("ct-key.pem").toString())),
                        Path.of(opt.getOrDefault("public-key-file", tlogData.resolve("ct-key.pub.pem").toString())),
                        URI.create(opt.getOrDefault("tlog", "http://localhost:3000")),
                        password == null || password.isEmpty() ? null : password.toCharArray()));
                return;
            }
            System.out.println(ca ? rotateCa(o) : rotateTsa(o));
        } catch (IllegalArgumentException | IllegalStateException | IOException e) {
            System.err.println("rotate " + args[0] + ": " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Rotates the timestamp authority the same way: a new TSA certificate and key under the same TSA root. Its grace
     * need only cover the switch (a timestamp is checked at the time it states, which is when it was signed).
     */
    public static String rotateTsa(Options o) throws IOException, InterruptedException {
        if (o.newRoot()) {
            throw new IllegalArgumentException("--new-root is for the CA; a TSA rotation keeps its root");
        }
        List<X509Certificate> old = KeyFiles.readChain(o.chainFile(), 10, "TSA");
        Instant start = servedStart(o, TSAS, old.get(0));
        Instant now = o.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        if (o.rootKey() == null || !Files.exists(o.rootKey())) {
            throw new IllegalArgumentException("no TSA root key at " + o.rootKey() + ": give --root-key");
        }
        KeyPair key = PrivateKeys.generateEc(EcCurve.P256, new SecureRandom());
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(TsaKeys.leaf(key, old.get(old.size() - 1), KeyFiles.readKey(o.rootKey(), null, "TSA root"),
                "keyless TSA " + now, now));
        chain.addAll(old.subList(1, old.size()));
        switchTo(o, "tsa", old, start, now, key.getPrivate(), chain);
        awaitServed(o, TSAS, chain.get(0));
        return "TSA rotated: timestamps signed as " + chain.get(0).getSubjectX500Principal() + "; the old chain stays "
                + "listed, valid until " + now.plus(o.grace()) + ". Publish the new trust root: ./dev tuf publish --ca " + o.ca();
    }

    /** Rotates the CA; returns what to tell the operator. */
    public static String rotateCa(Options o) throws IOException, InterruptedException {
        List<X509Certificate> old = KeyFiles.readChain(o.chainFile(), 10, "CA");
        Instant start = servedStart(o, CAS, old.get(0));
        Instant now = o.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        KeyPair key = PrivateKeys.generateEc(EcCurve.P384, new SecureRandom());
        List<X509Certificate> chain = new ArrayList<>();
        String name = "keyless intermediate " + now;
        if (o.newRoot()) {
            KeyPair rootKey = PrivateKeys.generateEc(EcCurve.P384, new SecureRandom());
            X509Certificate root = DevelopmentCa.root(rootKey, "keyless root " + now, now);
            chain.add(DevelopmentCa.intermediate(key, root, rootKey.getPrivate(), name, now));
            chain.add(root);
            if (o.ctRootsFile() != null) {
                // The CT log must accept the new root before the CA issues under it, or every issuance would fail.
                String roots = Files.readString(o.ctRootsFile(), StandardCharsets.US_ASCII);
                writeAtomically(o.ctRootsFile(), roots + (roots.endsWith("\n") || roots.isEmpty() ? "" : "\n")
                        + Certificates.toPem(root), false);
                awaitCtRoot(o, root);
            }
            // The new root's key replaces the old one's file; the old one is kept beside it, renamed.
            if (Files.exists(o.rootKey())) {
                Files.move(o.rootKey(), o.rootKey().resolveSibling(o.rootKey().getFileName() + ".retired-"
                        + now.getEpochSecond()), StandardCopyOption.ATOMIC_MOVE);
            }
            writeAtomically(o.rootKey(), PrivateKeys.toPem(rootKey.getPrivate()), true);
        } else {
            if (o.rootKey() == null || !Files.exists(o.rootKey())) {
                throw new IllegalArgumentException("no root key at " + o.rootKey() + ": give --root-key, or --new-root "
                        + "(the CT log must then trust the new root first)");
            }
            PrivateKey rootKey = KeyFiles.readKey(o.rootKey(), null, "CA root");
            X509Certificate root = old.get(old.size() - 1);
            chain.add(DevelopmentCa.intermediate(key, root, rootKey, name, now));
            chain.addAll(old.subList(1, old.size()));
        }
        switchTo(o, "ca", old, start, now, key.getPrivate(), chain);
        awaitServed(o, CAS, chain.get(0));
        return "CA rotated: issuing as " + chain.get(0).getSubjectX500Principal() + "; the old chain stays listed, valid until "
                + now.plus(o.grace()) + ". Publish the new trust root: ./dev tuf publish --ca " + o.ca();
    }

    /**
     * The retired entry first (left out of the trust root while its chain is still the current one), then the new
     * material in the order {@link Reloadable} relies on: both .next files, the key renamed in, then the chain.
     */
    private static void switchTo(Options o, String kind, List<X509Certificate> old, Instant start, Instant now,
            PrivateKey key, List<X509Certificate> chain) throws IOException {
        RetiredFiles.write(o.retiredDir(), new RetiredFiles.Entry(kind, old, start, now.plus(o.grace()), now));
        Path keyNext = Reloadable.next(o.keyFile());
        Path chainNext = Reloadable.next(o.chainFile());
        writeAtomically(keyNext, PrivateKeys.toPem(key), true);
        writeAtomically(chainNext, Certificates.chainToPem(chain), false);
        Files.move(keyNext, o.keyFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try {
            Files.move(chainNext, o.chainFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            // ca-service saw the new key first and completed the rotation itself (Reloadable)
        }
    }

    /**
     * Writes {@code text} whole beside {@code file} and renames it into place, so a reader (a service checking the file)
     * never sees part of it.
     *
     * @param secret owner-only permissions, for private keys
     */
    static void writeAtomically(Path file, String text, boolean secret) throws IOException {
        DurableFiles.write(file, text.getBytes(StandardCharsets.US_ASCII), secret);
    }

    /** Until the CT log at {@code o.tlog()} lists {@code root} in get-roots (RFC 6962 §4.7). */
    private static void awaitCtRoot(Options o, X509Certificate root) throws InterruptedException {
        String der;
        try {
            der = Base64.getEncoder().encodeToString(root.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode the new root", e);
        }
        Await.until(WAIT, () -> {
            HttpResponse<byte[]> r = o.http().send(HttpRequest.newBuilder(o.tlog().resolve("/ct/v1/get-roots"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 200) {
                for (JsonNode c : Json.MAPPER.readTree(r.body()).path("certificates")) {
                    if (der.equals(c.asString(""))) {
                        return true;
                    }
                }
            }
            return false;
        }, "the CT log at " + o.tlog() + " did not accept the new root within " + WAIT
                + ": nothing was switched; its roots file now lists the new root too");
    }

    /** When {@code issuing} came into use, as the served trust root's {@code field} says. */
    static Instant servedStart(Options o, String field, X509Certificate issuing) throws IOException, InterruptedException {
        Instant start = listedSince(o, field, issuing);
        if (start == null) {
            throw new IllegalStateException("ca-service at " + o.ca() + " does not serve the chain in " + o.chainFile()
                    + " as its current CA: are the files the ones it uses?");
        }
        return start;
    }

    /** When the served trust root lists {@code issuing} as current (no end) since, or null. */
    private static Instant listedSince(Options o, String field, X509Certificate issuing)
            throws IOException, InterruptedException {
        for (JsonNode ca : trustedRoot(o).path(field)) {
            JsonNode certs = ca.path("certChain").path("certificates");
            if (certs.size() > 0 && sameCertificate(certs.get(0), issuing) && !ca.path("validFor").has("end")) {
                return Instant.parse(ca.path("validFor").path("start").asString());
            }
        }
        return null;
    }

    private static void awaitServed(Options o, String field, X509Certificate issuing) throws InterruptedException {
        Await.until(WAIT, () -> listedSince(o, field, issuing) != null, "ca-service at " + o.ca()
                + " did not switch to the new " + field + " within " + WAIT
                + ": check its log (keyless.ca.rotation.reload-interval must not be 0)");
    }

    private static boolean sameCertificate(JsonNode listed, X509Certificate cert) {
        try {
            return java.util.Arrays.equals(Base64.getDecoder().decode(listed.path("rawBytes").asString("")),
                    cert.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            return false;
        }
    }

    /**
     * The {@code publicKey} of the served trust root's entry in {@code section} ({@code tlogs}, {@code ctlogs}) for
     * {@code key}, with its {@code validFor}; only one with no end when {@code current}; null when there is none.
     */
    static JsonNode listedKey(Options o, String section, PublicKey key, boolean current)
            throws IOException, InterruptedException {
        String der = Base64.getEncoder().encodeToString(PublicKeys.toDer(key));
        for (JsonNode log : trustedRoot(o).path(section)) {
            JsonNode listed = log.path("publicKey");
            if (der.equals(listed.path("rawBytes").asString("")) && !(current && listed.path("validFor").has("end"))) {
                return listed;
            }
        }
        return null;
    }

    static JsonNode trustedRoot(Options o) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = o.http().send(HttpRequest.newBuilder(o.ca().resolve("/trusted_root.json"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200 || r.body().length > 1024 * 1024) {
            throw new IOException("GET " + o.ca() + "/trusted_root.json answered " + r.statusCode());
        }
        return Json.MAPPER.readTree(r.body());
    }
}
