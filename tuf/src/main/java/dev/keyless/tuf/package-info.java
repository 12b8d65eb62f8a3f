/**
 * The TUF repository that distributes the Sigstore trust files: role keys ({@link dev.keyless.tuf.RoleKeys}), the
 * repository's files and their write order ({@link dev.keyless.tuf.TufFiles}), every change to it
 * ({@link dev.keyless.tuf.TufRepository}) and the legacy per-key targets ({@link dev.keyless.tuf.LegacyTargets}).
 * The canonical JSON and signatures are {@code dev.keyless.common.tuf}'s.
 */
package dev.keyless.tuf;
