package dev.keyless.common.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.Ed25519Signer;
import dev.keyless.common.crypto.KeyIds;
import dev.keyless.common.crypto.PrivateKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignedNoteTest {
    /** c2sp.org/signed-note example, checked in rekor.md §2.7. */
    static final String C2SP_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
    static final String C2SP_TEXT = "This is an example message.\n";
    static final String C2SP_SIG_LINE =
            "\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";
    static final String C2SP_NOTE = C2SP_TEXT + "\n" + C2SP_SIG_LINE;

    @Test
    void c2spExampleVerifies() throws Exception {
        NoteVerifier verifier = NoteVerifiers.fromVkey(C2SP_VKEY);
        assertThat(verifier.keyName()).isEqualTo("example.com/foo");
        assertThat(verifier.keyHint()).isEqualTo(0x530d903a);
        SignedNote note = SignedNote.parse(C2SP_NOTE);
        assertThat(note.text()).isEqualTo(C2SP_TEXT);
        assertThat(note.signatures()).singleElement().satisfies(s -> {
            assertThat(s.keyHint()).isEqualTo(0x530d903a);
            assertThat(s.signature()).hasSize(64);
        });
        assertThat(note.verify(List.of(verifier))).isEqualTo(note.signatures());
        assertThat(note.format()).isEqualTo(C2SP_NOTE);
    }

    @Test
    void c2spExampleWhenAnyTextByteChangesThenFails() {
        NoteVerifier verifier = NoteVerifiers.fromVkey(C2SP_VKEY);
        for (int i = 0; i < C2SP_TEXT.length() - 1; i++) {
            char[] chars = C2SP_TEXT.toCharArray();
            chars[i] = chars[i] == 'x' ? 'y' : 'x';
            SignedNote mutated = SignedNote.parse(new String(chars) + "\n" + C2SP_SIG_LINE);
            assertThatThrownBy(() -> mutated.verify(List.of(verifier)))
                    .as("offset %d", i).isInstanceOf(NoteVerificationException.class).hasMessageContaining("does not verify");
        }
    }

    @Test
    void c2spExampleWhenSignatureMutatedThenFails() {
        NoteVerifier verifier = NoteVerifiers.fromVkey(C2SP_VKEY);
        SignedNote note = SignedNote.parse(C2SP_NOTE);
        NoteSignature good = note.signatures().get(0);
        for (int i = 0; i < 64; i++) {
            byte[] sig = good.signature();
            sig[i] ^= 0x01;
            SignedNote mutated = new SignedNote(C2SP_TEXT, List.of(new NoteSignature(good.keyName(), good.keyHint(), sig)));
            assertThatThrownBy(() -> mutated.verify(List.of(verifier))).as("byte %d", i).isInstanceOf(NoteVerificationException.class);
        }
    }

    @Test
    void c2spExampleWhenNameOrHintChangesThenSignatureIsUnknownAndNoteRejected() {
        NoteVerifier verifier = NoteVerifiers.fromVkey(C2SP_VKEY);
        SignedNote renamed = SignedNote.parse(C2SP_NOTE.replace("\u2014 example.com/foo ", "\u2014 example.com/fop "));
        assertThatThrownBy(() -> renamed.verify(List.of(verifier))).hasMessageContaining("no signature by a known key");
        // The first base64 character carries the top bits of the hint: "U" -> "V" changes the hint only.
        SignedNote rehinted = SignedNote.parse(C2SP_NOTE.replace("foo Uw2Q", "foo Vw2Q"));
        assertThat(rehinted.signatures().get(0).keyHint()).isNotEqualTo(0x530d903a);
        assertThatThrownBy(() -> rehinted.verify(List.of(verifier))).hasMessageContaining("no signature by a known key");
    }

    @Test
    void fromVkeyRejectsWrongHintTypeAndShape() {
        assertThatThrownBy(() -> NoteVerifiers.fromVkey(C2SP_VKEY.replace("+530d903a+", "+530d903b+")))
                .isInstanceOf(NoteParseException.class).hasMessageContaining("hint is 530d903b, want 530d903a");
        assertThatThrownBy(() -> NoteVerifiers.fromVkey("example.com/foo+530d903a")).isInstanceOf(NoteParseException.class);
        assertThatThrownBy(() -> NoteVerifiers.fromVkey(C2SP_VKEY.replace("+530d903a+", "+530d903+"))).hasMessageContaining("want 8");
        assertThatThrownBy(() -> NoteVerifiers.fromVkey(C2SP_VKEY.replace("+Aeky", "+Aiky"))).hasMessageContaining("want 0x01");
        assertThatThrownBy(() -> NoteVerifiers.fromVkey("exa mple+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"))
                .hasMessageContaining("spaces");
        assertThatThrownBy(() -> NoteVerifiers.fromVkey("example.com/foo+530d903a+AQ==")).hasMessageContaining("0 bytes, want 32");
    }

    @Test
    void toVkeyRoundTripsThroughFromVkey() throws Exception {
        KeyPair pair = PrivateKeys.generateEd25519(new SecureRandom());
        String vkey = NoteVerifiers.toVkey("log.example/test", pair.getPublic());
        NoteVerifier verifier = NoteVerifiers.fromVkey(vkey);
        NoteSigner signer = NoteSigners.ed25519("log.example/test", Ed25519Signer.of(pair), KeyHintRule.C2SP_ED25519);
        assertThat(verifier.keyHint()).isEqualTo(signer.keyHint());
        SignedNote note = SignedNote.sign("hello\n", List.of(signer));
        assertThat(note.verify(List.of(verifier))).hasSize(1);
    }

    @Test
    void ecdsaNoteSignThenVerifyAndWrongKeyFails() throws Exception {
        KeyPair logKey = PrivateKeys.generateEc(EcCurve.P256, new SecureRandom());
        KeyPair otherKey = PrivateKeys.generateEc(EcCurve.P256, new SecureRandom());
        NoteSigner signer = NoteSigners.ecdsa("rekor.example", EcdsaSigner.of(logKey));
        SignedNote note = SignedNote.sign("rekor.example - 42\n7\n" + "A".repeat(43) + "=\n", List.of(signer));
        SignedNote reparsed = SignedNote.parse(note.format());
        assertThat(reparsed).isEqualTo(note);
        assertThat(reparsed.verify(List.of(NoteVerifiers.ecdsa("rekor.example", logKey.getPublic())))).hasSize(1);

        // Another key under the same name has a different hint, so the signature is unknown to it.
        assertThatThrownBy(() -> reparsed.verify(List.of(NoteVerifiers.ecdsa("rekor.example", otherKey.getPublic()))))
                .hasMessageContaining("no signature by a known key");
        // A verifier forced to claim the signer's name and hint, holding the wrong key, must reject the signature.
        NoteVerifier impostor = forge("rekor.example", signer.keyHint(), NoteVerifiers.ecdsa("rekor.example", otherKey.getPublic()));
        assertThatThrownBy(() -> reparsed.verify(List.of(impostor))).hasMessageContaining("does not verify");
    }

    @Test
    void unknownSignerAloneFailsButBesideAGoodSignatureIsIgnored() throws Exception {
        KeyPair logKey = PrivateKeys.generateEc(EcCurve.P256, new SecureRandom());
        KeyPair witnessKey = PrivateKeys.generateEd25519(new SecureRandom());
        NoteSigner log = NoteSigners.ecdsa("log.example", EcdsaSigner.of(logKey));
        NoteSigner witness = NoteSigners.ed25519("witness.example", Ed25519Signer.of(witnessKey), KeyHintRule.C2SP_ED25519);
        List<NoteVerifier> trusted = List.of(NoteVerifiers.ecdsa("log.example", logKey.getPublic()));

        SignedNote witnessOnly = SignedNote.sign("body\n", List.of(witness));
        assertThatThrownBy(() -> witnessOnly.verify(trusted)).isInstanceOf(NoteVerificationException.class);

        SignedNote both = SignedNote.sign("body\n", List.of(witness, log));
        assertThat(both.verify(trusted)).singleElement().satisfies(s -> assertThat(s.keyName()).isEqualTo("log.example"));
        // An unknown signature with garbage bytes is still ignored.
        SignedNote junk = new SignedNote("body\n", List.of(new NoteSignature("junk.example", 1, new byte[] {9}), both.signatures().get(1)));
        assertThat(junk.verify(trusted)).hasSize(1);
    }

    @Test
    void verifyWhenKnownKeySignedTwiceThenRejected() {
        KeyPair logKey = PrivateKeys.generateEc(EcCurve.P256, new SecureRandom());
        NoteSigner log = NoteSigners.ecdsa("log.example", EcdsaSigner.of(logKey));
        SignedNote twice = SignedNote.sign("body\n", List.of(log, log));
        assertThatThrownBy(() -> twice.verify(List.of(NoteVerifiers.ecdsa("log.example", logKey.getPublic()))))
                .hasMessageContaining("more than once");
    }

    @Test
    void ed25519WithRekorHintRuleUsesSpkiHash() throws Exception {
        KeyPair pair = PrivateKeys.generateEd25519(new SecureRandom());
        NoteSigner signer = NoteSigners.ed25519("rekor.example", Ed25519Signer.of(pair), KeyHintRule.SPKI_SHA256);
        assertThat(signer.keyHint()).isEqualTo(KeyIds.rekorKeyHint(pair.getPublic()));
        assertThat(signer.keyHint()).isNotEqualTo(KeyHintRule.C2SP_ED25519.hint("rekor.example", pair.getPublic()));
        SignedNote note = SignedNote.sign("x\n", List.of(signer));
        assertThat(note.verify(List.of(NoteVerifiers.ed25519("rekor.example", pair.getPublic(), KeyHintRule.SPKI_SHA256)))).hasSize(1);
        assertThatThrownBy(() -> note.verify(List.of(NoteVerifiers.ed25519("rekor.example", pair.getPublic(), KeyHintRule.C2SP_ED25519))))
                .isInstanceOf(NoteVerificationException.class);
    }

    @Test
    void parseBytesRejectsMalformedUtf8() {
        byte[] bytes = C2SP_NOTE.getBytes(StandardCharsets.UTF_8);
        assertThat(SignedNote.parse(bytes).format()).isEqualTo(C2SP_NOTE);
        bytes[3] = (byte) 0xff;
        assertThatThrownBy(() -> SignedNote.parse(bytes)).isInstanceOf(NoteParseException.class).hasMessageContaining("UTF-8");
    }

    private static NoteVerifier forge(String name, int hint, NoteVerifier delegate) {
        return new NoteVerifier() {
            @Override
            public String keyName() {
                return name;
            }

            @Override
            public int keyHint() {
                return hint;
            }

            @Override
            public boolean verify(byte[] text, byte[] signature) {
                return delegate.verify(text, signature);
            }
        };
    }
}
