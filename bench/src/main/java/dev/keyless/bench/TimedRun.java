package dev.keyless.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * N clients sending requests back to back for a fixed time after a warm-up; latencies of the requests that started
 * after the warm-up are kept. Bounded in time, so every run stops by itself.
 */
final class TimedRun {
    /** What a run measured; latencies in milliseconds. */
    record Result(int ok, long errors, double seconds, double p50, double p99, double max) {
        double rate() {
            return ok / seconds;
        }

        String summary() {
            return String.format(Locale.ROOT, "seconds=%.1f ok=%d errors=%d rate=%.0f/s p50=%.2fms p99=%.2fms max=%.2fms",
                    seconds, ok, errors, rate(), p50, p99, max);
        }
    }

    private TimedRun() {
    }

    /**
     * @param requests the next request to send, or null when there is nothing left to send
     * @param okStatus the status that counts as success; any other, or no answer, is an error
     */
    static Result run(HttpClient http, int clients, int seconds, int warmup, Supplier<HttpRequest> requests, int okStatus)
            throws InterruptedException {
        long warmEnd = System.nanoTime() + Duration.ofSeconds(warmup).toNanos();
        long end = warmEnd + Duration.ofSeconds(seconds).toNanos();
        Histogram histogram = new Histogram();
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                while (System.nanoTime() < end) {
                    HttpRequest request = requests.get();
                    if (request == null) {
                        return;
                    }
                    long start = System.nanoTime();
                    int status;
                    try {
                        status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (Exception e) {
                        status = -1;
                    }
                    long done = System.nanoTime();
                    if (start >= warmEnd) {
                        if (status == okStatus) {
                            histogram.record(done - start);
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (Math.min(System.nanoTime(), end) - warmEnd) / 1e9;
        return new Result(histogram.count(), errors.get(), elapsed, histogram.percentile(50) / 1e6,
                histogram.percentile(99) / 1e6, histogram.percentile(100) / 1e6);
    }

    /** Latencies in nanoseconds; exact percentiles from the sorted samples. */
    static final class Histogram {
        private long[] samples = new long[1 << 16];
        private int count;

        synchronized void record(long nanos) {
            if (count == samples.length) {
                samples = Arrays.copyOf(samples, count * 2);
            }
            samples[count++] = nanos;
        }

        synchronized int count() {
            return count;
        }

        synchronized double percentile(double p) {
            if (count == 0) {
                return Double.NaN;
            }
            long[] sorted = Arrays.copyOf(samples, count);
            Arrays.sort(sorted);
            int i = (int) Math.ceil(p / 100.0 * count) - 1;
            return sorted[Math.max(0, Math.min(count - 1, i))];
        }
    }
}
