package dev.keyless.ca.challenge;

import dev.keyless.ca.challenge.ChallengeException.Reason;
import dev.keyless.ca.identity.Principal;
import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.EcdsaBackend;
import dev.keyless.common.crypto.HashAlgorithm;
import dev.keyless.common.crypto.SignatureVerificationException;
import dev.keyless.common.crypto.SignatureVerifier;
import dev.keyless.common.crypto.SigningAlgorithm;
import dev.keyless.common.encoding.Pem;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Proof that the requester holds the private key of the subject key (fulcio.md §2): either a signature over the
 * principal's name (or, for email principals, over {@code sub}, which sigstore-java signs), or a PKCS#10 CSR whose
 * self-signature verifies. Returns the subject key; every refusal is a {@link ChallengeException}.
 */
public final class ProofOfPossession {
    /** CSR signature algorithms Fulcio understands, with the hash each implies ({@code null}: pure Ed25519). */
    private static final Map<ASN1ObjectIdentifier, Optional<HashAlgorithm>> CSR_ALGORITHMS = Map.of(
            X9ObjectIdentifiers.ecdsa_with_SHA256, Optional.of(HashAlgorithm.SHA256),
            X9ObjectIdentifiers.ecdsa_with_SHA384, Optional.of(HashAlgorithm.SHA384),
            X9ObjectIdentifiers.ecdsa_with_SHA512, Optional.of(HashAlgorithm.SHA512),
            PKCSObjectIdentifiers.sha256WithRSAEncryption, Optional.of(HashAlgorithm.SHA256),
            PKCSObjectIdentifiers.sha384WithRSAEncryption, Optional.of(HashAlgorithm.SHA384),
            PKCSObjectIdentifiers.sha512WithRSAEncryption, Optional.of(HashAlgorithm.SHA512),
            EdECObjectIdentifiers.id_Ed25519, Optional.empty());

    private ProofOfPossession() {
    }

    /**
     * Flow A: {@code signature} over one of {@link Principal#acceptedChallenges()} with {@code key}.
     *
     * @param keyContent the request's {@code publicKey.content} bytes (PEM or DER)
     */
    public static PublicKey verifySignedChallenge(byte[] keyContent, byte[] signature, Principal principal) {
        return verifySignedChallenge(EcdsaBackend.BOUNCY_CASTLE, keyContent, signature, principal);
    }

    /** As {@link #verifySignedChallenge(byte[], byte[], Principal)}, ECDSA checked on {@code ecdsa}. */
    public static PublicKey verifySignedChallenge(EcdsaBackend ecdsa, byte[] keyContent, byte[] signature,
            Principal principal) {
        PublicKey key = SubjectKeys.parseContent(keyContent);
        SigningAlgorithm algorithm = SubjectKeys.algorithmFor(key);
        if (signature == null || signature.length == 0) {
            throw new ChallengeException(Reason.SIGNATURE_INVALID);
        }
        for (String challenge : principal.acceptedChallenges()) {
            if (verifies(ecdsa, key, algorithm, challenge.getBytes(StandardCharsets.UTF_8), signature)) {
                return key;
            }
        }
        throw new ChallengeException(Reason.SIGNATURE_INVALID);
    }

    /** ASN.1 DER, or for ECDSA the IEEE P1363 r‖s form that sigstore's verifier also accepts. */
    private static boolean verifies(EcdsaBackend ecdsa, PublicKey key, SigningAlgorithm algorithm, byte[] message,
            byte[] signature) {
        try {
            SignatureVerifier.verifyMessage(ecdsa, key, algorithm, message, signature);
            return true;
        } catch (SignatureVerificationException e) {
            Optional<EcCurve> curve = algorithm.curve();
            if (curve.isEmpty() || signature.length != 2 * curve.get().fieldBytes()) {
                return false;
            }
            try {
                int half = signature.length / 2;
                BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, half));
                BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, half, signature.length));
                byte[] der = new DERSequence(new ASN1Encodable[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded("DER");
                SignatureVerifier.verifyMessage(ecdsa, key, algorithm, message, der);
                return true;
            } catch (IOException | RuntimeException | SignatureVerificationException again) {
                return false;
            }
        }
    }

    /**
     * Flow B: a PEM CSR ({@code CERTIFICATE REQUEST} or {@code NEW CERTIFICATE REQUEST}); only its key and
     * self-signature matter, the subject and attributes are ignored as Fulcio ignores them.
     */
    public static PublicKey verifyCsr(byte[] csrPem) {
        return verifyCsr(EcdsaBackend.BOUNCY_CASTLE, csrPem);
    }

    /** As {@link #verifyCsr(byte[])}, ECDSA checked on {@code ecdsa}. */
    public static PublicKey verifyCsr(EcdsaBackend ecdsa, byte[] csrPem) {
        CertificationRequest csr;
        byte[] der;
        try {
            List<Pem.Block> blocks = Pem.decodeAll(new String(csrPem, StandardCharsets.UTF_8), 1);
            String type = blocks.get(0).type();
            if (!type.equals("CERTIFICATE REQUEST") && !type.equals("NEW CERTIFICATE REQUEST")) {
                throw new ChallengeException(Reason.CSR_UNPARSEABLE);
            }
            der = blocks.get(0).der();
            csr = CertificationRequest.getInstance(der);
            if (!Arrays.equals(csr.getEncoded("DER"), der)) {
                throw new ChallengeException(Reason.CSR_UNPARSEABLE); // the signature must cover exactly what we read
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ChallengeException c) {
                throw c;
            }
            throw new ChallengeException(Reason.CSR_UNPARSEABLE);
        }
        PublicKey key;
        try {
            key = SubjectKeys.parseDer(csr.getCertificationRequestInfo().getSubjectPublicKeyInfo().getEncoded("DER"));
        } catch (IOException e) {
            throw new ChallengeException(Reason.KEY_UNPARSEABLE);
        }
        Optional<HashAlgorithm> hash = CSR_ALGORITHMS.get(csr.getSignatureAlgorithm().getAlgorithm());
        if (hash == null) {
            throw new ChallengeException(Reason.SIGNATURE_ALGORITHM_UNRECOGNIZED);
        }
        SigningAlgorithm algorithm = hash.isEmpty()
                ? (SigningAlgorithm.ED25519.matchesKey(key) ? SigningAlgorithm.ED25519 : null)
                : SigningAlgorithm.of(key, hash.get()).orElse(null);
        // e.g. a P-256 key with ECDSA-SHA384 is a valid signature but not a permitted (key, hash) pair.
        if (algorithm == null || !SubjectKeys.PERMITTED.contains(algorithm)) {
            throw new ChallengeException(Reason.ALGORITHM_NOT_PERMITTED);
        }
        try {
            SignatureVerifier.verifyMessage(ecdsa, key, algorithm, csr.getCertificationRequestInfo().getEncoded("DER"),
                    csr.getSignature().getOctets());
        } catch (SignatureVerificationException | IOException e) {
            throw new ChallengeException(Reason.SIGNATURE_INVALID);
        }
        return key;
    }
}
