package dev.keyless.ca.trust;

import dev.keyless.ca.wire.Json;
import dev.keyless.common.crypto.HashAlgorithm;
import dev.keyless.common.crypto.KeyIds;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.crypto.SigningAlgorithm;
import java.net.URI;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The two files clients are configured with (fulcio.md §7, clients.md): {@code trusted_root.json} (protobuf-JSON
 * {@code TrustedRoot} v0.1: CA chains intermediate first, Rekor and CT keys with log IDs and validity) and
 * {@code signing_config.json} (v0.2: the current CA, Rekor and timestamp authority URLs, major API version 1, and
 * the Rekor v2 log with major API version 2 when there is one,
 * selectors {@code ANY}, which sigstore-java requires).
 *
 * <p>A rotated key or CA chain stays listed with an end date ({@link Validity#end()}), so what it signed before the
 * rotation still verifies; clients pick a key by log ID and check that the signing time falls in its validity.
 *
 * @param cas CA chains (each issuing certificate first, root last), the current one among them
 * @param tlogs Rekor log keys
 * @param ctlogs CT log keys; sigstore-java refuses a trust root without one
 * @param tsas timestamp authorities (RFC 3161), TSA certificate first in each chain; empty when there is none
 * @param caUrl the CA URL clients sign with (sigstore-java dials its host:port over gRPC with TLS)
 * @param rekorUrl the Rekor URL clients submit to; its host is the checkpoint key name
 * @param since start of the signing config's service validity
 * @param rekorV2Url the Rekor v2 log's URL (listed with {@code majorApiVersion} 2), or null when there is none; its
 *     key is among {@code tlogs}
 */
public record TrustRoot(List<Ca> cas, List<Log> tlogs, List<Log> ctlogs, List<Tsa> tsas, URI caUrl, URI rekorUrl,
        Instant since, URI rekorV2Url) {
    public static final String TRUSTED_ROOT_MEDIA_TYPE = "application/vnd.dev.sigstore.trustedroot+json;version=0.1";
    public static final String SIGNING_CONFIG_MEDIA_TYPE = "application/vnd.dev.sigstore.signingconfig.v0.2+json";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final JsonMapper MAPPER = Json.MAPPER;

    /** A validity period in whole seconds; {@code end} null while the key or chain is current. */
    public record Validity(Instant start, Instant end) {
        public Validity {
            start = start.truncatedTo(ChronoUnit.SECONDS);
            end = end == null ? null : end.truncatedTo(ChronoUnit.SECONDS);
            if (end != null && !end.isAfter(start)) {
                throw new IllegalArgumentException("validity ends at " + end + ", not after its start " + start);
            }
        }

        ObjectNode json() {
            ObjectNode v = JSON.objectNode().put("start", start.toString());
            if (end != null) {
                v.put("end", end.toString());
            }
            return v;
        }
    }

    /** One CA chain, issuing certificate first, root last. */
    public record Ca(URI url, List<X509Certificate> chain, Validity validFor) {
        public Ca {
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("the CA chain is empty");
            }
            chain = List.copyOf(chain);
        }
    }

    /** One log key; both logs sign with ECDSA P-256, which the trust root states as the key details. */
    public record Log(URI baseUrl, PublicKey key, Validity validFor) {
        public Log {
            if (SigningAlgorithm.of(key, HashAlgorithm.SHA256).orElse(null) != SigningAlgorithm.ECDSA_P256_SHA256) {
                throw new IllegalArgumentException("log keys must be ECDSA P-256");
            }
        }
    }

    /**
     * One timestamp authority (rekor-v2-tsa.md §9): its endpoint URL and its chain, TSA certificate first and root
     * last, as sigstore-go and sigstore-js read it.
     */
    public record Tsa(URI url, List<X509Certificate> chain, Validity validFor) {
        public Tsa {
            if (chain.size() < 2) {
                throw new IllegalArgumentException("a TSA chain needs its certificate and a root, has " + chain.size());
            }
            chain = List.copyOf(chain);
        }
    }

    /** Without a timestamp authority or a Rekor v2 log. */
    public TrustRoot(List<Ca> cas, List<Log> tlogs, List<Log> ctlogs, URI caUrl, URI rekorUrl, Instant since) {
        this(cas, tlogs, ctlogs, List.of(), caUrl, rekorUrl, since, null);
    }

    /** Without a Rekor v2 log. */
    public TrustRoot(List<Ca> cas, List<Log> tlogs, List<Log> ctlogs, List<Tsa> tsas, URI caUrl, URI rekorUrl,
            Instant since) {
        this(cas, tlogs, ctlogs, tsas, caUrl, rekorUrl, since, null);
    }

    public TrustRoot {
        if (cas.isEmpty() || tlogs.isEmpty()) {
            throw new IllegalArgumentException("a trust root needs at least one CA and one Rekor log, has "
                    + cas.size() + " and " + tlogs.size());
        }
        cas = List.copyOf(cas);
        tlogs = List.copyOf(tlogs);
        ctlogs = List.copyOf(ctlogs);
        tsas = List.copyOf(tsas);
        since = since.truncatedTo(ChronoUnit.SECONDS);
    }

    public String trustedRootJson() {
        ObjectNode root = JSON.objectNode();
        root.put("mediaType", TRUSTED_ROOT_MEDIA_TYPE);
        ArrayNode tl = root.putArray("tlogs");
        tlogs.forEach(l -> tl.add(log(l)));
        ArrayNode caArray = root.putArray("certificateAuthorities");
        for (Ca ca : cas) {
            ObjectNode c = caArray.addObject();
            c.putObject("subject").put("organization", "keyless").put("commonName", ca.url().getHost());
            c.put("uri", ca.url().toString());
            ArrayNode certs = c.putObject("certChain").putArray("certificates");
            for (X509Certificate cert : ca.chain()) {
                certs.addObject().put("rawBytes", b64(der(cert)));
            }
            c.set("validFor", ca.validFor().json());
        }
        ArrayNode ct = root.putArray("ctlogs");
        ctlogs.forEach(l -> ct.add(log(l)));
        ArrayNode tsaArray = root.putArray("timestampAuthorities");
        for (Tsa tsa : tsas) {
            ObjectNode t = tsaArray.addObject();
            t.putObject("subject").put("organization", "keyless").put("commonName", tsa.url().getHost());
            t.put("uri", tsa.url().toString());
            ArrayNode certs = t.putObject("certChain").putArray("certificates");
            for (X509Certificate cert : tsa.chain()) {
                certs.addObject().put("rawBytes", b64(der(cert)));
            }
            t.set("validFor", tsa.validFor().json());
        }
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    public String signingConfigJson() {
        ObjectNode config = JSON.objectNode();
        config.put("mediaType", SIGNING_CONFIG_MEDIA_TYPE);
        config.putArray("caUrls").add(service(caUrl));
        config.putArray("oidcUrls");
        ArrayNode rekors = config.putArray("rekorTlogUrls");
        if (rekorV2Url != null) {
            rekors.add(service(rekorV2Url, 2)); // cosign takes the highest version a config lists
        }
        rekors.add(service(rekorUrl));
        config.putObject("rekorTlogConfig").put("selector", "ANY");
        ArrayNode tsaUrls = config.putArray("tsaUrls");
        tsas.stream().filter(t -> t.validFor().end() == null).forEach(t -> tsaUrls.add(service(t.url())));
        config.putObject("tsaConfig").put("selector", "ANY");
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(config) + "\n";
    }

    private static ObjectNode log(Log l) {
        ObjectNode log = JSON.objectNode();
        log.put("baseUrl", l.baseUrl().toString());
        log.put("hashAlgorithm", "SHA2_256");
        ObjectNode pk = log.putObject("publicKey");
        pk.put("rawBytes", b64(PublicKeys.toDer(l.key())));
        pk.put("keyDetails", "PKIX_ECDSA_P256_SHA_256");
        pk.set("validFor", l.validFor().json());
        log.putObject("logId").put("keyId", b64(KeyIds.logId(l.key()).toByteArray()));
        return log;
    }

    private ObjectNode service(URI url) {
        return service(url, 1);
    }

    private ObjectNode service(URI url, int majorApiVersion) {
        ObjectNode s = JSON.objectNode();
        s.put("url", url.toString());
        s.put("majorApiVersion", majorApiVersion);
        s.putObject("validFor").put("start", since.toString());
        s.put("operator", url.getHost());
        return s;
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] der(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("CA certificate cannot be encoded", e);
        }
    }
}
