package dev.keyless.tlog.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * tlog-tiles paths. Known answers from C2SP tlog-tiles.md ("1234067 is x001/x234/067"; "tile/entries/x001/x234/067.p/8"
 * style), one-mutation negatives, a round trip over random resources, and a fuzz target.
 */
class TilePathTest {
    @Test
    void theSpecExamplesParse() {
        assertThat(TilePath.parse("tile/0/x001/x234/067")).isEqualTo(new TilePath(0, 1234067, 256));
        assertThat(TilePath.parse("tile/entries/x001/x234/067.p/8")).isEqualTo(new TilePath(-1, 1234067, 8));
        assertThat(TilePath.parse("tile/2/000")).isEqualTo(new TilePath(2, 0, 256));
        assertThat(TilePath.parse("tile/1/001.p/255")).isEqualTo(new TilePath(1, 1, 255));
        assertThat(new TilePath(0, 1000, 256).toString()).isEqualTo("tile/0/x001/000");
    }

    @Test
    void oneMutationOfACanonicalPathIsRefused() {
        for (String bad : new String[] {"tile/0/x001/x234/67", "tile/0/001/x234/067", "tile/0/x000/001", "tile/8/000",
            "tile/00/000", "tile/0/000.p/0", "tile/0/000.p/256", "tile/0/000.p/08", "tile/0/000.p/", "tile/0/000/",
            "tile/entries/x001", "tiles/0/000", "tile/0/0000", "tile/0/x1/000", "tile/-1/000", "tile/0", "tile/0/",
            "tile/0/x999/x999/x999/x999/x999/x999/x999/000"}) {
            assertThatThrownBy(() -> TilePath.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void everyResourceRoundTripsThroughItsPath() {
        SplittableRandom random = new SplittableRandom(6962);
        for (int i = 0; i < 10_000; i++) {
            int level = random.nextInt(-1, TilePath.MAX_LEVEL + 1);
            long index = random.nextInt(4) == 0 ? random.nextLong(1000) : random.nextLong(Long.MAX_VALUE / 256);
            int width = random.nextBoolean() ? 256 : random.nextInt(1, 256);
            TilePath p = new TilePath(level, index, width);
            assertThat(TilePath.parse(p.toString())).isEqualTo(p);
        }
    }

    /** Any string is a path or an IllegalArgumentException; what parses is written back the same. */
    @FuzzTest(maxDuration = "10s")
    void tilePath(byte[] input) {
        String s = new String(input, StandardCharsets.UTF_8);
        TilePath p;
        try {
            p = TilePath.parse(s);
        } catch (IllegalArgumentException e) {
            return;
        }
        assertThat(p.toString()).isEqualTo(s);
    }
}
