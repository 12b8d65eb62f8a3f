package dev.keyless.ca.timestamp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.ca.timestamp.TimestampRequestException.Reason;
import dev.keyless.common.crypto.BouncyCastle;
import dev.keyless.common.crypto.HashAlgorithm;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The timestamp authority as an RFC 3161 client checks it, with Bouncy Castle's client side: the response is granted
 * and matches the request (imprint, nonce, policy), the token verifies with the TSA certificate and names it in a
 * SigningCertificateV2, the time is the clock's, and a request the authority cannot honour is refused with its reason.
 */
class TimestampAuthorityTest {
    static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    static final byte[] DIGEST = HashAlgorithm.SHA256.digest("a signature".getBytes(StandardCharsets.UTF_8));

    @TempDir
    static Path dir;
    static TsaKeys.Material material;
    static TimestampAuthority tsa;

    @BeforeAll
    static void create() {
        material = TsaKeys.loadOrCreateDevelopment(dir, Clock.fixed(NOW.minusSeconds(3600), ZoneOffset.UTC));
        tsa = new TimestampAuthority(material.key(), material.chain(), TimestampAuthority.DEFAULT_POLICY,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static TimeStampRequest request(ASN1ObjectIdentifier hash, byte[] digest, BigInteger nonce, boolean certReq) {
        TimeStampRequestGenerator g = new TimeStampRequestGenerator();
        g.setCertReq(certReq);
        return g.generate(hash, digest, nonce);
    }

    static TimeStampToken granted(TimeStampRequest request) throws Exception {
        TimeStampResponse response = new TimeStampResponse(tsa.respond(request.getEncoded()));
        response.validate(request); // status granted, imprint, nonce and policy as requested
        return response.getTimeStampToken();
    }

    @Test
    void aTokenMatchesItsRequestAndVerifiesWithTheTsaCertificate() throws Exception {
        TimeStampRequest request = request(TSPAlgorithms.SHA256, DIGEST, BigInteger.valueOf(4242), true);
        TimeStampToken token = granted(request);
        X509Certificate leaf = material.chain().get(0);
        token.validate(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BouncyCastle.PROVIDER).build(leaf));
        assertThat(token.getTimeStampInfo().getGenTime().toInstant()).isEqualTo(NOW);
        assertThat(token.getTimeStampInfo().getNonce()).isEqualTo(BigInteger.valueOf(4242));
        assertThat(token.getTimeStampInfo().getPolicy().getId()).isEqualTo(TimestampAuthority.DEFAULT_POLICY);
        assertThat(token.getTimeStampInfo().getMessageImprintDigest()).isEqualTo(DIGEST);
        assertThat(token.getTimeStampInfo().getGenTimeAccuracy().getSeconds()).isEqualTo(1);
        assertThat(token.getSignedAttributes().get(PKCSObjectIdentifiers.id_aa_signingCertificateV2))
                .as("ESSCertIDv2").isNotNull();
        assertThat(token.getCertificates().getMatches(null)).as("certReq set: the chain is included").hasSize(2);
        assertThat(token.getSID().getSerialNumber()).as("signer named by issuer and serial")
                .isEqualTo(leaf.getSerialNumber());
    }

    @Test
    void withoutCertReqTheTokenCarriesNoCertificatesAndSerialsDiffer() throws Exception {
        TimeStampToken a = granted(request(TSPAlgorithms.SHA384, new byte[48], null, false));
        TimeStampToken b = granted(request(TSPAlgorithms.SHA512, new byte[64], null, false));
        assertThat(a.getCertificates().getMatches(null)).isEmpty();
        assertThat(a.getTimeStampInfo().getSerialNumber()).isNotEqualTo(b.getTimeStampInfo().getSerialNumber());
    }

    @Test
    void theRequestedPolicyIsHonouredAndAnotherRefused() throws Exception {
        TimeStampRequestGenerator g = new TimeStampRequestGenerator();
        g.setReqPolicy(new ASN1ObjectIdentifier(TimestampAuthority.DEFAULT_POLICY));
        assertThat(granted(g.generate(TSPAlgorithms.SHA256, DIGEST)).getTimeStampInfo().getPolicy().getId())
                .isEqualTo(TimestampAuthority.DEFAULT_POLICY);
        g.setReqPolicy(new ASN1ObjectIdentifier("1.2.3.4"));
        assertRefused(g.generate(TSPAlgorithms.SHA256, DIGEST).getEncoded(), Reason.POLICY);
    }

    @Test
    void requestsItCannotHonourAreRefusedWithTheirReason() throws Exception {
        assertRefused(request(OIWObjectIdentifiers.idSHA1, new byte[20], null, false).getEncoded(), Reason.WEAK_HASH);
        assertRefused(request(TSPAlgorithms.SM3, new byte[32], null, false).getEncoded(), Reason.UNSUPPORTED_HASH);
        assertRefused(request(TSPAlgorithms.SHA256, new byte[31], null, false).getEncoded(), Reason.DIGEST_LENGTH);
        TimeStampRequestGenerator withExtension = new TimeStampRequestGenerator();
        withExtension.addExtension(new ASN1ObjectIdentifier("1.2.3.4"), false, new DEROctetString(new byte[1]));
        assertRefused(withExtension.generate(TSPAlgorithms.SHA256, DIGEST).getEncoded(), Reason.EXTENSIONS);

        byte[] good = request(TSPAlgorithms.SHA256, DIGEST, null, false).getEncoded();
        assertRefused(new byte[0], Reason.UNPARSEABLE);
        assertRefused("not DER".getBytes(StandardCharsets.UTF_8), Reason.UNPARSEABLE);
        assertRefused(Arrays.copyOf(good, good.length + 1), Reason.UNPARSEABLE);
        assertRefused(Arrays.copyOf(good, good.length - 1), Reason.UNPARSEABLE);
        assertRefused(new byte[TimestampAuthority.MAX_REQUEST_BYTES + 1], Reason.TOO_LARGE);
    }

    @Test
    void aChainOutsideTheTimestampingProfileIsRefusedAtStart() throws Exception {
        List<X509Certificate> chain = material.chain();
        assertThatThrownBy(() -> new TimestampAuthority(material.key(), List.of(chain.get(0)),
                TimestampAuthority.DEFAULT_POLICY, Clock.systemUTC())).hasMessageContaining("want the leaf and at least");
        assertThatThrownBy(() -> new TimestampAuthority(material.key(), List.of(chain.get(1), chain.get(1)),
                TimestampAuthority.DEFAULT_POLICY, Clock.systemUTC())).hasMessageContaining("is a CA");
        TsaKeys.Material other = TsaKeys.loadOrCreateDevelopment(Files.createTempDirectory(dir, "other"), Clock.systemUTC());
        assertThatThrownBy(() -> new TimestampAuthority(other.key(), chain, TimestampAuthority.DEFAULT_POLICY,
                Clock.systemUTC())).hasMessageContaining("does not belong");
        assertThatThrownBy(() -> new TimestampAuthority(material.key(), List.of(chain.get(0), other.chain().get(1)),
                TimestampAuthority.DEFAULT_POLICY, Clock.systemUTC())).hasMessageContaining("not signed by the next");
    }

    private static void assertRefused(byte[] der, Reason reason) {
        assertThatThrownBy(() -> tsa.respond(der)).isInstanceOf(TimestampRequestException.class)
                .extracting(e -> ((TimestampRequestException) e).reason()).isEqualTo(reason);
    }
}
