package dev.keyless.tlog.engine;

import dev.keyless.common.encoding.Hash;
import dev.keyless.common.note.Checkpoint;
import dev.keyless.common.note.NoteSigner;
import dev.keyless.common.note.SignedNote;
import java.util.List;

/**
 * Signs checkpoints for one tree under its origin ({@code "<host> - <treeID>"} for a Rekor v1 shard, the bare host for
 * the Rekor v2 log), one signature by the log key. The latest
 * signed checkpoint is reused while the tree does not grow, so a burst of reads costs one signature.
 */
public final class CheckpointSigner {
    private record Signed(long size, Hash root, String note) {
    }

    private final String origin;
    private final NoteSigner signer;
    private volatile Signed latest;

    public CheckpointSigner(String origin, NoteSigner signer) {
        this.origin = origin;
        this.signer = signer;
    }

    public String origin() {
        return origin;
    }

    /**
     * The signed note text for this state. All requests answered for one batch ask for the same state at once;
     * the lock makes the first one sign and the rest reuse its note instead of each signing its own.
     */
    public String sign(TreeState state) {
        Signed cached = latest;
        if (matches(cached, state)) {
            return cached.note();
        }
        synchronized (this) {
            cached = latest;
            if (matches(cached, state)) {
                return cached.note();
            }
            String text = Checkpoint.of(origin, state.size(), state.root()).toNoteText();
            String note = SignedNote.sign(text, List.of(signer)).format();
            if (cached == null || state.size() >= cached.size()) {
                latest = new Signed(state.size(), state.root(), note);
            }
            return note;
        }
    }

    private static boolean matches(Signed cached, TreeState state) {
        return cached != null && cached.size() == state.size() && cached.root().equals(state.root());
    }
}
