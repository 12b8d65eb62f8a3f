package dev.keyless.tuf;

import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.PublicKeys;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The per-key targets older verifiers read when a repository has no {@code trusted_root.json} (cosign's fallback,
 * policy-controller's; tuf.md §5), derived from {@code trusted_root.json} so the two never disagree:
 * {@code fulcio_v1.crt.pem} (the CA chain, PEM, issuing certificate first), {@code rekor.pub} and {@code ctfe.pub}
 * (PEM public keys) and {@code tsa.crt.pem}, each with {@code custom.sigstore} {@code usage} ({@code Fulcio},
 * {@code Rekor}, {@code CTFE}, {@code TSA}), {@code status} ({@code Active}, or {@code Expired} once its validity has
 * an end) and {@code uri}. Active entries come first; a kind's second and later entries get {@code _2}, {@code _3}
 * before the extension.
 */
public final class LegacyTargets {
    private LegacyTargets() {
    }

    private record Entry(String usage, String baseName, String extension, String pem, String uri, boolean expired) {
    }

    /**
     * Every target a Sigstore repository serves: {@code trusted_root.json}, {@code signing_config.v0.2.json}, then the
     * legacy ones derived from the first.
     */
    public static List<Target> withTrustFiles(byte[] trustedRoot, byte[] signingConfig) {
        List<Target> out = new ArrayList<>();
        out.add(new Target("trusted_root.json", trustedRoot));
        out.add(new Target("signing_config.v0.2.json", signingConfig));
        out.addAll(from(trustedRoot));
        return out;
    }

    /**
     * @throws IllegalArgumentException when {@code trustedRoot} is not a trusted root this project wrote (a key or
     *     certificate that does not parse)
     */
    public static List<Target> from(byte[] trustedRoot) {
        JsonNode root = TufFiles.JSON.readTree(trustedRoot);
        List<Entry> entries = new ArrayList<>();
        for (JsonNode ca : root.path("certificateAuthorities")) {
            entries.add(new Entry("Fulcio", "fulcio_v1", ".crt.pem", chainPem(ca), ca.path("uri").asString(""),
                    ca.path("validFor").has("end")));
        }
        for (JsonNode log : root.path("tlogs")) {
            entries.add(logEntry("Rekor", "rekor", log));
        }
        for (JsonNode log : root.path("ctlogs")) {
            entries.add(logEntry("CTFE", "ctfe", log));
        }
        for (JsonNode tsa : root.path("timestampAuthorities")) {
            entries.add(new Entry("TSA", "tsa", ".crt.pem", chainPem(tsa), tsa.path("uri").asString(""),
                    tsa.path("validFor").has("end")));
        }
        entries.sort(Comparator.comparing(Entry::expired)); // stable: Active first, file order kept within each
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<Target> out = new ArrayList<>();
        for (Entry e : entries) {
            int n = seen.merge(e.baseName(), 1, Integer::sum);
            String name = e.baseName() + (n == 1 ? "" : "_" + n) + e.extension();
            Map<String, Object> sigstore = new LinkedHashMap<>();
            sigstore.put("status", e.expired() ? "Expired" : "Active");
            sigstore.put("uri", e.uri());
            sigstore.put("usage", e.usage());
            out.add(new Target(name, e.pem().getBytes(StandardCharsets.US_ASCII), Map.of("sigstore", sigstore)));
        }
        return out;
    }

    private static Entry logEntry(String usage, String baseName, JsonNode log) {
        byte[] der = Base64.getDecoder().decode(log.path("publicKey").path("rawBytes").asString(""));
        return new Entry(usage, baseName, ".pub", PublicKeys.toPem(PublicKeys.parseDer(der)),
                log.path("baseUrl").asString(""), log.path("publicKey").path("validFor").has("end"));
    }

    private static String chainPem(JsonNode authority) {
        List<X509Certificate> chain = new ArrayList<>();
        for (JsonNode c : authority.path("certChain").path("certificates")) {
            chain.add(Certificates.parseDer(Base64.getDecoder().decode(c.path("rawBytes").asString(""))));
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate authority in trusted_root.json has no certificates");
        }
        return Certificates.chainToPem(chain);
    }
}
