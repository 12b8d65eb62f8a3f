package dev.keyless.testing;

/**
 * A test run in miniature, for {@link TestDatabaseCleanupIT}: takes the shared database and two more, as the
 * end-to-end tests do, prints their names and exits, leaving the drops to the shutdown hooks.
 */
public final class ExitingTestRun {
    private ExitingTestRun() {
    }

    public static void main(String[] args) {
        System.out.println(name(TestDatabase.shared()));
        for (int i = 0; i < 2; i++) {
            System.out.println(name(TestDatabase.createAnother()));
        }
        System.exit(0);
    }

    private static String name(TestDatabase db) {
        String url = db.jdbcUrl();
        int query = url.indexOf('?');
        return url.substring(url.lastIndexOf('/') + 1, query >= 0 ? query : url.length());
    }
}
