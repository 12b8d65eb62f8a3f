/**
 * Keys, certificates and signatures for the CA and the log, on the JDK plus Bouncy Castle (never registered as a
 * global provider).
 *
 * <p>Parsing ({@link dev.keyless.common.crypto.PublicKeys}, {@link dev.keyless.common.crypto.PrivateKeys},
 * {@link dev.keyless.common.crypto.Certificates}) is strict and throws the unchecked
 * {@link dev.keyless.common.crypto.CryptoParseException}; encodings are byte-identical to Go's {@code x509} and
 * {@code cryptoutils}. Verification ({@link dev.keyless.common.crypto.SignatureVerifier}) throws the checked
 * {@link dev.keyless.common.crypto.SignatureVerificationException} for every failure, including malformed input.
 * The algorithm set and policy follow Sigstore's algorithm registry and Rekor's {@code checkEntryAlgorithms}
 * (rekor.md §3).
 */
package dev.keyless.common.crypto;
