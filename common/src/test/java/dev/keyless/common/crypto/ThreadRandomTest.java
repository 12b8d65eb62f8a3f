package dev.keyless.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.crypto.CryptoServicesRegistrar;
import org.junit.jupiter.api.Test;

class ThreadRandomTest {

    @Test
    void eachThreadHasItsOwnGenerator() throws Exception {
        SecureRandom mine = ThreadRandom.current();
        assertThat(ThreadRandom.current()).isSameAs(mine);
        AtomicReference<SecureRandom> other = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> other.set(ThreadRandom.current()));
        t.join();
        assertThat(other.get()).isNotNull().isNotSameAs(mine);
        assertThat(mine.getAlgorithm()).isEqualTo("DRBG");
    }

    @Test
    void virtualThreadsShareAFewGeneratorsInsteadOfSeedingOneEach() throws Exception {
        List<Future<SecureRandom>> drawn = new ArrayList<>();
        try (ExecutorService perRequest = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                drawn.add(perRequest.submit(() -> {
                    SecureRandom r = ThreadRandom.current();
                    assertThat(ThreadRandom.current()).isSameAs(r);
                    r.nextBytes(new byte[32]); // concurrently with the others: the shared generators are thread-safe
                    return r;
                }));
            }
        }
        Set<SecureRandom> seen = new HashSet<>();
        for (Future<SecureRandom> f : drawn) {
            seen.add(f.get()); // rethrows a failed assertion of that thread
        }
        // 200 request-like threads drew from a bounded set, none of them a platform thread's own generator.
        assertThat(seen).hasSizeBetween(1, Math.max(4, 2 * Runtime.getRuntime().availableProcessors()))
                .doesNotContain(ThreadRandom.current());
        assertThat(seen).allMatch(r -> r.getAlgorithm().equals("DRBG"));
    }

    @Test
    void bouncyCastleDrawsFromTheCallingThreadsGenerator() throws Exception {
        ThreadRandom.installForBouncyCastle();
        assertThat(CryptoServicesRegistrar.getSecureRandom()).isSameAs(ThreadRandom.current());
        AtomicReference<SecureRandom> seen = new AtomicReference<>();
        AtomicReference<SecureRandom> own = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            seen.set(CryptoServicesRegistrar.getSecureRandom());
            own.set(ThreadRandom.current());
        });
        t.join();
        assertThat(seen.get()).isSameAs(own.get()).isNotSameAs(ThreadRandom.current());
    }
}
