package dev.keyless.common.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.encoding.Hash;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TilesTest {

    @Test
    void locateMapsNodesToTheirBaseHashes() {
        assertThat(Tiles.locate(new NodeId(0, 300))).isEqualTo(new Tiles.Location(new Tiles.TileId(0, 1), 44, 1));
        assertThat(Tiles.locate(new NodeId(3, 40))).isEqualTo(new Tiles.Location(new Tiles.TileId(0, 1), 64, 8));
        assertThat(Tiles.locate(new NodeId(8, 5))).isEqualTo(new Tiles.Location(new Tiles.TileId(1, 0), 5, 1));
        assertThat(Tiles.locate(new NodeId(15, 1))).isEqualTo(new Tiles.Location(new Tiles.TileId(1, 0), 128, 128));
    }

    @Test
    void widthFollowsTheTlogTilesExample() {
        // C2SP tlog-tiles: a tree of 70,000 leaves has 273 full level-0 tiles, a partial one of width 112,
        // one full level-1 tile and a partial one of width 17, and a level-2 tile of width 1.
        long size = 70_000;
        assertThat(Tiles.width(new Tiles.TileId(0, 272), size)).isEqualTo(256);
        assertThat(Tiles.width(new Tiles.TileId(0, 273), size)).isEqualTo(112);
        assertThat(Tiles.width(new Tiles.TileId(0, 274), size)).isZero();
        assertThat(Tiles.width(new Tiles.TileId(1, 0), size)).isEqualTo(256);
        assertThat(Tiles.width(new Tiles.TileId(1, 1), size)).isEqualTo(17);
        assertThat(Tiles.width(new Tiles.TileId(2, 0), size)).isEqualTo(1);
        assertThat(Tiles.width(new Tiles.TileId(3, 0), size)).isZero();
    }

    /** Every node of a tree, recomputed from tiles built by the accumulator, equals the node stored directly. */
    @Test
    void tilesFromAccumulatorReproduceEveryNode() {
        Random random = new Random(7);
        Map<NodeId, Hash> direct = new HashMap<>();
        Map<Tiles.TileId, byte[]> tiles = new HashMap<>();
        CompactRange range = CompactRange.empty();
        long size = 0;
        while (size < 70_000) {
            int batch = 1 + random.nextInt(700);
            Tiles.Accumulator acc = new Tiles.Accumulator();
            for (int i = 0; i < batch; i++) {
                Hash leaf = Rfc6962.hashLeaf(ByteBuffer.allocate(8).putLong(size + i).array());
                range.append(leaf, (id, h) -> {
                    direct.put(id, h);
                    acc.visit(id, h);
                });
            }
            for (Tiles.TileAppend a : acc.appends()) {
                byte[] old = tiles.getOrDefault(a.tile(), new byte[0]);
                assertThat(old.length / 32).as("existing width of %s", a.tile()).isEqualTo(a.existingWidth());
                byte[] grown = ByteBuffer.allocate(old.length + a.hashes().length).put(old).put(a.hashes()).array();
                tiles.put(a.tile(), grown);
            }
            size += batch;
            for (Map.Entry<Tiles.TileId, byte[]> t : tiles.entrySet()) {
                assertThat(t.getValue().length / 32).isEqualTo(Tiles.width(t.getKey(), size));
            }
        }
        for (Map.Entry<NodeId, Hash> e : direct.entrySet()) {
            if (e.getKey().level() <= 10 && random.nextInt(20) != 0) {
                continue; // sample the many low nodes; check every higher one
            }
            Tiles.Location loc = Tiles.locate(e.getKey());
            assertThat(Tiles.nodeHash(e.getKey(), tiles.get(loc.tile()))).as("node %s", e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void nodeHashRejectsShortTiles() {
        assertThatThrownBy(() -> Tiles.nodeHash(new NodeId(2, 0), new byte[3 * 32]))
                .hasMessageContaining("has 3 hashes, node (2,0) needs 4");
        assertThatThrownBy(() -> Tiles.nodeHash(new NodeId(0, 0), new byte[31])).hasMessageContaining("multiple of 32");
        assertThat(Tiles.isStored(new NodeId(16, 0))).isTrue();
        assertThat(Tiles.isStored(new NodeId(9, 0))).isFalse();
        assertThat(List.of(Tiles.MAX_TILE_LEVEL)).containsExactly(7);
    }
}
