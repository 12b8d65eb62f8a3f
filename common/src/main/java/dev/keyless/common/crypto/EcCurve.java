package dev.keyless.common.crypto;

import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;

/**
 * The NIST prime curves Sigstore accepts (FIPS 186-4 P-256, P-384, P-521; sigstore {@code algorithm_registry.go}).
 * Each constant holds Bouncy Castle's optimized ("custom") curve implementation, built once: lightweight-API
 * ECDSA on these is far faster than generic curve arithmetic, and verification runs on every log append.
 * The enum fields are immutable, so this is shared constant state, not mutable static state.
 */
public enum EcCurve {
    P256("P-256", "secp256r1", SECObjectIdentifiers.secp256r1),
    P384("P-384", "secp384r1", SECObjectIdentifiers.secp384r1),
    P521("P-521", "secp521r1", SECObjectIdentifiers.secp521r1);

    private final String displayName;
    private final String jcaName;
    private final ASN1ObjectIdentifier oid;
    private final X9ECParameters x9;
    private final ECDomainParameters domain;
    /** p, a, b, n, Gx, Gy, read once: X9ECParameters.getG() synchronizes, and of() runs for every key. */
    private final BigInteger[] identity;

    EcCurve(String displayName, String jcaName, ASN1ObjectIdentifier oid) {
        this.displayName = displayName;
        this.jcaName = jcaName;
        this.oid = oid;
        this.x9 = CustomNamedCurves.getByOID(oid);
        this.domain = new ECDomainParameters(x9);
        org.bouncycastle.math.ec.ECPoint g = x9.getG().normalize();
        this.identity = new BigInteger[] {x9.getCurve().getField().getCharacteristic(), x9.getCurve().getA().toBigInteger(),
            x9.getCurve().getB().toBigInteger(), x9.getN(), g.getAffineXCoord().toBigInteger(), g.getAffineYCoord().toBigInteger()};
    }

    /** "P-256" etc. */
    public String displayName() {
        return displayName;
    }

    /** The JCA / SEC 2 name for {@link java.security.spec.ECGenParameterSpec}, e.g. {@code secp256r1}. */
    public String jcaName() {
        return jcaName;
    }

    /** The named-curve OID written into SPKI and SEC1 structures (RFC 5480 §2.1.1.1). */
    public ASN1ObjectIdentifier oid() {
        return oid;
    }

    /** Bytes of one field element (32, 48, 66). */
    public int fieldBytes() {
        return (x9.getCurve().getFieldSize() + 7) / 8;
    }

    ECDomainParameters domain() {
        return domain;
    }

    public static Optional<EcCurve> fromOid(ASN1ObjectIdentifier oid) {
        for (EcCurve c : values()) {
            if (c.oid.equals(oid)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * Identifies the curve of JCA parameters by value (prime, coefficients, generator, order), so JDK keys,
     * Bouncy Castle keys and keys built from explicit parameters are all recognised the same way.
     */
    public static Optional<EcCurve> of(ECParameterSpec spec) {
        if (!(spec.getCurve().getField() instanceof ECFieldFp field)) {
            return Optional.empty();
        }
        for (EcCurve c : values()) {
            BigInteger[] id = c.identity;
            if (field.getP().equals(id[0]) && spec.getCurve().getA().equals(id[1]) && spec.getCurve().getB().equals(id[2])
                    && spec.getOrder().equals(id[3]) && spec.getGenerator().getAffineX().equals(id[4])
                    && spec.getGenerator().getAffineY().equals(id[5])) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The uncompressed SEC1 point encoding (0x04 || X || Y) of a point on this curve. */
    byte[] encodePoint(ECPoint w) {
        return publicParameters(w).getQ().getEncoded(false);
    }

    /**
     * Bouncy Castle public-key parameters for {@code w}.
     *
     * @throws CryptoParseException if {@code w} is not a finite point on this curve
     */
    ECPublicKeyParameters publicParameters(ECPoint w) {
        if (w == ECPoint.POINT_INFINITY) {
            throw new CryptoParseException("EC public key is the point at infinity");
        }
        try {
            return new ECPublicKeyParameters(domain.getCurve().validatePoint(w.getAffineX(), w.getAffineY()), domain);
        } catch (IllegalArgumentException e) {
            throw new CryptoParseException("EC public key is not a valid point on " + displayName, e);
        }
    }

    /** The curve of {@code key}, or a parse error naming what was found. */
    static EcCurve require(ECPublicKey key) {
        return of(key.getParams()).orElseThrow(() -> new CryptoParseException(
                "EC key is on an unsupported curve (field " + fieldBits(key.getParams()) + " bits), want P-256, P-384 or P-521"));
    }

    private static int fieldBits(ECParameterSpec spec) {
        return spec.getCurve().getField().getFieldSize();
    }

    BigInteger order() {
        return x9.getN();
    }
}
