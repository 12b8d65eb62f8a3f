package dev.keyless.tlog.ct;

import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.ct.DigitallySigned;
import dev.keyless.common.ct.LogEntry;
import dev.keyless.common.ct.MerkleTreeLeaf;
import dev.keyless.common.ct.SignedCertificateTimestamp;
import dev.keyless.common.encoding.Hash;
import dev.keyless.tlog.engine.AppendResult;
import dev.keyless.tlog.engine.LeafSubmission;
import dev.keyless.tlog.engine.PushbackException;
import dev.keyless.tlog.engine.StoredEntry;
import dev.keyless.tlog.engine.TreeLog;
import dev.keyless.tlog.engine.TreeState;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The RFC 6962 CT log personality over one tree of the log engine.
 *
 * <p>Add path (§4.1–4.2): the chain is validated completely, the entry gets its timestamp from the clock, the
 * {@link MerkleTreeLeaf} with that timestamp is appended through the tree's sequencer, and only once the
 * sequencer reports the batch committed is the SCT signed, over the same timestamp and entry. So an SCT is never
 * handed out for an entry that is not durably in the tree, and the leaf can be recomputed from the SCT (§3.4).
 *
 * <p>Resubmission of an entry already logged returns an SCT for the stored leaf, with its stored timestamp (RFC
 * 6962 §4.1 allows returning the same SCT). Entries carry a search key over their timestamp-free encoding,
 * which the sequencer checks inside its transaction (one query per batch, not one per submission), so identical
 * submissions are logged once even when they race or meet in one batch. A resubmission therefore waits for a
 * batch like a new entry, and gets 503 when the sequencer is overloaded.
 */
public final class CtLog implements AutoCloseable {
    /** Most entries one get-entries call returns (§4.6 lets a log truncate). */
    public static final int MAX_ENTRIES = 256;

    private static final String KEY_PREFIX = "ct-entry:";

    private final TreeLog tree;
    private final ChainValidator validator;
    /** The key and its log ID, replaced together by a rotation without restart. */
    private record Signing(EcdsaSigner key, Hash logId) {
        Signing(EcdsaSigner key) {
            this(key, SignedCertificateTimestamp.logIdOf(key.publicKey()));
        }
    }

    private volatile Signing signing;
    private final Clock clock;
    private final Duration timeout;

    public CtLog(TreeLog tree, ChainValidator validator, EcdsaSigner key, Clock clock, Duration timeout) {
        this.tree = tree;
        this.validator = validator;
        this.signing = new Signing(key);
        this.clock = clock;
        this.timeout = timeout;
    }

    public PublicKey publicKey() {
        return signing.key().publicKey();
    }

    public Hash logId() {
        return signing.logId();
    }

    /**
     * Signs SCTs and tree heads with {@code next} from now on (a key rotation without restart; the tree goes on).
     *
     * @return false when it is already the key in use
     */
    public synchronized boolean rotateKey(EcdsaSigner next) {
        Signing n = new Signing(next);
        if (n.logId().equals(signing.logId())) {
            return false;
        }
        signing = n;
        return true;
    }

    public long treeId() {
        return tree.treeId();
    }

    /** §4.1 add-chain. */
    public SignedCertificateTimestamp addChain(List<byte[]> chain) {
        return add(validator.validate(chain, false));
    }

    /** §4.2 add-pre-chain. */
    public SignedCertificateTimestamp addPreChain(List<byte[]> chain) {
        return add(validator.validate(chain, true));
    }

    private SignedCertificateTimestamp add(ChainValidator.Submission s) {
        long timestamp = clock.millis();
        MerkleTreeLeaf leaf = new MerkleTreeLeaf(timestamp, s.entry());
        AppendResult result = await(tree.append(LeafSubmission.deduplicatedBy(searchKey(s.entry()),
                CtIdentities.of(s.entry()), leaf.encode(), s.extraData())));
        return switch (result) {
            case AppendResult.Appended a -> sign(timestamp, s.entry());
            case AppendResult.Duplicate d -> sctForStored(d.existingIndex());
        };
    }

    /** A fresh signature over the stored leaf's timestamp and entry: the same SCT content the log issued. */
    private SignedCertificateTimestamp sctForStored(long leafIndex) {
        StoredEntry stored = tree.entry(leafIndex)
                .orElseThrow(() -> new IllegalStateException("entry " + leafIndex + " of tree " + tree.treeId() + " vanished"));
        MerkleTreeLeaf leaf = MerkleTreeLeaf.parse(stored.leafInput());
        return sign(leaf.timestamp(), leaf.entry());
    }

    private SignedCertificateTimestamp sign(long timestamp, dev.keyless.common.ct.LogEntry entry) {
        Signing now = signing;
        return SignedCertificateTimestamp.sign(now.key()::sign, now.logId(), timestamp, entry);
    }

    private AppendResult await(CompletableFuture<AppendResult> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PushbackException("interrupted while waiting for sequencing");
        } catch (TimeoutException e) {
            throw new PushbackException("timed out waiting for sequencing");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof PushbackException p ? p : new PushbackException("sequencing failed", e.getCause());
        }
    }

    /** §4.3 get-sth: the latest committed tree head, timestamped when it was integrated. */
    public SignedTreeHead signedTreeHead() {
        TreeState state = tree.state();
        long timestamp = state.integratedAtMillis();
        byte[] signature = signing.key().sign(SignedTreeHead.signedData(timestamp, state.size(), state.root()));
        return new SignedTreeHead(state.size(), timestamp, state.root(), DigitallySigned.ecdsaSha256(signature).encode());
    }

    /** §4.4 get-sth-consistency: requires {@code 0 <= first <= second <= tree size}. */
    public List<Hash> consistencyProof(long first, long second) {
        if (first < 0 || second < first || second > tree.stateCovering(second).size()) {
            throw CtApiException.badRequest("want 0 <= first <= second <= tree size");
        }
        return tree.consistencyProof(first, second);
    }

    /** §4.5 get-proof-by-hash. */
    public InclusionProof inclusionProof(Hash leafHash, long treeSize) {
        if (treeSize < 1 || treeSize > tree.stateCovering(treeSize).size()) {
            throw CtApiException.badRequest("want 1 <= tree_size <= current tree size");
        }
        StoredEntry entry = tree.entryByLeafHash(leafHash)
                .orElseThrow(() -> CtApiException.notFound("no entry with this leaf hash"));
        if (entry.leafIndex() >= treeSize) {
            throw CtApiException.badRequest("the entry is not in the tree of this size");
        }
        return new InclusionProof(entry.leafIndex(), tree.inclusionProof(entry.leafIndex(), treeSize));
    }

    /** §4.6 get-entries: {@code start..end} inclusive, truncated at the tree size and at {@value #MAX_ENTRIES}. */
    public List<StoredEntry> entries(long start, long end) {
        if (start < 0 || end < start) {
            throw CtApiException.badRequest("want 0 <= start <= end and start < tree size");
        }
        long last = Math.min(end, start + MAX_ENTRIES - 1);
        long size = tree.stateCovering(last + 1).size();
        if (start >= size) {
            throw CtApiException.badRequest("want 0 <= start <= end and start < tree size");
        }
        long to = Math.min(last, size - 1) + 1;
        return tree.entries(start, to);
    }

    /** Most leaf indexes {@link #issuedTo} returns. */
    public static final int MAX_ISSUED = 200;

    /** The newest certificates issued to an identity, and whether there are more. */
    public record Issued(List<Long> indexes, boolean truncated) {
    }

    /**
     * Leaf indexes of the certificates issued to an identity (an email or URI SAN, any case), newest first, at most
     * {@value #MAX_ISSUED}: who received certificates, whether or not they signed anything.
     */
    public Issued issuedTo(String san) {
        if (san == null || san.isBlank() || san.length() > CtIdentities.MAX_SAN
                || san.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) { // PostgreSQL refuses a NUL in text: a 400, not a 500
            throw CtApiException.badRequest("identity must be 1 to " + CtIdentities.MAX_SAN + " printable characters");
        }
        List<Long> found = tree.search(CtIdentities.key(san.strip()), MAX_ISSUED + 1);
        return found.size() > MAX_ISSUED ? new Issued(found.subList(0, MAX_ISSUED), true) : new Issued(found, false);
    }

    /** §4.7 get-roots, DER. */
    public List<byte[]> roots() {
        return validator.rootsDer();
    }

    /** §4.5 response content. */
    public record InclusionProof(long leafIndex, List<Hash> auditPath) {
    }

    private static String searchKey(LogEntry entry) {
        // The entry without the timestamp: identical submissions map to one key whatever time they arrive.
        return KEY_PREFIX + Hash.sha256(SignedCertificateTimestamp.signedData(0, entry, new byte[0])).toHex();
    }

    @Override
    public void close() {
        tree.close();
    }
}
