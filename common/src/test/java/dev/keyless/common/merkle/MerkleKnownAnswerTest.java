package dev.keyless.common.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.common.encoding.Hash;
import dev.keyless.common.encoding.Hex;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Known answers. Leaf inputs and hashes are the RFC 6962 test data as published in transparency-dev/merkle
 * testonly/constants.go (LeafInputs, NodeHashes, RootHashes); the empty root is
 * {@code printf '' | sha256sum}. The proof shapes are the worked example of RFC 6962 §2.1.3.
 */
class MerkleKnownAnswerTest {
    static final String[] LEAF_INPUTS = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
        "606162636465666768696a6b6c6d6e6f"};

    static final String[] ROOTS = {
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    };

    static final String[][] NODES = {
        {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1"},
        {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"},
        {"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"},
        {"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"},
    };

    static List<Hash> leafHashes(int n) {
        List<Hash> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leaves.add(Rfc6962.hashLeaf(Hex.decode(LEAF_INPUTS[i])));
        }
        return leaves;
    }

    static Hash node(int level, int index) {
        return Hash.fromHex(NODES[level][index]);
    }

    @Test
    void emptyRootIsSha256OfNothing() {
        assertThat(Rfc6962.EMPTY_ROOT.toHex()).isEqualTo(ROOTS[0]);
        assertThat(CompactRange.empty().root().toHex()).isEqualTo(ROOTS[0]);
    }

    @Test
    void compactRangeRootMatchesPublishedRootAtEverySize() {
        CompactRange range = CompactRange.empty();
        for (Hash leaf : leafHashes(8)) {
            range.append(leaf);
            assertThat(range.root().toHex()).as("root at size %d", range.size()).isEqualTo(ROOTS[(int) range.size()]);
        }
    }

    @Test
    void everyCompletedNodeMatchesPublishedNodeHash() {
        MemoryNodeStore store = MemoryNodeStore.of(leafHashes(8));
        assertThat(store.nodes).hasSize(8 + 4 + 2 + 1);
        for (int level = 0; level < NODES.length; level++) {
            for (int index = 0; index < NODES[level].length; index++) {
                assertThat(store.get(new NodeId(level, index))).isEqualTo(node(level, index));
            }
        }
    }

    /** RFC 6962 §2.1.3: in the 7-leaf example tree, l = H(i, j) is the unfinished right-border node. */
    @Test
    void rfc6962WorkedExampleProofs() {
        MemoryNodeStore store = MemoryNodeStore.of(leafHashes(7));
        Hash b = node(0, 1);
        Hash c = node(0, 2);
        Hash d = node(0, 3);
        Hash f = node(0, 5);
        Hash j = node(0, 6);
        Hash g = node(1, 0);
        Hash h = node(1, 1);
        Hash i = node(1, 2);
        Hash k = node(2, 0);
        Hash l = Rfc6962.hashChildren(i, j);
        assertThat(Rfc6962.hashChildren(k, l).toHex()).isEqualTo(ROOTS[7]);

        assertThat(Proofs.inclusion(0, 7).resolve(store::get)).containsExactly(b, h, l);
        assertThat(Proofs.inclusion(3, 7).resolve(store::get)).containsExactly(c, g, l);
        assertThat(Proofs.inclusion(4, 7).resolve(store::get)).containsExactly(f, j, k);
        assertThat(Proofs.inclusion(6, 7).resolve(store::get)).containsExactly(i, k);
        assertThat(Proofs.consistency(3, 7).resolve(store::get)).containsExactly(c, d, g, l);
        assertThat(Proofs.consistency(4, 7).resolve(store::get)).containsExactly(l);
        assertThat(Proofs.consistency(6, 7).resolve(store::get)).containsExactly(i, j, k);
    }

    @Test
    void rightBorderNodeIsPlannedAsItsStoredChildren() {
        // l covers leaves [4, 7): not stored, so the plan lists node (1,2) and leaf (0,6) to fold.
        ProofPlan plan = Proofs.inclusion(0, 7);
        assertThat(plan.elements()).containsExactly(
                List.of(new NodeId(0, 1)), List.of(new NodeId(1, 1)), List.of(new NodeId(1, 2), new NodeId(0, 6)));
        assertThat(plan.nodeIds()).hasSize(4);
    }

    @Test
    void publishedProofsVerify() {
        List<Hash> leaves = leafHashes(7);
        MemoryNodeStore store = MemoryNodeStore.of(leaves);
        Hash root7 = Hash.fromHex(ROOTS[7]);
        for (int index = 0; index < 7; index++) {
            ProofVerifier.verifyInclusion(index, 7, leaves.get(index), Proofs.inclusion(index, 7).resolve(store::get), root7);
        }
        for (int size1 = 1; size1 <= 7; size1++) {
            ProofVerifier.verifyConsistency(size1, 7, Proofs.consistency(size1, 7).resolve(store::get),
                    Hash.fromHex(ROOTS[size1]), root7);
        }
    }
}
