package dev.keyless.common.ct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.encoding.Hash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Round trips over seeded random values, plus single-byte flips that must never be silently accepted as-is. */
class CtPropertyTest {
    private static final int ITERATIONS = 500;

    static byte[] bytes(Random random, int min, int max) {
        byte[] out = new byte[min + random.nextInt(max - min + 1)];
        random.nextBytes(out);
        return out;
    }

    /** Lengths cluster near the 1-, 2- and 3-byte boundaries where off-by-one errors live. */
    static byte[] sized(Random random, int min) {
        int[] sizes = {min, min + 1, 127, 128, 255, 256, 300, 65535, 65536, 70000};
        int size = random.nextInt(3) == 0 ? sizes[random.nextInt(sizes.length)] : min + random.nextInt(64);
        byte[] out = new byte[size];
        random.nextBytes(out);
        return out;
    }

    static long timestamp(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> Long.MAX_VALUE;
            default -> random.nextLong() >>> 1;
        };
    }

    static LogEntry entry(Random random) {
        return random.nextBoolean()
                ? new LogEntry.X509Entry(sized(random, 1))
                : new LogEntry.PrecertEntry(Hash.of(bytes(random, 32, 32)), sized(random, 1));
    }

    static SignedCertificateTimestamp sct(Random random) {
        return new SignedCertificateTimestamp(0, Hash.of(bytes(random, 32, 32)), timestamp(random),
                bytes(random, 0, random.nextBoolean() ? 0 : 40), random.nextInt(256), random.nextInt(256),
                bytes(random, 0, 80));
    }

    @Test
    void merkleTreeLeafWhenRandomThenRoundTripsExactly() {
        Random random = new Random(6962);
        for (int i = 0; i < ITERATIONS; i++) {
            MerkleTreeLeaf leaf = new MerkleTreeLeaf(timestamp(random), entry(random), bytes(random, 0, 20));
            byte[] encoded = leaf.encode();

            MerkleTreeLeaf parsed = MerkleTreeLeaf.parse(encoded);

            assertThat(parsed).isEqualTo(leaf);
            assertThat(parsed.encode()).isEqualTo(encoded);
            assertThat(parsed.leafHash()).isEqualTo(leaf.leafHash());
        }
    }

    @Test
    void sctWhenRandomThenRoundTripsExactly() {
        Random random = new Random(3_2);
        for (int i = 0; i < ITERATIONS; i++) {
            SignedCertificateTimestamp sct = sct(random);
            byte[] encoded = sct.encode();

            assertThat(SignedCertificateTimestamp.parse(encoded)).isEqualTo(sct);
            assertThat(SignedCertificateTimestamp.parse(encoded).encode()).isEqualTo(encoded);
        }
    }

    @Test
    void sctListWhenRandomThenRoundTripsThroughTlsAndExtension() {
        Random random = new Random(3_3);
        for (int i = 0; i < ITERATIONS / 5; i++) {
            List<SignedCertificateTimestamp> scts = new ArrayList<>();
            for (int n = 1 + random.nextInt(5); n > 0; n--) {
                scts.add(sct(random));
            }
            byte[] tls = SctList.encode(scts);

            assertThat(SctList.parse(tls)).isEqualTo(scts);
            assertThat(SctList.encode(SctList.parse(tls))).isEqualTo(tls);
            assertThat(SctList.fromExtensionValue(SctList.toExtension(scts).getExtnValue().getOctets()))
                    .isEqualTo(scts);
        }
    }

    @Test
    void parseWhenOneLengthOrTagByteFlippedThenRejectedOrDifferent() {
        Random random = new Random(7);
        for (int i = 0; i < ITERATIONS; i++) {
            MerkleTreeLeaf leaf = new MerkleTreeLeaf(timestamp(random), entry(random), bytes(random, 0, 4));
            byte[] encoded = leaf.encode();
            int at = random.nextInt(encoded.length);
            encoded[at] ^= (byte) (1 << random.nextInt(8));
            // A flip either breaks the framing (rejected) or changes a value; it never yields the same leaf.
            try {
                assertThat(MerkleTreeLeaf.parse(encoded)).isNotEqualTo(leaf);
            } catch (CtParseException expected) {
                // framing broken
            }
        }
    }

    @Test
    void parseWhenAppendedByteThenAlwaysRejected() {
        Random random = new Random(8);
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] sct = sct(random).encode();
            byte[] longer = Arrays.copyOf(sct, sct.length + 1);
            assertThatThrownBy(() -> SignedCertificateTimestamp.parse(longer)).isInstanceOf(CtParseException.class)
                    .hasMessageContaining("1 trailing bytes");
        }
    }
}
