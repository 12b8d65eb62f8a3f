package dev.keyless.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.PublicKey;
import org.junit.jupiter.api.Test;

class KeyIdsTest {
    @Test
    void logIdOfPublicRekorKeyIsTheKnownValue() {
        PublicKey rekor = PublicKeys.parsePem(TestKeys.REKOR_PUBLIC);
        assertThat(KeyIds.logId(rekor).toHex()).isEqualTo(TestKeys.REKOR_LOG_ID);
        // rekor.md §2.7: every public checkpoint signature starts with base64 "wNI9ag" = c0d23d6a.
        assertThat(KeyIds.rekorKeyHint(rekor)).isEqualTo(0xc0d23d6a);
    }

    @Test
    void keyHintIsTheFirstFourBytesOfTheLogIdForEveryKeyType() {
        for (PublicKey key : new PublicKey[] {TestKeys.ed25519().getPublic(), TestKeys.ec(EcCurve.P384).getPublic(),
                TestKeys.rsaPublicOfSize("RSA", 2048)}) {
            byte[] id = KeyIds.logId(key).toByteArray();
            int hint = KeyIds.rekorKeyHint(key);
            assertThat(new byte[] {(byte) (hint >>> 24), (byte) (hint >>> 16), (byte) (hint >>> 8), (byte) hint})
                    .containsExactly(id[0], id[1], id[2], id[3]);
        }
    }
}
