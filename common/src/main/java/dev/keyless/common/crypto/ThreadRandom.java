package dev.keyless.common.crypto;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import org.bouncycastle.crypto.CryptoServicesRegistrar;

/**
 * One {@link SecureRandom} (NIST SP 800-90A DRBG, seeded by the JDK from the system's entropy source) per thread.
 * The JDK's default on Linux, NativePRNG, funnels every instance through one JVM-wide lock; under concurrent
 * certificate issuance that lock was the most contended monitor of the CA (serial numbers, and the point
 * blinding Bouncy Castle does in every ECDSA signature).
 */
public final class ThreadRandom {
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(ThreadRandom::create);

    private ThreadRandom() {
    }

    /** This thread's generator; never share it with another thread. */
    public static SecureRandom current() {
        return RANDOM.get();
    }

    /**
     * Makes Bouncy Castle take its internal randomness (for example the blinding of field inversions while signing)
     * from {@link #current()} instead of a new default {@link SecureRandom} each time. A process-wide setting: the
     * services call it once at start.
     */
    public static void installForBouncyCastle() {
        CryptoServicesRegistrar.setSecureRandomProvider(ThreadRandom::current);
    }

    private static SecureRandom create() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
