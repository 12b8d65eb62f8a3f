/**
 * The Update Framework's metadata as the Sigstore clients read it (tuf.md): the OLPC canonical JSON that TUF signs
 * ({@link OlpcJson}, not RFC 8785), key IDs, and signing and verifying a role's metadata with a threshold of keys.
 */
package dev.keyless.common.tuf;
