package dev.keyless.tlog.rekor;

import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.KeyIds;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.note.NoteSigners;
import dev.keyless.tlog.engine.AppendResult;
import dev.keyless.tlog.engine.CheckpointSigner;
import dev.keyless.tlog.engine.LeafSubmission;
import dev.keyless.tlog.engine.PushbackException;
import dev.keyless.tlog.engine.TreeLog;
import dev.keyless.tlog.engine.TreeState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Rekor v2 log (rekor-v2-tsa.md): one tree on the engine, with checkpoints whose origin is the bare host name
 * (what every client requires of a v2 log) signed with a key of its own (a v1 log ID is the same SHA-256 of the key, so
 * sharing a key would make the two logs indistinguishable). An append answers only once the entry is durable, with a
 * checkpoint that covers it and the inclusion proof against that checkpoint. Entries carry no integrated time and no
 * SET: clients take time from an RFC 3161 timestamp.
 *
 * <p>The key can be replaced while running ({@link #rotateKey}): the tree and its origin go on, and checkpoints are
 * signed with the new key from then on. Clients need the origin to be the host name, so a v2 log cannot start a new
 * shard under a new origin on the same host; they tell the keys apart by their hash ({@code logId}), so the trust root
 * lists the old key until the switch and the new one from it. Thread-safe.
 */
public final class RekorV2Log implements AutoCloseable {
    /**
     * An appended entry as the response carries it.
     *
     * @param checkpoint the signed note the proof is against
     * @param logId the hash of the key that signed {@code checkpoint}
     */
    public record Appended(long logIndex, ValidatedEntry entry, TreeState state, List<Hash> proof, String checkpoint,
            Hash logId) {
    }

    /** A key with the signer of its checkpoints: swapped whole, so a checkpoint and its log ID always agree. */
    private record Signing(EcdsaSigner key, CheckpointSigner checkpoints, Hash logId) {
        Signing(String origin, EcdsaSigner key) {
            this(key, new CheckpointSigner(origin, NoteSigners.ecdsa(origin, key)), KeyIds.logId(key.publicKey()));
        }
    }

    private final TreeLog log;
    private final String origin;
    private final Duration timeout;
    private volatile Signing signing;

    /** @param origin the checkpoints' origin and signer name: the bare host name clients reach the log at */
    public RekorV2Log(TreeLog log, String origin, EcdsaSigner key, Duration timeout) {
        this.log = log;
        this.origin = origin;
        this.timeout = timeout;
        this.signing = new Signing(origin, key);
    }

    /**
     * Signs checkpoints with {@code next} from now on; false when it is the key in use. An append answers with the
     * checkpoint and log ID of the key it read once sequenced: one sequenced just before the swap may still be
     * answered with the old key's, which the trust root lists until its grace ends.
     */
    public synchronized boolean rotateKey(EcdsaSigner next) {
        Signing n = new Signing(origin, next);
        if (n.logId().equals(signing.logId())) {
            return false;
        }
        signing = n;
        return true;
    }

    /** The full 32-byte key hash: the response's {@code logId.keyId} and the trust root's {@code logId}. */
    public Hash logId() {
        return signing.logId();
    }

    public String publicKeyPem() {
        return PublicKeys.toPem(signing.key().publicKey());
    }

    public TreeLog tree() {
        return log;
    }

    /** Stops the sequencer after what is queued (Spring calls this at shutdown). */
    @Override
    public void close() {
        log.close();
    }

    /** The latest checkpoint, signed (the same note while the tree does not grow). */
    public String checkpoint() {
        return signing.checkpoints().sign(log.state());
    }

    /**
     * Appends a validated entry.
     *
     * @throws RekorApiException a duplicate, with the existing entry's index
     * @throws PushbackException overload, or the database unavailable (503)
     */
    public Appended append(ValidatedEntry entry) {
        LeafSubmission submission = LeafSubmission.of(entry.canonicalBody(), null, entry.indexKeys());
        AppendResult result;
        try {
            result = log.append(submission).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PushbackException("interrupted while waiting for sequencing");
        } catch (TimeoutException e) {
            throw new PushbackException("timed out waiting for sequencing");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof PushbackException p ? p : new PushbackException("sequencing failed", e.getCause());
        }
        return switch (result) {
            case AppendResult.Appended a -> {
                Signing s = signing;
                yield new Appended(a.leafIndex(), entry, a.state(), log.inclusionProof(a.leafIndex(), a.state().size()),
                        s.checkpoints().sign(a.state()), s.logId());
            }
            case AppendResult.Duplicate d -> throw RekorApiException.duplicateAt(d.existingIndex());
        };
    }
}
