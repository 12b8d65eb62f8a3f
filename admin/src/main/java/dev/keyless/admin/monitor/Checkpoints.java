package dev.keyless.admin.monitor;

import dev.keyless.common.note.Checkpoint;
import dev.keyless.common.note.NoteParseException;
import dev.keyless.common.note.NoteVerificationException;
import dev.keyless.common.note.NoteVerifiers;
import dev.keyless.common.note.SignedNote;
import java.security.PublicKey;
import java.util.List;

/** A Rekor checkpoint (a C2SP signed note) verified under the log keys a monitor was given. */
final class Checkpoints {
    private Checkpoints() {
    }

    static FollowedLog.Head verified(String treeId, String text, String keyName, List<PublicKey> keys, long offset)
            throws FollowedLog.BadSignature {
        try {
            SignedNote note = SignedNote.parse(text);
            note.verify(keys.stream().map(k -> NoteVerifiers.ecdsa(keyName, k)).toList());
            Checkpoint cp = Checkpoint.fromNoteText(note.text());
            return new FollowedLog.Head(treeId, cp.size(), cp.rootHash(), note.format(), offset);
        } catch (NoteParseException e) {
            throw new FollowedLog.BadSignature("the checkpoint does not parse: " + e.getMessage(), text);
        } catch (NoteVerificationException e) {
            throw new FollowedLog.BadSignature("the checkpoint is not signed by the log key: " + e.getMessage(), text);
        }
    }
}
