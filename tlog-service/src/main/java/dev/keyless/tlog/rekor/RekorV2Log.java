package dev.keyless.tlog.rekor;

import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.KeyIds;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.encoding.Hash;
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
 * SET: clients take time from an RFC 3161 timestamp. Thread-safe.
 */
public final class RekorV2Log implements AutoCloseable {
    /**
     * An appended entry as the response carries it.
     *
     * @param checkpoint the signed note the proof is against
     */
    public record Appended(long logIndex, ValidatedEntry entry, TreeState state, List<Hash> proof, String checkpoint) {
    }

    private final TreeLog log;
    private final CheckpointSigner checkpoints;
    private final EcdsaSigner key;
    private final Hash logId;
    private final Duration timeout;

    public RekorV2Log(TreeLog log, CheckpointSigner checkpoints, EcdsaSigner key, Duration timeout) {
        this.log = log;
        this.checkpoints = checkpoints;
        this.key = key;
        this.logId = KeyIds.logId(key.publicKey());
        this.timeout = timeout;
    }

    /** The full 32-byte key hash: the response's {@code logId.keyId} and the trust root's {@code logId}. */
    public Hash logId() {
        return logId;
    }

    public String publicKeyPem() {
        return PublicKeys.toPem(key.publicKey());
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
        return checkpoints.sign(log.state());
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
            case AppendResult.Appended a -> new Appended(a.leafIndex(), entry, a.state(),
                    log.inclusionProof(a.leafIndex(), a.state().size()), checkpoints.sign(a.state()));
            case AppendResult.Duplicate d -> throw RekorApiException.duplicateAt(d.existingIndex());
        };
    }
}
