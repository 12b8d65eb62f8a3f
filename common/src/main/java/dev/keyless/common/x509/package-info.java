/**
 * Fulcio's certificate extensions: the Sigstore OID arc 1.3.6.1.4.1.57264.1 ({@link dev.keyless.common.x509.SigstoreOids}),
 * rendering and strict parsing of the per-identity extensions ({@link dev.keyless.common.x509.SigstoreExtensions}) and
 * the otherName SAN of username identities ({@link dev.keyless.common.x509.OtherNameSan}). Byte-compatible with
 * Fulcio's {@code pkg/certificate/extensions.go} and sigstore's {@code pkg/cryptoutils/sans.go}.
 */
package dev.keyless.common.x509;
