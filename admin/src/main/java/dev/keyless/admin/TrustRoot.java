package dev.keyless.admin;

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
 * The two files clients are configured with (fulcio.md §7, clients.md), built from what the services publish:
 * {@code trusted_root.json} (protobuf-JSON {@code TrustedRoot} v0.1: CA chain intermediate first, Rekor and CT
 * keys with log IDs and validity) and {@code signing_config.json} (v0.2: CA and Rekor URLs, major API version 1,
 * selectors {@code ANY}, which sigstore-java requires).
 *
 * @param caUrl the CA's base URL (sigstore-java dials its host:port over gRPC with TLS)
 * @param caChain the CA chain as the trust bundle publishes it, issuing certificate first, root last
 * @param rekorUrl the Rekor base URL; its host is the checkpoint key name, so it must equal tlog-service's host name
 * @param since start of the validity of every key listed (before the first certificate and entry)
 */
public record TrustRoot(URI caUrl, List<X509Certificate> caChain, URI rekorUrl, PublicKey rekorKey, URI ctUrl,
        PublicKey ctKey, Instant since) {
    public static final String TRUSTED_ROOT_MEDIA_TYPE = "application/vnd.dev.sigstore.trustedroot+json;version=0.1";
    public static final String SIGNING_CONFIG_MEDIA_TYPE = "application/vnd.dev.sigstore.signingconfig.v0.2+json";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    public TrustRoot {
        if (caChain.isEmpty()) {
            throw new IllegalArgumentException("the CA chain is empty");
        }
        caChain = List.copyOf(caChain);
        since = since.truncatedTo(ChronoUnit.SECONDS);
        // The trust root states the key type; both logs sign with ECDSA P-256.
        for (PublicKey k : List.of(rekorKey, ctKey)) {
            if (SigningAlgorithm.of(k, HashAlgorithm.SHA256).orElse(null) != SigningAlgorithm.ECDSA_P256_SHA256) {
                throw new IllegalArgumentException("log keys must be ECDSA P-256");
            }
        }
    }

    public String trustedRootJson() {
        ObjectNode root = JSON.objectNode();
        root.put("mediaType", TRUSTED_ROOT_MEDIA_TYPE);
        root.putArray("tlogs").add(log(rekorUrl, rekorKey));
        ObjectNode ca = root.putArray("certificateAuthorities").addObject();
        ca.putObject("subject").put("organization", "keyless").put("commonName", caUrl.getHost());
        ca.put("uri", caUrl.toString());
        ArrayNode certs = ca.putObject("certChain").putArray("certificates");
        for (X509Certificate c : caChain) {
            certs.addObject().put("rawBytes", b64(der(c)));
        }
        ca.putObject("validFor").put("start", since.toString());
        root.putArray("ctlogs").add(log(ctUrl, ctKey));
        root.putArray("timestampAuthorities");
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    public String signingConfigJson() {
        ObjectNode config = JSON.objectNode();
        config.put("mediaType", SIGNING_CONFIG_MEDIA_TYPE);
        config.putArray("caUrls").add(service(caUrl));
        config.putArray("oidcUrls");
        config.putArray("rekorTlogUrls").add(service(rekorUrl));
        config.putObject("rekorTlogConfig").put("selector", "ANY");
        config.putArray("tsaUrls");
        config.putObject("tsaConfig").put("selector", "ANY");
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(config) + "\n";
    }

    private ObjectNode log(URI url, PublicKey key) {
        ObjectNode log = JSON.objectNode();
        log.put("baseUrl", url.toString());
        log.put("hashAlgorithm", "SHA2_256");
        ObjectNode pk = log.putObject("publicKey");
        pk.put("rawBytes", b64(PublicKeys.toDer(key)));
        pk.put("keyDetails", "PKIX_ECDSA_P256_SHA_256");
        pk.putObject("validFor").put("start", since.toString());
        log.putObject("logId").put("keyId", b64(KeyIds.logId(key).toByteArray()));
        return log;
    }

    private ObjectNode service(URI url) {
        ObjectNode s = JSON.objectNode();
        s.put("url", url.toString());
        s.put("majorApiVersion", 1);
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
