package dev.keyless.common.crypto;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import org.bouncycastle.crypto.CryptoServicesRegistrar;

/**
 * One {@link SecureRandom} (NIST SP 800-90A DRBG, seeded by the JDK from the system's entropy source) per platform
 * thread. The JDK's default on Linux, NativePRNG, funnels every instance through one JVM-wide lock; under concurrent
 * certificate issuance that lock was the most contended monitor of the CA (serial numbers, and the point
 * blinding Bouncy Castle does in every ECDSA signature).
 *
 * <p>Virtual threads live for one request, so a generator of their own would be created and seeded for every
 * request. They share a few generators instead, picked by thread id: the JDK's DRBG is thread-safe, and holds its
 * lock only for the draw itself.
 */
public final class ThreadRandom {
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(ThreadRandom::create);
    private static final SecureRandom[] SHARED = new SecureRandom[Math.max(4, 2 * Runtime.getRuntime().availableProcessors())];

    static {
        for (int i = 0; i < SHARED.length; i++) {
            SHARED[i] = create();
        }
    }

    private ThreadRandom() {
    }

    /** This platform thread's own generator, or for a virtual thread one of the shared ones; both thread-safe. */
    public static SecureRandom current() {
        Thread thread = Thread.currentThread();
        return thread.isVirtual() ? SHARED[(int) Math.floorMod(thread.threadId(), SHARED.length)] : RANDOM.get();
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
