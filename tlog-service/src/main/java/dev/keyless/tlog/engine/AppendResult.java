package dev.keyless.tlog.engine;

/** What happened to a submission. */
public sealed interface AppendResult {
    /**
     * Sequenced and durable.
     *
     * @param state the tree state committed with the entry's batch; it contains the entry
     * @param extraData what was stored beside the leaf (the submission's, or its sealer's), or null
     */
    record Appended(long leafIndex, long integratedTimeMillis, TreeState state, byte[] extraData) implements AppendResult {
    }

    /** The tree already holds an entry with this leaf hash, at {@code existingIndex}. */
    record Duplicate(long existingIndex) implements AppendResult {
    }
}
