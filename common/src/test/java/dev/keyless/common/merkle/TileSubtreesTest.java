package dev.keyless.common.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.encoding.Hash;
import dev.keyless.common.encoding.Hex;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TileSubtreesTest {

    private static byte[] tile(Hash... hashes) {
        ByteBuffer b = ByteBuffer.allocate(hashes.length * Hash.SIZE);
        for (Hash h : hashes) {
            b.put(h.toByteArray());
        }
        return b.array();
    }

    /** Known answers: the RFC 6962 test leaves as a tile give the RFC's interior nodes and 8-leaf root. */
    @Test
    void rfc6962LeavesGiveTheKnownNodes() {
        Hash[] leaves = new Hash[MerkleKnownAnswerTest.LEAF_INPUTS.length];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = Rfc6962.hashLeaf(Hex.decode(MerkleKnownAnswerTest.LEAF_INPUTS[i]));
        }
        TileSubtrees t = TileSubtrees.of(tile(leaves));
        assertThat(t.width()).isEqualTo(8);
        for (int level = 0; level < MerkleKnownAnswerTest.NODES.length; level++) {
            String[] nodes = MerkleKnownAnswerTest.NODES[level];
            for (int i = 0; i < nodes.length; i++) {
                assertThat(t.nodeHash(new NodeId(level, i)).toHex()).as("node (%d, %d)", level, i).isEqualTo(nodes[i]);
            }
        }
        assertThat(t.nodeHash(new NodeId(3, 0)).toHex()).isEqualTo(MerkleKnownAnswerTest.ROOTS[8]);
    }

    /** Differential: every node of tiles of every width equals the naive recomputation from the tile's hashes. */
    @Test
    void everyNodeOfEveryWidthMatchesTheNaiveComputation() {
        Random random = new Random(11);
        for (int width = 1; width <= Tiles.WIDTH; width++) {
            Hash[] hashes = new Hash[width];
            for (int i = 0; i < width; i++) {
                byte[] h = new byte[Hash.SIZE];
                random.nextBytes(h);
                hashes[i] = Hash.of(h);
            }
            byte[] bytes = tile(hashes);
            long tileIndex = random.nextInt(1000);
            int tileLevel = random.nextInt(3);
            TileSubtrees t = TileSubtrees.of(bytes);
            for (int r = 0; r < Tiles.HEIGHT; r++) {
                for (int i = 0; (i + 1) << r <= width; i++) {
                    NodeId id = new NodeId(tileLevel * Tiles.HEIGHT + r, (tileIndex << (Tiles.HEIGHT - r)) + i);
                    assertThat(t.nodeHash(id)).as("width %d node %s", width, id).isEqualTo(Tiles.nodeHash(id, bytes));
                }
            }
        }
    }

    /** One-mutation negatives: a node one hash beyond the width, and tiles of malformed length. */
    @Test
    void refusesNodesBeyondTheWidthAndMalformedTiles() {
        TileSubtrees three = TileSubtrees.of(new byte[3 * Hash.SIZE]);
        assertThat(three.nodeHash(new NodeId(0, 2))).isNotNull();
        assertThatThrownBy(() -> three.nodeHash(new NodeId(0, 3))).isInstanceOf(MerkleException.class)
                .hasMessageContaining("has 3 hashes").hasMessageContaining("needs 4");
        assertThatThrownBy(() -> three.nodeHash(new NodeId(1, 1))).isInstanceOf(MerkleException.class)
                .hasMessageContaining("needs 4");
        assertThatThrownBy(() -> three.nodeHash(new NodeId(2, 0))).isInstanceOf(MerkleException.class);
        assertThatThrownBy(() -> TileSubtrees.of(new byte[0])).isInstanceOf(MerkleException.class)
                .hasMessageContaining("tile has 0 bytes");
        assertThatThrownBy(() -> TileSubtrees.of(new byte[Hash.SIZE + 1])).isInstanceOf(MerkleException.class);
        assertThatThrownBy(() -> TileSubtrees.of(new byte[(Tiles.WIDTH + 1) * Hash.SIZE])).isInstanceOf(MerkleException.class);
    }
}
