package dev.keyless.tlog.engine;

/** Which API a tree serves. */
public enum Personality {
    REKOR("rekor"),
    CT("ct"),
    REKOR_V2("rekor_v2");

    private final String dbName;

    Personality(String dbName) {
        this.dbName = dbName;
    }

    public String dbName() {
        return dbName;
    }

    public static Personality fromDbName(String name) {
        for (Personality p : values()) {
            if (p.dbName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown personality " + name);
    }
}
