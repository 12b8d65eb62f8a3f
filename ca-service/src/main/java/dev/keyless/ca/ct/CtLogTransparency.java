package dev.keyless.ca.ct;

import dev.keyless.ca.issuance.CertificateTransparency;
import dev.keyless.ca.issuance.CertificateTransparencyException;
import dev.keyless.ca.issuance.CtLogUnavailableException;
import dev.keyless.ca.issuance.Precertificate;
import dev.keyless.common.crypto.EcdsaBackend;
import dev.keyless.common.ct.CtParseException;
import dev.keyless.common.ct.CtVerificationException;
import dev.keyless.common.ct.LogEntry;
import dev.keyless.common.ct.Precertificates;
import dev.keyless.common.ct.SctList;
import dev.keyless.common.ct.SignedCertificateTimestamp;
import java.security.PublicKey;
import java.time.Clock;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds one SCT from an RFC 6962 log, as Fulcio does (fulcio.md §5.1): sign the precertificate, submit it with the
 * CA chain to {@code add-pre-chain}, verify the SCT against the log's key over the precertificate entry, then sign
 * the final certificate from the same template with the SCT list last, and check that its entry (TBS minus SCT list)
 * is byte-identical to the precertificate's (TBS minus poison), the entry the SCT signed.
 *
 * <p>Failures: log unreachable, slow, refusing or answering garbage → {@link CtLogUnavailableException} (503); an
 * SCT that does not verify, or a final TBS that differs → {@link CertificateTransparencyException} (500). With
 * {@code required=false} (development only) any failure issues the final certificate without SCT and logs a
 * warning instead. Thread-safe.
 */
public final class CtLogTransparency implements CertificateTransparency, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CtLogTransparency.class);

    private final CtLogClient client;
    private final Supplier<CtLogKeys> logKeys;
    private final boolean required;
    private final EcdsaBackend ecdsa;
    private final Clock clock;

    /** With SCTs checked on Bouncy Castle (tests, tools). */
    public CtLogTransparency(CtLogClient client, PublicKey logKey, boolean required) {
        this(client, logKey, required, EcdsaBackend.BOUNCY_CASTLE);
    }

    /**
     * @param logKey the log's public key, or null to embed SCTs without verifying them
     * @param ecdsa where the SCT's signature is checked
     */
    public CtLogTransparency(CtLogClient client, PublicKey logKey, boolean required, EcdsaBackend ecdsa) {
        this(client, logKey == null ? null : () -> CtLogKeys.of(logKey), required, ecdsa, Clock.systemUTC());
    }

    /**
     * @param logKeys the keys an SCT may be signed by, read once per certificate (they follow the key file during a
     *     rotation); null to embed SCTs without verifying them
     */
    public CtLogTransparency(CtLogClient client, Supplier<CtLogKeys> logKeys, boolean required, EcdsaBackend ecdsa,
            Clock clock) {
        this.client = client;
        this.logKeys = logKeys;
        this.required = required;
        this.ecdsa = ecdsa;
        this.clock = clock;
    }

    @Override
    public boolean logs() {
        return true;
    }

    @Override
    public Submission submit(Precertificate precertificate) {
        List<X509Certificate> chain = new ArrayList<>(precertificate.issuerChain().size() + 1);
        chain.add(precertificate.signedPrecertificate());
        chain.addAll(precertificate.issuerChain());
        try {
            return new Submission(client.addPreChain(chain), null);
        } catch (CertificateTransparencyException e) {
            return new Submission(null, e);
        }
    }

    @Override
    public X509Certificate finish(Precertificate precertificate, Submission submission) {
        try {
            if (submission.failure() != null) {
                throw submission.failure();
            }
            return embed(precertificate, submission.sct());
        } catch (CertificateTransparencyException e) {
            if (required) {
                throw e;
            }
            log.warn("issuing without SCT (keyless.ca.ct.required=false): {}", e.getMessage());
            return precertificate.finishWithoutSct();
        }
    }

    private X509Certificate embed(Precertificate precertificate, SignedCertificateTimestamp sct) {
        X509Certificate precert = precertificate.signedPrecertificate();
        PublicKey issuerKey = precertificate.issuerChain().get(0).getPublicKey();
        LogEntry.PrecertEntry entry = Precertificates.fromPrecertificate(precert, issuerKey);
        if (logKeys != null) {
            try {
                logKeys.get().verify(sct, entry, ecdsa, clock.instant());
            } catch (CtVerificationException e) {
                throw new CertificateTransparencyException("SCT from " + client.endpoint()
                        + " does not verify against keyless.ca.ct.public-key: " + e.getMessage(), e);
            }
        }
        X509Certificate leaf = precertificate.finish(SctList.encode(List.of(sct)));
        LogEntry.PrecertEntry finalEntry;
        try {
            finalEntry = Precertificates.fromFinalCertificate(leaf, issuerKey);
        } catch (CtParseException e) {
            throw new CertificateTransparencyException("final certificate has no well-formed SCT list", e);
        }
        if (!finalEntry.equals(entry)) {
            // Cannot happen while both are signed from one template; if it did, the SCT would not verify for clients.
            throw new CertificateTransparencyException("final TBS minus SCT list differs from precertificate TBS minus poison", null);
        }
        return leaf;
    }

    /** Closes the client's kept-alive connections. */
    @Override
    public void close() {
        client.close();
    }
}
