package dev.keyless.tlog.rekor;

import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.KeyIds;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.encoding.EncodingException;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.encoding.Hex;
import dev.keyless.common.encoding.StrictBase64;
import dev.keyless.common.merkle.MerkleException;
import dev.keyless.tlog.engine.AppendResult;
import dev.keyless.tlog.engine.CheckpointSigner;
import dev.keyless.tlog.engine.LeafSubmission;
import dev.keyless.tlog.engine.PushbackException;
import dev.keyless.tlog.engine.StoredEntry;
import dev.keyless.tlog.engine.TreeLog;
import dev.keyless.tlog.engine.TreeState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Rekor v1 personality over the log engine: entry IDs, global indexes across shards, signed entry
 * timestamps and checkpoints, in exactly the formats real clients verify (rekor.md §2, clients.md).
 */
public final class RekorLog {
    /**
     * One shard with what is needed to serve it.
     *
     * @param key the key that signs this shard's SETs and checkpoints (each shard keeps the key it was started
     *        with, so a rotated key starts a new shard and old entries stay verifiable under their own key)
     * @param logId hex log ID of {@code key}
     */
    public record Shard(TreeLog log, CheckpointSigner checkpoints, long globalOffset, EcdsaSigner key, String logId) {
        public Shard(TreeLog log, CheckpointSigner checkpoints, long globalOffset, EcdsaSigner key) {
            this(log, checkpoints, globalOffset, key, KeyIds.logId(key.publicKey()).toHex());
        }
    }

    /** The shards served, and the active one (the last): replaced whole by a key rotation without restart. */
    private record State(List<Shard> shards, Shard active) {
        State(List<Shard> shards) {
            this(List.copyOf(shards), shards.get(shards.size() - 1));
        }
    }

    private volatile State state;
    private final Duration timeout;
    private final MeterRegistry meters;
    private final Timer inclusionTimer;
    private final Timer consistencyTimer;

    /** @param shards oldest first; the last is the active one */
    public RekorLog(List<Shard> shards, Duration timeout, MeterRegistry meters) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("a Rekor log needs at least one shard");
        }
        this.state = new State(shards);
        this.timeout = timeout;
        this.meters = meters;
        this.inclusionTimer = Timer.builder("keyless.tlog.proof.duration").tag("proof", "inclusion")
                .description("time to build a proof from stored tiles").register(meters);
        this.consistencyTimer = Timer.builder("keyless.tlog.proof.duration").tag("proof", "consistency")
                .description("time to build a proof from stored tiles").register(meters);
    }

    private void count(String kind, String outcome) {
        meters.counter("keyless.tlog.entries", "kind", kind, "outcome", outcome).increment();
    }

    /** The shards served, oldest first, the last one active. */
    public List<Shard> shards() {
        return state.shards();
    }

    /**
     * Serves {@code shards} from now on: after a Rekor key rotation without restart, where the active tree was frozen
     * and a new one started under the new key. Requests already holding the old shards finish with them (an append
     * to the frozen tree is refused by the store and answered 503).
     *
     * @return the shards served until now, for their sequencers to be closed
     */
    public synchronized List<Shard> replaceShards(List<Shard> shards) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("a Rekor log needs at least one shard");
        }
        List<Shard> before = state.shards();
        state = new State(shards);
        return before;
    }

    /** The active shard's log ID. */
    public String logId() {
        return state.active().logId();
    }

    /** The active shard's public key. */
    public String publicKeyPem() {
        return PublicKeys.toPem(state.active().key().publicKey());
    }

    /** The public key of the shard with this decimal tree ID; 400 if there is none. */
    public String publicKeyPem(String treeId) {
        return PublicKeys.toPem(shard(treeId).key().publicKey());
    }

    private Shard shard(String treeId) {
        long id;
        try {
            id = Long.parseLong(treeId);
        } catch (NumberFormatException e) {
            throw RekorApiException.badRequest("invalid treeID");
        }
        return state.shards().stream().filter(x -> x.log().treeId() == id).findFirst()
                .orElseThrow(() -> RekorApiException.badRequest("unknown treeID"));
    }

    public Shard active() {
        return state.active();
    }

    /** Appends a validated entry and answers with its entry, proof and checkpoint; 409 if it already exists. */
    public LogEntryView append(ValidatedEntry entry) {
        String bodyB64 = StrictBase64.encode(entry.canonicalBody());
        Shard shard = state.active();
        // The SET is signed once, as the entry is sequenced, and stored with it: reads serve it without signing.
        LeafSubmission submission = LeafSubmission.sealed(entry.canonicalBody(), entry.indexKeys(),
                (leafIndex, millis) -> signSet(shard, bodyB64, millis / 1000, shard.globalOffset() + leafIndex));
        AppendResult result;
        try {
            result = shard.log().append(submission).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
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
                count(entry.kind(), "appended");
                yield view(shard, a.leafIndex(), submission.leafHash(), bodyB64, a.integratedTimeMillis(),
                        a.extraData(), a.state());
            }
            case AppendResult.Duplicate d -> {
                count(entry.kind(), "duplicate");
                String uuid = uuid(shard, submission.leafHash());
                throw RekorApiException.duplicate(uuid);
            }
        };
    }

    /** Looks up a 64-hex UUID (every shard) or an 80-hex entry ID (the named shard). */
    public Optional<LogEntryView> byUuid(String id) {
        if (!id.matches("[0-9a-fA-F]{64}|[0-9a-fA-F]{80}")) {
            throw RekorApiException.badRequest("invalid entry UUID");
        }
        String lower = id.toLowerCase(Locale.ROOT);
        Hash leafHash = Hash.fromHex(lower.substring(lower.length() - 64));
        if (lower.length() == 80 && !lower.startsWith("0000000000000000")) {
            long treeId = Long.parseUnsignedLong(lower.substring(0, 16), 16);
            return state.shards().stream().filter(s -> s.log().treeId() == treeId).findFirst()
                    .flatMap(s -> s.log().entryByLeafHash(leafHash).map(e -> view(s, e)));
        }
        for (Shard s : state.shards()) {
            Optional<StoredEntry> e = s.log().entryByLeafHash(leafHash);
            if (e.isPresent()) {
                return Optional.of(view(s, e.get()));
            }
        }
        return Optional.empty();
    }

    /** Looks up a global log index. */
    public Optional<LogEntryView> byLogIndex(long logIndex) {
        if (logIndex < 0) {
            throw RekorApiException.badRequest("logIndex must be >= 0");
        }
        List<Shard> shards = state.shards();
        for (int i = shards.size() - 1; i >= 0; i--) {
            Shard s = shards.get(i);
            if (logIndex >= s.globalOffset()) {
                return s.log().entry(logIndex - s.globalOffset()).map(e -> view(s, e));
            }
        }
        return Optional.empty();
    }

    public LogInfoView info() {
        State now = state;
        List<LogInfoView> inactive = new ArrayList<>();
        for (Shard s : now.shards()) {
            if (s != now.active()) {
                inactive.add(info(s, List.of()));
            }
        }
        return info(now.active(), inactive);
    }

    private static LogInfoView info(Shard s, List<LogInfoView> inactive) {
        TreeState st = s.log().state();
        return new LogInfoView(st.root().toHex(), st.size(), s.checkpoints().sign(st), Long.toString(s.log().treeId()), inactive);
    }

    /** Consistency proof between sizes of a shard (the active one when {@code treeId} is null). */
    public ConsistencyProofView consistencyProof(long firstSize, long lastSize, String treeId) {
        Shard s = treeId == null ? state.active() : shard(treeId);
        if (firstSize < 1) {
            throw RekorApiException.badRequest("firstSize must be >= 1");
        }
        if (firstSize > lastSize) {
            throw RekorApiException.badRequest("firstSize(" + firstSize + ") must be less than lastSize(" + lastSize + ")");
        }
        TreeState st = s.log().stateCovering(lastSize);
        if (lastSize > st.size()) {
            throw RekorApiException.badRequest("the tree size requested(" + lastSize
                    + ") was greater than what is currently observable(" + st.size() + ")");
        }
        Shard shard = s;
        List<String> hashes = consistencyTimer.record(() -> shard.log().consistencyProof(firstSize, lastSize))
                .stream().map(Hash::toHex).toList();
        return new ConsistencyProofView(st.root().toHex(), hashes);
    }

    private LogEntryView view(Shard s, StoredEntry e) {
        return view(s, e.leafIndex(), e.leafHash(), StrictBase64.encode(e.leafInput()), e.integratedTimeMillis(),
                e.extraData(), s.log().stateCovering(e.leafIndex() + 1));
    }

    /**
     * @param bodyB64 base64 of the stored body (an append has it already, for its SET)
     * @param storedSet the SET stored with the entry, or null for an entry stored without one
     */
    private LogEntryView view(Shard s, long leafIndex, Hash leafHash, String bodyB64, long integratedMillis,
            byte[] storedSet, TreeState state) {
        long integratedTime = integratedMillis / 1000;
        long logIndex = s.globalOffset() + leafIndex;
        List<String> hashes;
        try {
            hashes = inclusionTimer.record(() -> s.log().inclusionProof(leafIndex, state.size())).stream().map(Hash::toHex).toList();
        } catch (MerkleException e) {
            throw new IllegalStateException("entry " + leafIndex + " outside tree of size " + state.size(), e);
        }
        byte[] set = storedSet != null ? storedSet : signSetOnRead(s, bodyB64, integratedTime, logIndex);
        return new LogEntryView(uuid(s, leafHash), bodyB64, integratedTime, s.logId(), logIndex, StrictBase64.encode(set),
                leafIndex, state.size(), state.root().toHex(), hashes, s.checkpoints().sign(state));
    }

    /**
     * The SET (rekor.md §2.4): the shard key's DER signature over the RFC 8785 form of
     * {@code {body, integratedTime, logID, logIndex}}. Keys are already in JCS order and the values (base64, hex,
     * integers) need no escaping, so the text below is exactly its canonical form. Entries get theirs when they
     * are sequenced, on whatever {@code EcdsaBackend} runs. Entries stored before SETs were kept (and the synthetic
     * ones benchmarks write) are signed on each read, as Rekor does for every read, with RFC 6979 nonces: each
     * read of such an entry gives the same bytes, as before SETs were stored.
     */
    private static byte[] signSet(Shard s, String bodyB64, long integratedTime, long logIndex) {
        return s.key().sign(setPayload(s, bodyB64, integratedTime, logIndex));
    }

    /** {@link #signSet} for an entry stored without a SET: deterministic, so repeated reads agree. */
    private static byte[] signSetOnRead(Shard s, String bodyB64, long integratedTime, long logIndex) {
        return s.key().deterministic().sign(setPayload(s, bodyB64, integratedTime, logIndex));
    }

    private static byte[] setPayload(Shard s, String bodyB64, long integratedTime, long logIndex) {
        String payload = "{\"body\":\"" + bodyB64 + "\",\"integratedTime\":" + integratedTime + ",\"logID\":\"" + s.logId()
                + "\",\"logIndex\":" + logIndex + "}";
        return payload.getBytes(StandardCharsets.UTF_8);
    }

    private static String uuid(Shard s, Hash leafHash) {
        return s.log().tree().treeIdHex() + leafHash.toHex();
    }

    /** Parses a 64-hex search hash or an {@code alg:hex} one into the lowercase index key. */
    public static String hashKey(String hash) {
        String h = hash.toLowerCase(Locale.ROOT);
        String alg;
        String hex;
        int colon = h.indexOf(':');
        if (colon >= 0) {
            alg = h.substring(0, colon);
            hex = h.substring(colon + 1);
        } else {
            hex = h;
            alg = switch (hex.length()) {
                case 64 -> "sha256";
                case 96 -> "sha384";
                case 128 -> "sha512";
                default -> "";
            };
        }
        try {
            int len = Hex.decode(hex).length;
            boolean ok = (alg.equals("sha256") && len == 32) || (alg.equals("sha384") && len == 48)
                    || (alg.equals("sha512") && len == 64);
            if (!ok) {
                throw RekorApiException.badRequest("invalid hash");
            }
        } catch (EncodingException e) {
            throw RekorApiException.badRequest("invalid hash");
        }
        return alg + ":" + hex;
    }
}
