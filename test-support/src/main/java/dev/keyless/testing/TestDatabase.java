package dev.keyless.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * A fresh PostgreSQL database for one test run (one JVM), dropped when the JVM exits.
 *
 * <p>Where the server comes from, in order:
 * <ol>
 *   <li>{@value #URL_ENV}: a JDBC URL of any database on a server where the user may {@code CREATE DATABASE}
 *       (user and password from {@value #USER_ENV} / {@value #PASSWORD_ENV}, or inside the URL);</li>
 *   <li>the local server at {@value #DEFAULT_URL} as user {@code postgres};</li>
 *   <li>a PostgreSQL container, when neither answers and a Docker engine runs (Testcontainers).</li>
 * </ol>
 * With none of these, {@link #shared()} fails with a message saying what to start.
 *
 * <p>Every database is created and dropped over a connection to the server's admin database, never through
 * another test database: the shared database's drop ({@code WITH (FORCE)}) ends every connection to it, and a
 * drop running over one of those would stop halfway and leave an invalid database on the server.
 */
public final class TestDatabase {
    public static final String URL_ENV = "KEYLESS_TEST_DB_URL";
    public static final String USER_ENV = "KEYLESS_TEST_DB_USER";
    public static final String PASSWORD_ENV = "KEYLESS_TEST_DB_PASSWORD";
    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private static TestDatabase shared;

    private final String adminUrl;
    private final String jdbcUrl;
    private final String user;
    private final String password;

    private TestDatabase(String adminUrl, String jdbcUrl, String user, String password) {
        this.adminUrl = adminUrl;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /** The database of this test run, created on first use. */
    public static synchronized TestDatabase shared() {
        if (shared == null) {
            shared = create();
        }
        return shared;
    }

    /**
     * Another fresh database on the same server as {@link #shared()}, also dropped when the JVM exits: for tests
     * that need a log of their own (e.g. one a separate process writes to).
     */
    public static TestDatabase createAnother() {
        TestDatabase s = shared();
        try {
            return createOn(s.adminUrl, s.user, s.password);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create another test database", e);
        }
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, props(user, password));
    }

    private static TestDatabase create() {
        String adminUrl = System.getenv(URL_ENV);
        String user = envOr(USER_ENV, adminUrl == null ? "postgres" : null);
        String password = envOr(PASSWORD_ENV, null);
        if (adminUrl == null) {
            adminUrl = DEFAULT_URL;
        }
        SQLException failure;
        try {
            return createOn(adminUrl, user, password);
        } catch (SQLException e) {
            failure = e;
        }
        if (System.getenv(URL_ENV) == null && DockerFallback.dockerAvailable()) {
            return DockerFallback.start();
        }
        throw new IllegalStateException("No PostgreSQL for tests: could not connect to " + adminUrl + " ("
                + failure.getMessage() + "). Start the local server (pg_ctlcluster --skip-systemctl-redirect "
                + "<version> main start; pg_lsclusters shows the version), or set " + URL_ENV
                + " (and " + USER_ENV + "/" + PASSWORD_ENV + ") to a server where you may create databases, "
                + "or start a Docker engine for Testcontainers.", failure);
    }

    static TestDatabase createOn(String adminUrl, String user, String password) throws SQLException {
        String name = "keyless_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(adminUrl, props(user, password));
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        String url = replaceDatabase(adminUrl, name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(adminUrl, user, password, name)));
        return new TestDatabase(adminUrl, url, user, password);
    }

    private static void drop(String adminUrl, String user, String password, String name) {
        try (Connection c = DriverManager.getConnection(adminUrl, props(user, password));
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop test database " + name + ": " + e.getMessage());
        }
    }

    /** Replaces the database name in {@code jdbc:postgresql://host[:port]/db[?params]}. */
    static String replaceDatabase(String url, String database) {
        String prefix = "jdbc:postgresql://";
        if (!url.startsWith(prefix)) {
            throw new IllegalArgumentException(URL_ENV + " must start with " + prefix);
        }
        int slash = url.indexOf('/', prefix.length());
        int query = url.indexOf('?');
        String params = query >= 0 ? url.substring(query) : "";
        String hostPort = slash >= 0 ? url.substring(0, slash) : (query >= 0 ? url.substring(0, query) : url);
        return hostPort + "/" + database + params;
    }

    private static Properties props(String user, String password) {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", "5");
        return p;
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    /** Kept in its own class so Testcontainers is only loaded when the fallback is needed. */
    private static final class DockerFallback {
        static boolean dockerAvailable() {
            try {
                return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                return false;
            }
        }

        static TestDatabase start() {
            var container = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:16-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            try {
                return createOn(container.getJdbcUrl(), container.getUsername(), container.getPassword());
            } catch (SQLException e) {
                throw new IllegalStateException("PostgreSQL container started but is unusable", e);
            }
        }
    }
}
