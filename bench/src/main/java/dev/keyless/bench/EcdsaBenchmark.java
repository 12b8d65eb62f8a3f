package dev.keyless.bench;

import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.EcdsaBackend;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.EcdsaVerifier;
import dev.keyless.common.crypto.HashAlgorithm;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.SignatureVerificationException;
import dev.keyless.common.crypto.SignatureVerifier;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One thread's cost of the ECDSA operations the services do per request: the CA signs twice per certificate with
 * its key (P-384 like Fulcio's, or P-256), the CT log verifies the CA's signature on every precertificate, and
 * tlog-service signs every SCT and SET with its P-256 key. {@code EcdsaSigner} and {@code EcdsaVerifier} on both of
 * their backends (Bouncy Castle's lightweight API, and the native provider the services use where it ships), beside
 * the JDK's SunEC provider for comparison (the SunEC figures do not depend on {@code backend}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EcdsaBenchmark {
    @Param({"P256", "P384"})
    public EcCurve curve;

    /** Where EcdsaSigner and EcdsaVerifier run: {@code bouncycastle}, or {@code native} (the services' default where it ships). */
    @Param({"bouncycastle", "native"})
    public String backend;

    private final byte[] message = new byte[600];
    private HashAlgorithm hash;
    private KeyPair keys;
    private EcdsaSigner signer;
    private EcdsaVerifier verifier;
    private EcdsaBackend ecdsa;
    private byte[] signature;

    @Setup
    public void setUp() throws GeneralSecurityException {
        EcdsaBackend ecdsa = EcdsaBackend.configure(backend.equals("native") ? "native" : "bouncycastle");
        new SecureRandom().nextBytes(message);
        hash = curve == EcCurve.P256 ? HashAlgorithm.SHA256 : HashAlgorithm.SHA384;
        keys = PrivateKeys.generateEc(curve, new SecureRandom());
        signer = EcdsaSigner.of(keys, ecdsa);
        verifier = EcdsaVerifier.of(keys.getPublic(), ecdsa);
        this.ecdsa = ecdsa;
        signature = signer.sign(message);
    }

    @Benchmark
    public byte[] sign() {
        message[0]++;
        return signer.sign(message);
    }

    @Benchmark
    public boolean verifyPreparedKey() throws SignatureVerificationException {
        verifier.verifyMessage(hash, message, signature);
        return true;
    }

    /** A new key each time, as every Rekor append and proof of possession checks: parse, validate, verify. */
    @Benchmark
    public boolean verifyNewKey() throws SignatureVerificationException {
        SignatureVerifier.verifyMessage(ecdsa, keys.getPublic(), signer.algorithm(), message, signature);
        return true;
    }

    @Benchmark
    public byte[] signJdk() throws GeneralSecurityException {
        message[0]++;
        Signature jdk = Signature.getInstance(jdkName(), "SunEC");
        jdk.initSign(keys.getPrivate());
        jdk.update(message);
        return jdk.sign();
    }

    /** With {@code getInstance} and {@code initVerify} each time, as a service checking many keys would. */
    @Benchmark
    public boolean verifyJdk() throws GeneralSecurityException {
        Signature jdk = Signature.getInstance(jdkName(), "SunEC");
        jdk.initVerify(keys.getPublic());
        jdk.update(message);
        if (!jdk.verify(signature)) {
            throw new IllegalStateException("signature does not verify");
        }
        return true;
    }

    private String jdkName() {
        return curve == EcCurve.P256 ? "SHA256withECDSA" : "SHA384withECDSA";
    }
}
