package dev.keyless.tlog.rekor;

import java.util.List;

/**
 * A consistency proof between two sizes of a shard, as Rekor's {@code ConsistencyProof} carries it.
 *
 * @param rootHash hex root hash of the tree at the larger size
 * @param hashes hex hashes of the proof, in RFC 6962 order
 */
public record ConsistencyProofView(String rootHash, List<String> hashes) {
    public ConsistencyProofView {
        hashes = List.copyOf(hashes);
    }
}
