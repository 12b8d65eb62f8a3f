package dev.keyless.tlog.rekor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.EcdsaBackend;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.KeyIds;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.SignatureVerifier;
import dev.keyless.common.crypto.SigningAlgorithm;
import dev.keyless.common.encoding.StrictBase64;
import dev.keyless.common.note.NoteSigners;
import dev.keyless.tlog.engine.AppendResult;
import dev.keyless.tlog.engine.CheckpointSigner;
import dev.keyless.tlog.engine.InMemoryLogStore;
import dev.keyless.tlog.engine.LeafSubmission;
import dev.keyless.tlog.engine.LogTree;
import dev.keyless.tlog.engine.Personality;
import dev.keyless.tlog.engine.Sequencer;
import dev.keyless.tlog.engine.TileReader;
import dev.keyless.tlog.engine.TreeLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Security;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SET of an entry: signed once when it is sequenced, stored with it, and served from storage on reads. */
class RekorLogTest {
    private static final long TREE = 11;
    /** Entries before it live in an earlier shard: the SET signs the global index. */
    private static final long OFFSET = 1000;

    private InMemoryLogStore store;
    private TreeLog treeLog;
    private KeyPair pair;
    private EcdsaSigner key;
    private CheckpointSigner checkpoints;
    private RekorLog rekor;

    @BeforeEach
    void setUp() {
        store = new InMemoryLogStore();
        store.createTree(new LogTree(TREE, Personality.REKOR, true, 0), 0);
        TileReader tiles = new TileReader(store, 64);
        Sequencer sequencer = new Sequencer(store, TREE, Clock.systemUTC(), 64, 1024,
                (n, nanos, appends) -> tiles.committed(TREE, appends));
        treeLog = new TreeLog(new LogTree(TREE, Personality.REKOR, true, 0), store, tiles, sequencer);
        pair = PrivateKeys.generateEc(EcCurve.P256, new SecureRandom());
        key = EcdsaSigner.of(pair);
        checkpoints = new CheckpointSigner("log.example - " + TREE, NoteSigners.ecdsa("log.example", key));
        rekor = new RekorLog(List.of(new RekorLog.Shard(treeLog, checkpoints, OFFSET, key)), Duration.ofSeconds(10),
                new SimpleMeterRegistry());
    }

    @AfterEach
    void tearDown() {
        treeLog.close();
    }

    private static ValidatedEntry entry(String text) {
        return new ValidatedEntry("hashedrekord", "0.0.1", text.getBytes(StandardCharsets.UTF_8), List.of("sha256:" + text));
    }

    private void assertSetVerifies(LogEntryView v) throws Exception {
        String payload = "{\"body\":\"" + v.body() + "\",\"integratedTime\":" + v.integratedTime() + ",\"logID\":\""
                + KeyIds.logId(key.publicKey()).toHex() + "\",\"logIndex\":" + v.logIndex() + "}";
        SignatureVerifier.verifyMessage(key.publicKey(), SigningAlgorithm.ECDSA_P256_SHA256,
                payload.getBytes(StandardCharsets.UTF_8), StrictBase64.decode(v.signedEntryTimestamp()));
    }

    @Test
    void theSetIsStoredWithTheEntryAndServedOnReads() throws Exception {
        LogEntryView appended = rekor.append(entry("{\"a\":1}"));
        assertThat(appended.logIndex()).isEqualTo(OFFSET);
        assertSetVerifies(appended);

        byte[] stored = store.entryByIndex(TREE, 0).orElseThrow().extraData();
        assertThat(stored).as("the SET is stored with the entry").isNotNull();
        assertThat(StrictBase64.encode(stored)).isEqualTo(appended.signedEntryTimestamp());

        LogEntryView read = rekor.byLogIndex(OFFSET).orElseThrow();
        assertThat(read.signedEntryTimestamp()).isEqualTo(appended.signedEntryTimestamp());
        assertThat(rekor.byUuid(appended.uuid()).orElseThrow().signedEntryTimestamp())
                .isEqualTo(appended.signedEntryTimestamp());
    }

    @Test
    void readsServeTheStoredBytesWithoutSigningAgain() throws Exception {
        byte[] marker = "stored, not signed".getBytes(StandardCharsets.UTF_8);
        AppendResult r = treeLog.append(LeafSubmission.of("{\"b\":2}".getBytes(StandardCharsets.UTF_8), marker, List.of())).get();
        assertThat(r).isInstanceOf(AppendResult.Appended.class);

        assertThat(rekor.byLogIndex(OFFSET).orElseThrow().signedEntryTimestamp()).isEqualTo(StrictBase64.encode(marker));
    }

    @Test
    void anEntryStoredWithoutASetGetsOneSignedOnRead() throws Exception {
        // Entries written before SETs were stored have none: a read signs one, the same each time.
        treeLog.append(LeafSubmission.of("{\"c\":3}".getBytes(StandardCharsets.UTF_8), null, List.of())).get();
        LogEntryView read = rekor.byLogIndex(OFFSET).orElseThrow();
        assertSetVerifies(read);
        // The same key on a provider with random nonces: a read-time SET is still signed deterministically.
        EcdsaSigner randomNonces = EcdsaSigner.of(pair, EcdsaBackend.using(Security.getProvider("SunEC")));
        RekorLog onProvider = new RekorLog(List.of(new RekorLog.Shard(treeLog, checkpoints, OFFSET, randomNonces)),
                Duration.ofSeconds(10), new SimpleMeterRegistry());
        assertThat(onProvider.byLogIndex(OFFSET).orElseThrow().signedEntryTimestamp())
                .isEqualTo(read.signedEntryTimestamp());
        assertThat(store.entryByIndex(TREE, 0).orElseThrow().extraData()).as("reads store nothing").isNull();
    }
}
