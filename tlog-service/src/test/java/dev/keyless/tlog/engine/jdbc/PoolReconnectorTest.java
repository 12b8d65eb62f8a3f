package dev.keyless.tlog.engine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Only a thread inside HikariCP's connection-adding backoff sleep is ever interrupted. */
class PoolReconnectorTest {
    private static StackTraceElement frame(String cls, String method) {
        return new StackTraceElement(cls, method, null, -1);
    }

    @Test
    void theCreatorsBackoffSleepIsRecognised() {
        StackTraceElement[] stack = {
            frame("java.lang.Thread", "sleep0"), frame("java.lang.Thread", "sleepNanos"), frame("java.lang.Thread", "sleep"),
            frame("com.zaxxer.hikari.util.UtilityElf", "quietlySleep"),
            frame("com.zaxxer.hikari.pool.HikariPool$PoolEntryCreator", "call"),
            frame("java.util.concurrent.FutureTask", "run")};
        assertThat(PoolReconnector.sleepingInCreator(stack)).isTrue();
    }

    @Test
    void otherSleepsAndTheCreatorAtWorkAreLeftAlone() {
        assertThat(PoolReconnector.sleepingInCreator(new StackTraceElement[] {
            frame("java.lang.Thread", "sleep"), frame("dev.keyless.tlog.engine.Sequencer", "run"),
            frame("com.zaxxer.hikari.pool.HikariPool$PoolEntryCreator", "call")})).isFalse();
        assertThat(PoolReconnector.sleepingInCreator(new StackTraceElement[] {
            frame("sun.nio.ch.Net", "connect0"), frame("org.postgresql.core.PGStream", "<init>"),
            frame("com.zaxxer.hikari.pool.HikariPool$PoolEntryCreator", "call")})).isFalse();
        assertThat(PoolReconnector.sleepingInCreator(new StackTraceElement[] {
            frame("jdk.internal.misc.Unsafe", "park"),
            frame("java.util.concurrent.ThreadPoolExecutor", "getTask")})).isFalse();
    }
}
