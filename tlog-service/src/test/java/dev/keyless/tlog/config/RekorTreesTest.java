package dev.keyless.tlog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.encoding.Hash;
import dev.keyless.tlog.engine.AppendResult;
import dev.keyless.tlog.engine.LeafSubmission;
import dev.keyless.tlog.engine.LogTree;
import dev.keyless.tlog.engine.PushbackException;
import dev.keyless.tlog.engine.Sequencer;
import dev.keyless.tlog.engine.Personality;
import dev.keyless.tlog.engine.InMemoryLogStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RekorTreesTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC);
    private static final Hash A = Hash.sha256(new byte[] {'a'});
    private static final Hash B = Hash.sha256(new byte[] {'b'});

    private final InMemoryLogStore store = new InMemoryLogStore();

    @Test
    void firstStartCreatesOneActiveTreeUnderTheKey() {
        List<LogTree> trees = RekorTrees.settle(store, CLOCK, A);
        assertThat(trees).hasSize(1);
        assertThat(trees.get(0).active()).isTrue();
        assertThat(trees.get(0).keyId()).isEqualTo(A);
        assertThat(RekorTrees.settle(store, CLOCK, A)).as("a restart with the same key changes nothing").isEqualTo(trees);
    }

    @Test
    void treesFromBeforeKeysWereRecordedAdoptTheConfiguredKeyFrozenOnesToo() {
        store.createTree(new LogTree(4, Personality.REKOR, false, 0), 0);
        store.createTree(new LogTree(5, Personality.REKOR, true, 1), 0);
        List<LogTree> trees = RekorTrees.settle(store, CLOCK, A);
        assertThat(trees).containsExactly(new LogTree(4, Personality.REKOR, false, 0, A),
                new LogTree(5, Personality.REKOR, true, 1, A));
    }

    @Test
    void anotherKeyFreezesTheActiveTreeAndStartsTheNextShardUnderIt() {
        LogTree first = RekorTrees.settle(store, CLOCK, A).get(0);
        List<LogTree> trees = RekorTrees.settle(store, CLOCK, B);
        assertThat(trees).hasSize(2);
        assertThat(trees.get(0)).isEqualTo(new LogTree(first.treeId(), Personality.REKOR, false, 0, A));
        assertThat(trees.get(1).active()).isTrue();
        assertThat(trees.get(1).keyId()).isEqualTo(B);
        assertThat(trees.get(1).shardOrdinal()).isEqualTo(1);
        assertThat(store.state(trees.get(1).treeId()).size()).isZero();

        // Back to A: a third shard (A's old shard stays frozen; shards are never reopened).
        List<LogTree> again = RekorTrees.settle(store, CLOCK, A);
        assertThat(again).hasSize(3);
        assertThat(again.stream().filter(LogTree::active).toList()).singleElement()
                .satisfies(t -> assertThat(t.keyId()).isEqualTo(A)).satisfies(t -> assertThat(t.shardOrdinal()).isEqualTo(2));
    }

    @Test
    void frozenTreeTakesNoMoreBatches() throws Exception {
        LogTree first = RekorTrees.settle(store, CLOCK, A).get(0);
        try (Sequencer old = new Sequencer(store, first.treeId(), CLOCK, 8, 64, (n, nanos, tiles) -> { })) {
            assertThat(old.submit(LeafSubmission.of(new byte[] {1}, null, List.of())).get(5, TimeUnit.SECONDS))
                    .isInstanceOf(AppendResult.Appended.class);
            RekorTrees.settle(store, CLOCK, B);
            CompletableFuture<AppendResult> late = old.submit(LeafSubmission.of(new byte[] {2}, null, List.of()));
            assertThatThrownBy(() -> late.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(PushbackException.class);
        }
        assertThat(store.state(first.treeId()).size()).isEqualTo(1);
    }

    @Test
    void rotationThatLostTheRaceChangesNothing() {
        LogTree first = RekorTrees.settle(store, CLOCK, A).get(0);
        assertThat(store.rotate(first.treeId(), new LogTree(9, Personality.REKOR, true, 1, B), 0)).isTrue();
        assertThat(store.rotate(first.treeId(), new LogTree(10, Personality.REKOR, true, 2, B), 0))
                .as("the tree is no longer active").isFalse();
        assertThat(store.trees(Personality.REKOR)).extracting(LogTree::treeId).containsExactly(first.treeId(), 9L);
        assertThat(RekorTrees.settle(store, CLOCK, B)).hasSize(2);
    }
}
