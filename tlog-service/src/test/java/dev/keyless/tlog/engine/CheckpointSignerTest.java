package dev.keyless.tlog.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.common.encoding.Hash;
import dev.keyless.common.merkle.Rfc6962;
import dev.keyless.common.note.Checkpoint;
import dev.keyless.common.note.NoteSigner;
import dev.keyless.common.note.SignedNote;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CheckpointSignerTest {
    private final AtomicInteger signatures = new AtomicInteger();
    private final NoteSigner counting = new NoteSigner() {
        @Override
        public String keyName() {
            return "log.example";
        }

        @Override
        public int keyHint() {
            return 0x01020304;
        }

        @Override
        public byte[] sign(byte[] text) {
            signatures.incrementAndGet();
            return Hash.sha256(text).toByteArray();
        }
    };

    private static TreeState state(long size, byte seed) {
        List<Hash> range = new ArrayList<>();
        for (int i = 0; i < Long.bitCount(size); i++) {
            range.add(Rfc6962.hashLeaf(new byte[] {seed, (byte) i}));
        }
        return new TreeState(1, size, Rfc6962.hashLeaf(new byte[] {seed}), range, 0);
    }

    @Test
    void aBatchOfConcurrentRequestsSignsOnce() throws Exception {
        CheckpointSigner signer = new CheckpointSigner("log.example - 1", counting);
        TreeState s = state(5, (byte) 1);
        Set<String> notes = ConcurrentHashMap.newKeySet();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                notes.add(signer.sign(s));
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(signatures.get()).isEqualTo(1);
        assertThat(notes).hasSize(1);
        SignedNote note = SignedNote.parse(notes.iterator().next());
        assertThat(note.signatures()).hasSize(1);
        assertThat(Checkpoint.fromNoteText(note.text())).isEqualTo(Checkpoint.of("log.example - 1", 5, s.root()));
    }

    @Test
    void aNewStateIsSignedAndAnOlderOneDoesNotReplaceTheCache() {
        CheckpointSigner signer = new CheckpointSigner("o", counting);
        signer.sign(state(6, (byte) 1));
        signer.sign(state(4, (byte) 2)); // an older state, e.g. a GET that read before the last commit
        signer.sign(state(6, (byte) 1));
        assertThat(signatures.get()).as("the size-6 note stayed cached").isEqualTo(2);
        signer.sign(state(6, (byte) 3));
        assertThat(signatures.get()).as("same size, other root: signed anew").isEqualTo(3);
    }
}
