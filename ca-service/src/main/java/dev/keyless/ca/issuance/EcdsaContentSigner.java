package dev.keyless.ca.issuance;

import dev.keyless.common.crypto.EcdsaSigner;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.ContentSigner;

/**
 * A one-use {@link ContentSigner} over {@link EcdsaSigner} for a CA key held in memory. Signing through the JCA
 * converts the key's curve on every call, so Bouncy Castle rebuilds its fixed-base table for the generator each
 * time; {@link EcdsaSigner} keeps one set of domain parameters, whose table is built once (docs/benchmarks.md,
 * "What changed the figures"). Nonces are {@link EcdsaSigner}'s (RFC 6979 on Bouncy Castle, the provider's under
 * an {@link dev.keyless.common.crypto.EcdsaBackend}); the algorithm identifier is
 * ecdsa-with-SHA256/384/512 without parameters, as Go writes it (RFC 5758 §3.2).
 */
final class EcdsaContentSigner implements ContentSigner {
    private final EcdsaSigner signer;
    private final AlgorithmIdentifier algorithm;
    private final ByteArrayOutputStream content = new ByteArrayOutputStream(1024);

    EcdsaContentSigner(EcdsaSigner signer) {
        this.signer = signer;
        ASN1ObjectIdentifier oid = switch (signer.algorithm()) {
            case ECDSA_P256_SHA256 -> X9ObjectIdentifiers.ecdsa_with_SHA256;
            case ECDSA_P384_SHA384 -> X9ObjectIdentifiers.ecdsa_with_SHA384;
            case ECDSA_P521_SHA512 -> X9ObjectIdentifiers.ecdsa_with_SHA512;
            default -> throw new IllegalArgumentException("not an ECDSA signer: " + signer.algorithm());
        };
        this.algorithm = new AlgorithmIdentifier(oid);
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return algorithm;
    }

    @Override
    public OutputStream getOutputStream() {
        return content;
    }

    @Override
    public byte[] getSignature() {
        return signer.sign(content.toByteArray());
    }
}
