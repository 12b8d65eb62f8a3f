package dev.keyless.tlog.log;

/** What happened to a submission. */
public sealed interface AppendResult {
    /**
     * Sequenced and durable.
     *
     * @param state the tree state committed with the entry's batch; it contains the entry
     */
    record Appended(long leafIndex, long integratedTimeMillis, TreeState state) implements AppendResult {
    }

    /** The tree already holds an entry with this leaf hash, at {@code existingIndex}. */
    record Duplicate(long existingIndex) implements AppendResult {
    }
}
