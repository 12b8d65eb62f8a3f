package dev.keyless.tlog.ct;

import dev.keyless.common.crypto.BouncyCastle;
import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.EcdsaBackend;
import dev.keyless.common.crypto.EcdsaVerifier;
import dev.keyless.common.crypto.HashAlgorithm;
import dev.keyless.common.crypto.SignatureVerificationException;
import dev.keyless.common.ct.ChainEntries;
import dev.keyless.common.ct.CtOids;
import dev.keyless.common.ct.LogEntry;
import dev.keyless.common.ct.Precertificates;
import dev.keyless.common.encoding.Hash;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a submitted chain (RFC 6962 §4.1–4.2) and turns it into the log entry and the {@code extra_data} that
 * get-entries serves (§4.6). Everything is checked before anything is stored:
 * <ul>
 *   <li>1 to {@code maxChain} certificates, each a single strict DER certificate;</li>
 *   <li>each certificate is issued by the next one: issuer name equals the next subject, the next one is a CA
 *       (basic constraints, path length respected) and its key verifies the signature;</li>
 *   <li>the last certificate is an accepted root, or is issued (and signed) by one, which is then appended;</li>
 *   <li>the leaf has an issuer (a root alone is not an entry), and carries the critical precertificate poison for
 *       add-pre-chain and no poison for add-chain.</li>
 * </ul>
 * Validity periods are not checked, as in RFC 6962 logs generally: an SCT is a promise to log, not a judgement
 * of the certificate. Precertificates signed by a Precertificate Signing Certificate (§3.1) are refused:
 * Fulcio signs precertificates with its CA key, and the issuer key hash would otherwise be wrong.
 */
public final class ChainValidator {
    private static final Logger log = LoggerFactory.getLogger(ChainValidator.class);

    public static final String EMPTY = "chain must hold at least one certificate";
    public static final String TOO_LONG = "chain is too long";
    public static final String BAD_CERTIFICATE = "chain holds an invalid certificate";
    public static final String BROKEN_LINK = "chain does not verify";
    public static final String UNKNOWN_ROOT = "chain does not end in an accepted root";
    public static final String NO_ISSUER = "chain must hold the certificate's issuer";
    public static final String NOT_PRECERT = "precertificate must carry the critical poison extension";
    public static final String IS_PRECERT = "certificate carries the precertificate poison; use add-pre-chain";
    public static final String PRECERT_SIGNING_CERT = "precertificate signing certificates are not supported";

    /** The entry of a validated chain and the {@code extra_data} stored beside it. */
    public record Submission(LogEntry entry, byte[] extraData) {
    }

    /** How many verified CA-to-CA links are remembered; beyond it links are verified every time. */
    static final int MAX_REMEMBERED_LINKS = 256;

    /** The accepted roots: replaced whole when the root files change (a CA rotated to a new root). */
    private record Roots(List<X509Certificate> certs, List<byte[]> der) {
        Roots(List<X509Certificate> certs) {
            this(List.copyOf(certs), certs.stream().map(ChainValidator::der).toList());
        }
    }

    private volatile Roots roots;
    private final int maxChain;
    private final EcdsaBackend ecdsa;
    /**
     * Signatures of CA certificates already verified, as SHA-256(issuer DER) ‖ SHA-256(child DER). Every
     * add-pre-chain repeats the same intermediate → root link, and a P-384 verification is the dearest step of a
     * submission; the same two certificates verify the same way every time. Only links whose lower certificate is
     * a CA are remembered, and only from chains that reached an accepted root, so requests cannot fill the set with
     * pairs of their own.
     */
    private final Set<String> verifiedCaLinks = ConcurrentHashMap.newKeySet();
    /**
     * Prepared verifiers of EC issuer keys, by SHA-256 of the key (at most {@link #MAX_REMEMBERED_LINKS}): every
     * precertificate of a CA is checked with the same intermediate key, and a prepared key skips the per-call
     * key conversion and point precomputation of the JCA path. Filled, like the links, only from chains that reached
     * an accepted root.
     */
    private final Map<String, EcdsaVerifier> issuerVerifiers = new ConcurrentHashMap<>();
    private static final Map<String, HashAlgorithm> ECDSA_SIGNATURES = Map.of(
            X9ObjectIdentifiers.ecdsa_with_SHA256.getId(), HashAlgorithm.SHA256,
            X9ObjectIdentifiers.ecdsa_with_SHA384.getId(), HashAlgorithm.SHA384,
            X9ObjectIdentifiers.ecdsa_with_SHA512.getId(), HashAlgorithm.SHA512);

    /** Certificate signatures checked on Bouncy Castle (tests). */
    public ChainValidator(List<X509Certificate> roots, int maxChain) {
        this(roots, maxChain, EcdsaBackend.BOUNCY_CASTLE);
    }

    /** @param ecdsa where ECDSA certificate signatures are checked: the service's backend */
    public ChainValidator(List<X509Certificate> roots, int maxChain, EcdsaBackend ecdsa) {
        if (maxChain < 2 || maxChain > CtProperties.MAX_CHAIN) {
            throw new IllegalArgumentException("max chain is " + maxChain + ", want 2.." + CtProperties.MAX_CHAIN);
        }
        this.roots = new Roots(roots);
        this.maxChain = maxChain;
        this.ecdsa = ecdsa;
    }

    public List<X509Certificate> roots() {
        return roots.certs();
    }

    /**
     * Accepts {@code next} from now on (get-roots lists them at once).
     *
     * @return false when they are the roots accepted already
     */
    public synchronized boolean replaceRoots(List<X509Certificate> next) {
        if (next.equals(roots.certs())) {
            return false;
        }
        roots = new Roots(next);
        return true;
    }

    public List<byte[]> rootsDer() {
        return roots.der().stream().map(byte[]::clone).toList();
    }

    public int maxChain() {
        return maxChain;
    }

    /** How many CA links and issuer verifiers are remembered (tests). */
    int remembered() {
        return verifiedCaLinks.size() + issuerVerifiers.size();
    }

    /**
     * @param chain DER certificates, leaf first
     * @param precert true for add-pre-chain
     * @throws CtApiException (400) on any failed check
     */
    public Submission validate(List<byte[]> chain, boolean precert) {
        if (chain == null || chain.isEmpty()) {
            throw CtApiException.badRequest(EMPTY);
        }
        if (chain.size() > maxChain) {
            throw CtApiException.badRequest(TOO_LONG);
        }
        List<X509Certificate> certs = new ArrayList<>(chain.size() + 1);
        for (byte[] der : chain) {
            certs.add(parse(der));
        }
        Learned learned = new Learned();
        for (int i = 0; i + 1 < certs.size(); i++) {
            if (!issues(certs.get(i + 1), certs.get(i), i, learned)) {
                throw CtApiException.badRequest(BROKEN_LINK);
            }
        }
        X509Certificate last = certs.get(certs.size() - 1);
        if (!isRoot(last)) {
            X509Certificate root = roots.certs().stream().filter(r -> issues(r, last, certs.size() - 1, learned)).findFirst()
                    .orElseThrow(() -> CtApiException.badRequest(UNKNOWN_ROOT));
            certs.add(root);
            if (certs.size() > maxChain) {
                throw CtApiException.badRequest(TOO_LONG);
            }
        }
        remember(learned);
        if (certs.size() < 2) {
            throw CtApiException.badRequest(NO_ISSUER);
        }
        X509Certificate leaf = certs.get(0);
        boolean poisoned = leaf.getExtensionValue(CtOids.PRECERT_POISON.getId()) != null;
        List<byte[]> rest = certs.subList(1, certs.size()).stream().map(ChainValidator::der).toList();
        if (!precert) {
            if (poisoned) {
                throw CtApiException.badRequest(IS_PRECERT);
            }
            return new Submission(new LogEntry.X509Entry(chain.get(0)), ChainEntries.x509ChainEntry(rest));
        }
        if (!poisoned) {
            throw CtApiException.badRequest(NOT_PRECERT);
        }
        if (hasPrecertSigningEku(certs.get(1))) {
            throw CtApiException.badRequest(PRECERT_SIGNING_CERT);
        }
        LogEntry.PrecertEntry entry;
        try {
            entry = Precertificates.fromPrecertificate(leaf, certs.get(1).getPublicKey());
        } catch (IllegalArgumentException e) { // CtParseException among them
            log.debug("precertificate refused: {}", e.getMessage());
            throw CtApiException.badRequest(NOT_PRECERT);
        }
        byte[] extra = ChainEntries.precertChainEntry(chain.get(0), rest);
        return new Submission(entry, extra);
    }

    private boolean isRoot(X509Certificate cert) {
        byte[] der = der(cert);
        return roots.der().stream().anyMatch(r -> Arrays.equals(r, der));
    }

    /**
     * Whether {@code issuer} issued {@code child}, which has {@code below} certificates under it in the chain
     * (the intermediate CAs among them count against the issuer's path length constraint).
     */
    private boolean issues(X509Certificate issuer, X509Certificate child, int below, Learned learned) {
        if (!issuer.getSubjectX500Principal().equals(child.getIssuerX500Principal())) {
            log.debug("issuer name mismatch: {} vs {}", issuer.getSubjectX500Principal(), child.getIssuerX500Principal());
            return false;
        }
        int pathLen = issuer.getBasicConstraints(); // -1: not a CA
        if (pathLen < 0 || below > pathLen) {
            log.debug("issuer {} is not a CA or its path length {} is exceeded", issuer.getSubjectX500Principal(), pathLen);
            return false;
        }
        boolean[] keyUsage = issuer.getKeyUsage();
        if (keyUsage != null && (keyUsage.length < 6 || !keyUsage[5])) { // keyCertSign
            log.debug("issuer {} may not sign certificates", issuer.getSubjectX500Principal());
            return false;
        }
        String link = child.getBasicConstraints() >= 0
                ? Hash.sha256(der(issuer)).toHex() + Hash.sha256(der(child)).toHex() : null;
        if (link != null && verifiedCaLinks.contains(link)) {
            return true;
        }
        try {
            verifySignature(issuer, child, learned);
            if (link != null) {
                learned.links().add(link);
            }
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            log.debug("signature of {} does not verify: {}", child.getSubjectX500Principal(), e.toString());
            return false;
        }
    }

    /** What one submission verified, remembered once its chain reached an accepted root. */
    private record Learned(List<String> links, Map<String, EcdsaVerifier> verifiers) {
        Learned() {
            this(new ArrayList<>(), new HashMap<>());
        }
    }

    private void remember(Learned learned) {
        for (String link : learned.links()) {
            if (verifiedCaLinks.size() < MAX_REMEMBERED_LINKS) {
                verifiedCaLinks.add(link);
            }
        }
        learned.verifiers().forEach((id, verifier) -> {
            if (issuerVerifiers.size() < MAX_REMEMBERED_LINKS) {
                issuerVerifiers.putIfAbsent(id, verifier);
            }
        });
    }

    /** Throws unless {@code issuer}'s key verifies {@code child}'s signature. */
    private void verifySignature(X509Certificate issuer, X509Certificate child, Learned learned) throws GeneralSecurityException {
        HashAlgorithm hash = ECDSA_SIGNATURES.get(child.getSigAlgOID());
        PublicKey key = issuer.getPublicKey();
        if (hash != null && key instanceof ECPublicKey && EcCurve.of(((ECPublicKey) key).getParams()).isPresent()) {
            String id = Hash.sha256(key.getEncoded()).toHex();
            EcdsaVerifier verifier = issuerVerifiers.get(id);
            if (verifier == null) {
                verifier = learned.verifiers().computeIfAbsent(id, k -> EcdsaVerifier.of(key, ecdsa));
            }
            try {
                verifier.verifyMessage(hash, child.getTBSCertificate(), child.getSignature());
            } catch (SignatureVerificationException e) {
                throw new SignatureException(e.getMessage(), e);
            }
            return;
        }
        // Bouncy Castle verifies RSA and other signatures of a typical CA chain faster than the JDK.
        child.verify(key, BouncyCastle.PROVIDER);
    }

    private static boolean hasPrecertSigningEku(X509Certificate cert) {
        try {
            List<String> eku = cert.getExtendedKeyUsage();
            return eku != null && eku.contains(CtOids.PRECERT_SIGNING_EKU.getId());
        } catch (CertificateParsingException e) {
            return true;
        }
    }

    private static X509Certificate parse(byte[] der) {
        try {
            return Certificates.parseDer(der);
        } catch (IllegalArgumentException e) { // CryptoParseException among them
            log.debug("certificate refused: {}", e.getMessage());
            throw CtApiException.badRequest(BAD_CERTIFICATE);
        }
    }

    private static byte[] der(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("certificate does not re-encode", e);
        }
    }
}
