package dev.keyless.common.x509;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class SigstoreExtensionsRoundTripTest {
    private static final List<BiFunction<SigstoreExtensions.Builder, String, SigstoreExtensions.Builder>> OPTIONAL =
            List.of(SigstoreExtensions.Builder::githubWorkflowTrigger, SigstoreExtensions.Builder::githubWorkflowSha,
                    SigstoreExtensions.Builder::githubWorkflowName, SigstoreExtensions.Builder::githubWorkflowRepository,
                    SigstoreExtensions.Builder::githubWorkflowRef, SigstoreExtensions.Builder::buildSignerUri,
                    SigstoreExtensions.Builder::buildSignerDigest, SigstoreExtensions.Builder::runnerEnvironment,
                    SigstoreExtensions.Builder::sourceRepositoryUri, SigstoreExtensions.Builder::sourceRepositoryDigest,
                    SigstoreExtensions.Builder::sourceRepositoryRef, SigstoreExtensions.Builder::sourceRepositoryIdentifier,
                    SigstoreExtensions.Builder::sourceRepositoryOwnerUri,
                    SigstoreExtensions.Builder::sourceRepositoryOwnerIdentifier, SigstoreExtensions.Builder::buildConfigUri,
                    SigstoreExtensions.Builder::buildConfigDigest, SigstoreExtensions.Builder::buildTrigger,
                    SigstoreExtensions.Builder::runInvocationUri,
                    SigstoreExtensions.Builder::sourceRepositoryVisibilityAtSigning,
                    SigstoreExtensions.Builder::deploymentEnvironment, SigstoreExtensions.Builder::tokenSubject);

    /** ASCII, Latin-1, BMP (incl. U+FFFD and the code point just below the surrogates) and astral code points. */
    static String randomString(Random random, int maxLength) {
        int n = 1 + random.nextInt(maxLength);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int cp = switch (random.nextInt(5)) {
                case 0, 1 -> 0x20 + random.nextInt(0x5f);
                case 2 -> 0x80 + random.nextInt(0x780);
                case 3 -> random.nextBoolean() ? 0x800 + random.nextInt(0xd800 - 0x800) : 0xe000 + random.nextInt(0x2000);
                default -> 0x10000 + random.nextInt(0x100000);
            };
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    static SigstoreExtensions randomRecord(Random random) {
        SigstoreExtensions.Builder builder = SigstoreExtensions.builder().issuer(randomString(random, 80));
        for (BiFunction<SigstoreExtensions.Builder, String, SigstoreExtensions.Builder> setter : OPTIONAL) {
            if (random.nextBoolean()) {
                // Up to 200 code points: up to 800 bytes, so both short- and long-form DER lengths occur.
                setter.apply(builder, randomString(random, random.nextInt(4) == 0 ? 200 : 20));
            }
        }
        return builder.build();
    }

    @Test
    void parseOfRenderWhenRandomRecordsThenIdentity() {
        Random random = new Random(20261122);
        for (int i = 0; i < 500; i++) {
            SigstoreExtensions x = randomRecord(random);
            List<Extension> rendered = x.render();
            assertThat(SigstoreExtensions.parse(new Extensions(rendered.toArray(Extension[]::new)))).isEqualTo(x);
            List<String> oids = rendered.stream().map(e -> e.getExtnId().getId()).toList();
            assertThat(oids).isSortedAccordingTo((a, b) -> Integer.compare(lastArc(a), lastArc(b)));
        }
    }

    @Test
    void parseWhenRealCertificateThenSameExtensionsInOrder() throws Exception {
        SigstoreExtensions x = SigstoreExtensionsTest.githubActions();
        List<Extension> rendered = x.render();
        X509Certificate certificate = selfSigned(rendered, OtherNameSan.toExtension("alice!example.com"));

        assertThat(SigstoreExtensions.parse(certificate)).isEqualTo(x);
        assertThat(OtherNameSan.decode(certificate)).isEqualTo("alice!example.com");
        // The certificate carries exactly the rendered bytes, in rendered order, after the SAN.
        X509CertificateHolder holder = new X509CertificateHolder(certificate.getEncoded());
        assertThat(holder.getExtensions().getExtensionOIDs()).containsExactlyElementsOf(
                Stream.concat(Stream.of(Extension.subjectAlternativeName),
                        rendered.stream().map(Extension::getExtnId)).toList());
        for (Extension e : rendered) {
            assertThat(holder.getExtensions().getExtension(e.getExtnId()).getEncoded()).isEqualTo(e.getEncoded());
        }
        // The JCA view agrees: getExtensionValue returns the OCTET STRING wrapping extnValue.
        assertThat(certificate.getExtensionValue(SigstoreOids.ISSUER_V2.getId()))
                .isEqualTo(rendered.get(6).getExtnValue().getEncoded());
    }

    @Test
    void parseWhenCertificateHasNoSigstoreExtensionsThenAllAbsent() throws Exception {
        X509Certificate certificate = selfSigned(List.of(), OtherNameSan.toExtension("bob!example.org"));
        assertThat(SigstoreExtensions.parse(certificate)).isEqualTo(SigstoreExtensions.builder().build());
    }

    /** A throwaway P-256 certificate with an empty subject, fixed validity, and the given extensions. */
    static X509Certificate selfSigned(List<Extension> sigstore, Extension san) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = generator.generateKeyPair();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=test-ca"),
                BigInteger.valueOf(42), new Date(1_700_000_000_000L), new Date(1_700_000_600_000L),
                new X500Name(new RDN[0]), key.getPublic());
        builder.addExtension(san);
        for (Extension e : sigstore) {
            builder.addExtension(e);
        }
        byte[] der = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())).getEncoded();
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }

    private static int lastArc(String oid) {
        return Integer.parseInt(oid.substring(oid.lastIndexOf('.') + 1));
    }

}
