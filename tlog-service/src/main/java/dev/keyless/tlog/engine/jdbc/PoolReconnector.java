package dev.keyless.tlog.engine.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the connection pool back as soon as the database is, instead of up to 5 s later.
 *
 * <p>Why: while the database is down, HikariCP's single connection-adding thread retries with a backoff that doubles
 * up to a fixed 5 s (not configurable), so after an outage of a few seconds the pool may only try again ~5 s after
 * the database has returned, and every append waits for it. This watches for exactly that state (no connection in
 * the pool, requests waiting for one) and then checks the database itself with a plain connection, every
 * {@code period}; once one succeeds it interrupts the adding thread's backoff sleep, which ends that attempt, and
 * the next queued one (queued by the waiting requests) connects at once. Nothing else is touched: a thread is only
 * interrupted while it is inside HikariCP's backoff sleep.
 */
public final class PoolReconnector implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PoolReconnector.class);
    private static final String CREATOR = "com.zaxxer.hikari.pool.HikariPool$PoolEntryCreator";

    private final HikariDataSource pool;
    private final ScheduledExecutorService timer;

    /** Watches {@code dataSource} if it is a HikariCP pool; otherwise does nothing. */
    public PoolReconnector(DataSource dataSource, Duration period) {
        HikariDataSource hikari = null;
        try {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                hikari = dataSource.unwrap(HikariDataSource.class);
            }
        } catch (SQLException e) {
            hikari = null;
        }
        this.pool = hikari;
        if (pool == null) {
            this.timer = null;
            return;
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pool-reconnector");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::check, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            HikariPoolMXBean mx = pool.getHikariPoolMXBean();
            if (mx == null || mx.getTotalConnections() > 0 || mx.getThreadsAwaitingConnection() == 0) {
                return;
            }
            if (!databaseAnswers()) {
                return;
            }
            int woken = wakeBackoffSleeps();
            if (woken > 0) {
                log.info("the database answers again: ended the connection pool's backoff wait");
            }
        } catch (RuntimeException e) {
            log.debug("pool check failed", e);
        }
    }

    private boolean databaseAnswers() {
        Properties p = new Properties();
        p.putAll(pool.getDataSourceProperties()); // the pool's own driver settings (sslmode and the like)
        if (pool.getUsername() != null) {
            p.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            p.setProperty("password", pool.getPassword());
        }
        p.setProperty("connectTimeout", "1");
        p.setProperty("socketTimeout", "2");
        try (Connection c = DriverManager.getConnection(pool.getJdbcUrl(), p)) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Interrupts the threads sleeping in HikariCP's connection-adding backoff; returns how many. */
    static int wakeBackoffSleeps() {
        int woken = 0;
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (sleepingInCreator(e.getValue())) {
                e.getKey().interrupt();
                woken++;
            }
        }
        return woken;
    }

    /** Thread.sleep, called from HikariCP's quietlySleep, called from PoolEntryCreator.call. */
    static boolean sleepingInCreator(StackTraceElement[] stack) {
        boolean sleeping = false;
        for (StackTraceElement f : stack) {
            if (f.getClassName().equals("java.lang.Thread") && f.getMethodName().startsWith("sleep")) {
                sleeping = true;
            } else if (f.getMethodName().equals("quietlySleep")) {
                continue;
            } else if (sleeping && f.getClassName().equals(CREATOR)) {
                return true;
            } else if (sleeping && !f.getClassName().startsWith("java.lang.Thread") && !f.getClassName().startsWith("jdk.internal")) {
                return false;
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
