package dev.keyless.tuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.PublicKeys;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * The legacy per-key targets (tuf.md §5) say what trusted_root.json says: the same chains and keys as PEM, the usage
 * of each, Expired for an entry whose validity has an end, Active first.
 */
class LegacyTargetsTest {
    static final SecureRandom RANDOM = new SecureRandom();

    static X509Certificate selfSigned(String cn, KeyPair keys) throws Exception {
        var builder = new JcaX509v3CertificateBuilder(new X500Name(cn), BigInteger.ONE,
                Date.from(Instant.parse("2026-01-01T00:00:00Z")), Date.from(Instant.parse("2027-01-01T00:00:00Z")),
                new X500Name(cn), keys.getPublic());
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    @Test
    void eachKeyAndChainOfTheTrustedRootBecomesATargetWithItsUsageAndStatus() throws Exception {
        X509Certificate oldCa = selfSigned("CN=old", PrivateKeys.generateEc(EcCurve.P256, RANDOM));
        X509Certificate ca = selfSigned("CN=ca", PrivateKeys.generateEc(EcCurve.P256, RANDOM));
        X509Certificate tsa = selfSigned("CN=tsa", PrivateKeys.generateEc(EcCurve.P256, RANDOM));
        var rekor = PrivateKeys.generateEc(EcCurve.P256, RANDOM).getPublic();
        var rekorV2 = PrivateKeys.generateEc(EcCurve.P256, RANDOM).getPublic();
        var ct = PrivateKeys.generateEc(EcCurve.P256, RANDOM).getPublic();
        String json = """
                {"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1",
                 "tlogs":[{"baseUrl":"http://log","publicKey":{"rawBytes":"%s","validFor":{"start":"2026-01-01T00:00:00Z"}}},
                          {"baseUrl":"http://log2","publicKey":{"rawBytes":"%s","validFor":{"start":"2026-01-01T00:00:00Z"}}}],
                 "certificateAuthorities":[
                   {"uri":"https://ca","certChain":{"certificates":[{"rawBytes":"%s"}]},
                    "validFor":{"start":"2026-01-01T00:00:00Z","end":"2026-06-01T00:00:00Z"}},
                   {"uri":"https://ca","certChain":{"certificates":[{"rawBytes":"%s"}]},"validFor":{"start":"2026-06-01T00:00:00Z"}}],
                 "ctlogs":[{"baseUrl":"http://ct","publicKey":{"rawBytes":"%s","validFor":{"start":"2026-01-01T00:00:00Z"}}}],
                 "timestampAuthorities":[{"uri":"https://ca/api/v1/timestamp","certChain":{"certificates":[{"rawBytes":"%s"}]},
                    "validFor":{"start":"2026-01-01T00:00:00Z"}}]}
                """;
        json = String.format(Locale.ROOT, json, b64(rekor.getEncoded()), b64(rekorV2.getEncoded()), b64(oldCa.getEncoded()),
                b64(ca.getEncoded()), b64(ct.getEncoded()), b64(tsa.getEncoded()));
        List<Target> targets = LegacyTargets.from(json.getBytes(StandardCharsets.UTF_8));
        assertThat(targets).extracting(Target::name).containsExactly("fulcio_v1.crt.pem", "rekor.pub", "rekor_2.pub",
                "ctfe.pub", "tsa.crt.pem", "fulcio_v1_2.crt.pem");
        assertThat(targets.get(0).custom()).isEqualTo(Map.of("sigstore",
                Map.of("status", "Active", "uri", "https://ca", "usage", "Fulcio")));
        assertThat(targets.get(5).custom()).isEqualTo(Map.of("sigstore",
                Map.of("status", "Expired", "uri", "https://ca", "usage", "Fulcio")));
        assertThat(Certificates.parsePem(new String(targets.get(0).bytes(), StandardCharsets.US_ASCII))).isEqualTo(ca);
        assertThat(Certificates.parsePem(new String(targets.get(5).bytes(), StandardCharsets.US_ASCII))).isEqualTo(oldCa);
        assertThat(PublicKeys.parsePem(new String(targets.get(1).bytes(), StandardCharsets.US_ASCII))).isEqualTo(rekor);
        assertThat(targets.get(3).custom()).isEqualTo(Map.of("sigstore",
                Map.of("status", "Active", "uri", "http://ct", "usage", "CTFE")));
        assertThat(PublicKeys.parsePem(new String(targets.get(3).bytes(), StandardCharsets.US_ASCII))).isEqualTo(ct);
        assertThat(((Map<?, ?>) targets.get(4).custom().get("sigstore")).get("usage")).isEqualTo("TSA");

        assertThat(LegacyTargets.withTrustFiles(json.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8)))
                .extracting(Target::name).startsWith("trusted_root.json", "signing_config.v0.2.json").hasSize(8);
    }

    @Test
    void aCertificateAuthorityWithoutCertificatesIsRefused() {
        assertThatThrownBy(() -> LegacyTargets.from("{\"certificateAuthorities\":[{\"uri\":\"https://ca\"}]}"
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("has no certificates");
    }

    @Test
    void targetNamesThatWouldLeaveTheTargetsDirectoryAreRefused() {
        for (String bad : new String[] {"../x", "a/b", ".hidden", ""}) {
            assertThatThrownBy(() -> new Target(bad, new byte[0])).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
