package dev.keyless.ca.timestamp;

import dev.keyless.ca.issuance.Pkcs11Ca;
import dev.keyless.common.crypto.BouncyCastle;
import java.io.IOException;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * An RFC 3161 timestamp authority (rekor-v2-tsa.md §7, §10), stateless: a request's message imprint is signed with
 * the time from the injected clock. The token carries the requested or the configured policy, the nonce echoed, an
 * accuracy of one second, an ESSCertIDv2 (SigningCertificateV2) naming the TSA certificate by its SHA-256 hash, and the
 * certificate chain only when the request sets {@code certReq}. Serial numbers are 159 random bits, so two tokens
 * never share one. Bouncy Castle's {@code org.bouncycastle.tsp} does the encoding. Thread-safe.
 */
public final class TimestampAuthority {
    /** Sigstore's timestamp policy, the Sigstore timestamp authority's default. */
    public static final String DEFAULT_POLICY = "1.3.6.1.4.1.57264.2";
    /** The largest DER request read: a request is an imprint of at most 64 bytes, a nonce, a policy and a flag. */
    public static final int MAX_REQUEST_BYTES = 4096;
    private static final Set<ASN1ObjectIdentifier> HASHES = Set.of(TSPAlgorithms.SHA256, TSPAlgorithms.SHA384,
            TSPAlgorithms.SHA512);

    private final PrivateKey key;
    private final Provider provider;
    private final List<X509Certificate> chain;
    private final ASN1ObjectIdentifier policy;
    private final String signatureAlgorithm;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param chain the TSA certificate first, its root last; checked by {@link TsaChains#validate}
     * @param policy the policy OID of tokens whose request names none
     */
    public TimestampAuthority(PrivateKey key, List<X509Certificate> chain, String policy, Clock clock) {
        this(new TsaKeys.Material(key, chain), policy, clock);
    }

    /** A key from a file (signed with Bouncy Castle) or in a token (signed by the token's provider). */
    public TimestampAuthority(TsaKeys.Material material, String policy, Clock clock) {
        if (material.inToken()) {
            TsaChains.validateChain(material.chain(), clock.instant());
        } else {
            TsaChains.validate(material.key(), material.chain(), clock.instant());
        }
        this.key = material.key();
        this.provider = material.provider();
        this.chain = List.copyOf(material.chain());
        this.policy = new ASN1ObjectIdentifier(policy);
        this.signatureAlgorithm = Pkcs11Ca.signatureAlgorithm(chain.get(0).getPublicKey());
        this.clock = clock;
    }

    /** The TSA certificate first, its root last. */
    public List<X509Certificate> chain() {
        return chain;
    }

    @Override
    public String toString() {
        return "TimestampAuthority[" + chain.get(0).getSubjectX500Principal() + "]";
    }

    /**
     * Answers a DER {@code TimeStampReq} with a DER {@code TimeStampResp} granting a token.
     *
     * @throws TimestampRequestException if the request is not strict DER, uses SHA-1 or another unsupported hash, has
     *     an imprint of the wrong length, asks for another policy, or carries extensions
     */
    public byte[] respond(byte[] derRequest) {
        if (derRequest.length > MAX_REQUEST_BYTES) {
            throw new TimestampRequestException(TimestampRequestException.Reason.TOO_LARGE);
        }
        TimeStampRequest request;
        try {
            request = new TimeStampRequest(derRequest);
            if (!Arrays.equals(request.getEncoded(), derRequest)) {
                throw new TimestampRequestException(TimestampRequestException.Reason.UNPARSEABLE); // BER, or trailing bytes
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof TimestampRequestException t) {
                throw t;
            }
            throw new TimestampRequestException(TimestampRequestException.Reason.UNPARSEABLE);
        }
        return respond(request);
    }

    /** As {@link #respond(byte[])}, for a request already parsed (the JSON form). */
    public byte[] respond(TimeStampRequest request) {
        check(request);
        try {
            TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(signerInfo(), sha256(), policy);
            tokens.setAccuracySeconds(1);
            tokens.addCertificates(new JcaCertStore(chain));
            TimeStampResponseGenerator responses = new TimeStampResponseGenerator(tokens, HASHES,
                    Set.of(policy.getId()));
            BigInteger serial = new BigInteger(159, random).setBit(0);
            TimeStampResponse response = responses.generateGrantedResponse(request, serial, Date.from(clock.instant()));
            return response.getEncoded();
        } catch (TSPException e) {
            // Everything BC validates was checked above, so this is ours, not the request's.
            throw new IllegalStateException("timestamp token generation failed: " + e.getMessage(), e);
        } catch (OperatorCreationException | CertificateEncodingException | IOException e) {
            throw new IllegalStateException("timestamp token generation failed: " + e.getMessage(), e);
        }
    }

    /** The checks Bouncy Castle's generator would fail on, each with its own client message. */
    private void check(TimeStampRequest request) {
        ASN1ObjectIdentifier hash = request.getMessageImprintAlgOID();
        if (hash.equals(OIWObjectIdentifiers.idSHA1) || hash.equals(TSPAlgorithms.MD5)) {
            throw new TimestampRequestException(TimestampRequestException.Reason.WEAK_HASH);
        }
        if (!HASHES.contains(hash)) {
            throw new TimestampRequestException(TimestampRequestException.Reason.UNSUPPORTED_HASH);
        }
        int want = hash.equals(TSPAlgorithms.SHA256) ? 32 : hash.equals(TSPAlgorithms.SHA384) ? 48 : 64;
        if (request.getMessageImprintDigest().length != want) {
            throw new TimestampRequestException(TimestampRequestException.Reason.DIGEST_LENGTH);
        }
        if (request.getReqPolicy() != null && !request.getReqPolicy().equals(policy)) {
            throw new TimestampRequestException(TimestampRequestException.Reason.POLICY);
        }
        if (request.hasExtensions()) {
            throw new TimestampRequestException(TimestampRequestException.Reason.EXTENSIONS);
        }
    }

    /** A new one per token: its content signer holds the state of one signature. */
    private SignerInfoGenerator signerInfo() throws OperatorCreationException, CertificateEncodingException {
        // The digests of the signed attributes are Bouncy Castle's; only the signature is the key's provider's.
        ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm).setProvider(provider).build(key);
        return new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder()
                .setProvider(BouncyCastle.PROVIDER).build()).build(signer, chain.get(0));
    }

    /** SHA-256 for the ESSCertIDv2 that names the TSA certificate (BC adds SigningCertificateV2 for it). */
    private static DigestCalculator sha256() throws OperatorCreationException {
        return new JcaDigestCalculatorProviderBuilder().setProvider(BouncyCastle.PROVIDER).build()
                .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256));
    }
}
