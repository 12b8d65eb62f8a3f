package dev.keyless.common.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.crypto.PublicKeys;
import java.security.PublicKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A real checkpoint of the public-good Rekor v1 log, checked against its published key. */
class RekorCheckpointTest {
    /** Public-good Rekor v1 key (logID c0d23d6a…, rekor.md §2.7). */
    private static final String REKOR_PUBLIC = """
            -----BEGIN PUBLIC KEY-----
            MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE2G2Y+2tabdTV5BcGiBIx0a9fAFwr
            kBbmLSGtks4L3qX6yYY0zufBnhC8Ur/iy55GhWP/9A/bY2LhC30M9+RYtw==
            -----END PUBLIC KEY-----
            """;

    /**
     * From sigstore-js {@code packages/verify/src/__tests__/tlog/verify/checkpoint.test.ts} ("when the entry has a
     * valid checkpoint"): a 2023 checkpoint with the old {@code Timestamp:} extension line, signed by the key above.
     */
    private static final String CHECKPOINT = "rekor.sigstore.dev - 2605736670972794746\n21428036\n"
            + "rxnoKyFZlJ7/R6bMh/d3lcqwKqAy5CL1LcNBJP17kgQ=\nTimestamp: 1688058656037355364\n\n"
            + "\u2014 rekor.sigstore.dev wNI9ajBFAiEAuDk7uu5Ae8Own/MjhSZNuVzbLuYH2jBMxbSA0WaNDNACIDV4reKpYiOpkwtvazCClnpUuduF2o/th2xR3gRZAUU4\n";

    @Test
    void publicGoodCheckpointVerifiesWithEcdsaNoteVerifier() throws Exception {
        PublicKey key = PublicKeys.parsePem(REKOR_PUBLIC);
        NoteVerifier verifier = NoteVerifiers.ecdsa("rekor.sigstore.dev", key);
        assertThat(verifier.keyHint()).isEqualTo(0xc0d23d6a);

        SignedNote note = SignedNote.parse(CHECKPOINT);
        assertThat(note.format()).isEqualTo(CHECKPOINT);
        assertThat(note.verify(List.of(verifier))).hasSize(1);

        Checkpoint checkpoint = Checkpoint.fromNoteText(note.text());
        assertThat(checkpoint.origin()).isEqualTo("rekor.sigstore.dev - 2605736670972794746");
        assertThat(checkpoint.size()).isEqualTo(21428036L);
        assertThat(checkpoint.extensionLines()).containsExactly("Timestamp: 1688058656037355364");
        assertThat(checkpoint.toNoteText()).isEqualTo(note.text());
    }

    @Test
    void publicGoodCheckpointWhenSizeChangedThenFails() {
        NoteVerifier verifier = NoteVerifiers.ecdsa("rekor.sigstore.dev", PublicKeys.parsePem(REKOR_PUBLIC));
        SignedNote tampered = SignedNote.parse(CHECKPOINT.replace("\n21428036\n", "\n21428037\n"));
        assertThatThrownBy(() -> tampered.verify(List.of(verifier))).isInstanceOf(NoteVerificationException.class);
    }
}
