/**
 * C2SP signed notes (c2sp.org/signed-note) and transparency-log checkpoints (c2sp.org/tlog-checkpoint), as Rekor v1
 * and v2 write them (rekor.md §2.5). Parsers are strict and round-trip exactly; they throw the unchecked
 * {@link dev.keyless.common.note.NoteParseException}. {@link dev.keyless.common.note.SignedNote#verify} applies the
 * spec's trust rules and throws the checked {@link dev.keyless.common.note.NoteVerificationException}.
 */
package dev.keyless.common.note;
