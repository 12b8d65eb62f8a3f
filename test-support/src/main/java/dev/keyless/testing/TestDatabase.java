package dev.keyless.testing;

import dev.keyless.localpg.LocalPostgres;
import dev.keyless.localpg.TemporaryPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.Optional;
import java.util.UUID;

/**
 * A fresh PostgreSQL database for one test run (one JVM), dropped when the JVM exits.
 *
 * <p>Where the server comes from: {@value #URL_ENV}, a JDBC URL of any database on a server where the user may
 * {@code CREATE DATABASE} (user and password from {@value #USER_ENV} / {@value #PASSWORD_ENV}, or inside the URL),
 * when it is set; otherwise a throwaway server of the project's own ({@link TemporaryPostgres}: the machine's
 * PostgreSQL binaries or the bundled ones), started on first use and removed with everything in it when the JVM
 * exits. Nothing is needed beforehand, and the machine's own clusters are never touched.
 *
 * <p>Every database is created and dropped over a connection to the server's admin database, never through
 * another test database: the shared database's drop ({@code WITH (FORCE)}) ends every connection to it, and a
 * drop running over one of those would stop halfway and leave an invalid database on the server.
 */
public final class TestDatabase {
    public static final String URL_ENV = "KEYLESS_TEST_DB_URL";
    public static final String USER_ENV = "KEYLESS_TEST_DB_USER";
    public static final String PASSWORD_ENV = "KEYLESS_TEST_DB_PASSWORD";

    private static TestDatabase shared;
    private static LocalPostgres server;

    private final String adminUrl;
    /** False on a throwaway server: the whole server goes at exit, and a drop would race its removal. */
    private final boolean dropOnExit;
    private final String jdbcUrl;
    private final String user;
    private final String password;

    private TestDatabase(String adminUrl, boolean dropOnExit, String jdbcUrl, String user, String password) {
        this.adminUrl = adminUrl;
        this.dropOnExit = dropOnExit;
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
            return createOn(s.adminUrl, s.dropOnExit, s.user, s.password);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create another test database", e);
        }
    }

    /**
     * A fresh database on the given server, for tests that stop, kill and restart a server of their own (the
     * database faults tests); not dropped at exit: the server is expected to be a throwaway one.
     */
    public static TestDatabase on(LocalPostgres server) {
        try {
            return createOn(server.jdbcUrl("postgres"), false, LocalPostgres.USER, server.password());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a database on the PostgreSQL at port " + server.port(), e);
        }
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /**
     * A copy of this database as it is now ({@code CREATE DATABASE ... TEMPLATE}): a backup, to restore a log to an
     * earlier state. Nobody may be connected to this database while it is copied.
     */
    public TestDatabase copy() {
        String name = "keyless_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        String source = jdbcUrl.substring(jdbcUrl.indexOf('/', "jdbc:postgresql://".length()) + 1).split("\\?")[0];
        try (Connection c = DriverManager.getConnection(adminUrl, props(user, password));
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name + " TEMPLATE " + source);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot copy test database " + source, e);
        }
        if (dropOnExit) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(adminUrl, user, password, name)));
        }
        return new TestDatabase(adminUrl, dropOnExit, replaceDatabase(adminUrl, name), user, password);
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The admin database's URL on this server (for child processes that should use the same server). */
    String adminUrl() {
        return adminUrl;
    }

    /** The throwaway server the shared database is on; empty when {@value #URL_ENV} named one. */
    static synchronized Optional<LocalPostgres> server() {
        return Optional.ofNullable(server);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, props(user, password));
    }

    private static TestDatabase create() {
        String adminUrl = System.getenv(URL_ENV);
        if (adminUrl != null && !adminUrl.isBlank()) {
            try {
                return createOn(adminUrl, true, envOr(USER_ENV, null), envOr(PASSWORD_ENV, null));
            } catch (SQLException e) {
                // Without the URL's parameters: a password may be among them.
                String shown = adminUrl.contains("?") ? adminUrl.substring(0, adminUrl.indexOf('?')) + "?…" : adminUrl;
                throw new IllegalStateException("No PostgreSQL for tests: could not create a database on " + shown
                        + " (" + URL_ENV + "): " + e.getMessage() + ". Unset " + URL_ENV + " to let the tests run "
                        + "their own server.", e);
            }
        }
        LocalPostgres pg = TemporaryPostgres.start(line -> System.err.println("test PostgreSQL: " + line));
        server = pg;
        System.err.println("test PostgreSQL: running on 127.0.0.1:" + pg.port() + " (" + pg.dataDir() + ")");
        try {
            return createOn(pg.jdbcUrl("postgres"), false, LocalPostgres.USER, pg.password());
        } catch (SQLException e) {
            throw new IllegalStateException("the test PostgreSQL started but refuses connections; see " + pg.logFile(), e);
        }
    }

    static TestDatabase createOn(String adminUrl, boolean dropOnExit, String user, String password) throws SQLException {
        String name = "keyless_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(adminUrl, props(user, password));
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        String url = replaceDatabase(adminUrl, name);
        if (dropOnExit) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(adminUrl, user, password, name)));
        }
        return new TestDatabase(adminUrl, dropOnExit, url, user, password);
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

}
