package dev.keyless.common.merkle;

import dev.keyless.common.encoding.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Which stored nodes a proof needs, without any hashes: the pure half of proof generation. Storage fetches
 * {@link #nodeIds()} and {@link #resolve} turns them into the proof.
 *
 * <p>Each proof element is a list of perfect nodes. Usually that list has one node. For a tree whose size is
 * not a power of two, one element may be the root of the tree's unfinished right border, which no store
 * keeps; it is then listed as the perfect nodes covering that range, largest first, and recomputed from them
 * ({@link CompactRange#foldRightBorder}).
 *
 * @param elements proof elements in proof order (leaf to root), each a non-empty right-border decomposition
 */
public record ProofPlan(List<List<NodeId>> elements) {
    public ProofPlan {
        List<List<NodeId>> copy = new ArrayList<>(elements.size());
        for (List<NodeId> element : elements) {
            if (element.isEmpty()) {
                throw new MerkleException("proof element covers no nodes");
            }
            copy.add(List.copyOf(element));
        }
        elements = List.copyOf(copy);
    }

    /** Number of hashes in the finished proof. */
    public int size() {
        return elements.size();
    }

    /** Every node whose hash the proof needs, in proof order; a store reads exactly these. */
    public List<NodeId> nodeIds() {
        List<NodeId> ids = new ArrayList<>();
        for (List<NodeId> element : elements) {
            ids.addAll(element);
        }
        return ids;
    }

    /**
     * Builds the proof from node hashes.
     *
     * @param hashOf returns the stored hash of a node of {@link #nodeIds()}; it must not return null
     */
    public List<Hash> resolve(Function<NodeId, Hash> hashOf) {
        List<Hash> proof = new ArrayList<>(elements.size());
        for (List<NodeId> element : elements) {
            List<Hash> parts = new ArrayList<>(element.size());
            for (NodeId id : element) {
                Hash h = hashOf.apply(id);
                if (h == null) {
                    throw new MerkleException("no hash for node " + id);
                }
                parts.add(h);
            }
            proof.add(CompactRange.foldRightBorder(parts));
        }
        return proof;
    }
}
