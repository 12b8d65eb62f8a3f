package dev.keyless.tlog.ct;

import dev.keyless.common.ct.LogEntry;
import dev.keyless.common.ct.MerkleTreeLeaf;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.TBSCertificate;

/**
 * Who a CT entry's certificate was issued to, as search keys: {@value #PREFIX} and the lowercase email or URI of each
 * subject alternative name. Written with the entry, so the console can list the certificates an identity received
 * whether or not it signed anything. The prefix keeps these keys apart from the Rekor keys in the same index.
 */
public final class CtIdentities {
    public static final String PREFIX = "ct-san:";
    /** The key set these are, for the backfill's progress of entries logged before them. */
    public static final int VERSION = 1;
    /** Most keys per entry (a Fulcio certificate has one SAN; the bound keeps odd certificates cheap). */
    static final int MAX_KEYS = 8;
    /** Longest SAN indexed (the index key column holds 1024 characters). */
    static final int MAX_SAN = 1000;

    private CtIdentities() {
    }

    /** The search key for a SAN as a user types it. */
    public static String key(String san) {
        return PREFIX + san.toLowerCase(Locale.ROOT);
    }

    /**
     * The keys of an entry that the chain validator accepted (so its certificate or TBS parses). A SAN extension this
     * cannot read gives no keys: the entry is still logged, just not findable by identity.
     */
    public static List<String> of(LogEntry entry) {
        try {
            return keys(entry);
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /**
     * The keys of a stored CT leaf (an RFC 6962 {@code MerkleTreeLeaf}): for entries logged before these keys were
     * written with each entry ({@code engine.IndexBackfill}). None for a leaf this cannot read.
     */
    public static List<String> ofLeaf(byte[] leafInput) {
        try {
            return of(MerkleTreeLeaf.parse(leafInput).entry());
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private static List<String> keys(LogEntry entry) {
        TBSCertificate tbs = switch (entry) {
            case LogEntry.X509Entry x -> Certificate.getInstance(x.certificate()).getTBSCertificate();
            case LogEntry.PrecertEntry p -> TBSCertificate.getInstance(p.tbsCertificate());
        };
        Extensions extensions = tbs.getExtensions();
        GeneralNames names = extensions == null ? null
                : GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
        List<String> keys = new ArrayList<>();
        if (names != null) {
            for (GeneralName n : names.getNames()) {
                if ((n.getTagNo() == GeneralName.rfc822Name || n.getTagNo() == GeneralName.uniformResourceIdentifier)
                        && keys.size() < MAX_KEYS) {
                    String value = ASN1IA5String.getInstance(n.getName()).getString();
                    if (!value.isEmpty() && value.length() <= MAX_SAN) {
                        keys.add(key(value));
                    }
                }
            }
        }
        return keys;
    }
}
