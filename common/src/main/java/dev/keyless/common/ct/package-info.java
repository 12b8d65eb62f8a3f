/**
 * RFC 6962 Certificate Transparency structures as a self-hosted Sigstore CA and its CT log exchange them: the
 * {@link dev.keyless.common.ct.MerkleTreeLeaf} a log hashes (§3.4), the
 * {@link dev.keyless.common.ct.SignedCertificateTimestamp} it returns (§3.2), the embedded
 * {@link dev.keyless.common.ct.SctList} extension (§3.3) and the precertificate {@code PreCert} entry that both the
 * log and verifiers rebuild from a certificate ({@link dev.keyless.common.ct.Precertificates}, §3.1–3.2).
 *
 * <p>Every parser is strict: it accepts exactly what the matching encoder emits, checks every length against its
 * RFC bound and rejects trailing bytes, so {@code encode(parse(b))} equals {@code b} for every accepted {@code b}.
 */
package dev.keyless.common.ct;
