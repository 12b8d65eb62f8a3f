package dev.keyless.tlog.tiles;

/**
 * A C2SP tlog-tiles resource path below a log's prefix: {@code tile/<L>/<N>[.p/<W>]} (a tile of hashes at level L) or
 * {@code tile/entries/<N>[.p/<W>]} (an entry bundle). N is written in groups of three digits, each but the last
 * prefixed {@code x} (1234067 is {@code x001/x234/067}); W, a partial width, is 1..255. Parsing is strict: only the
 * one canonical spelling of each resource is accepted, so a path names one resource and a cache key one path.
 *
 * @param level the tile level, or -1 for an entry bundle
 * @param index N
 * @param width the partial width W, or 256 for a full tile or bundle
 */
public record TilePath(int level, long index, int width) {
    public static final int FULL = 256;
    /** Levels above this hold no tile for any tree of fewer than 2^63 entries. */
    static final int MAX_LEVEL = 7;

    public boolean entries() {
        return level < 0;
    }

    public boolean partial() {
        return width < FULL;
    }

    /**
     * @param path the part after the log's prefix, e.g. {@code tile/0/x001/234.p/7}
     * @throws IllegalArgumentException naming what is wrong, for any other spelling
     */
    public static TilePath parse(String path) {
        if (path.length() > 64 || !path.startsWith("tile/")) {
            throw new IllegalArgumentException("path is not tile/..., got " + abbreviate(path));
        }
        String rest = path.substring("tile/".length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("path has no tile index");
        }
        String levelPart = rest.substring(0, slash);
        int level;
        if (levelPart.equals("entries")) {
            level = -1;
        } else if (levelPart.length() == 1 && levelPart.charAt(0) >= '0' && levelPart.charAt(0) <= '0' + MAX_LEVEL) {
            level = levelPart.charAt(0) - '0';
        } else {
            throw new IllegalArgumentException("tile level is " + abbreviate(levelPart) + ", want 0.." + MAX_LEVEL
                    + " or entries");
        }
        String indexPart = rest.substring(slash + 1);
        int width = FULL;
        int dot = indexPart.indexOf(".p/");
        if (dot >= 0) {
            String w = indexPart.substring(dot + 3);
            if (!w.matches("[1-9][0-9]{0,2}") || Integer.parseInt(w) > 255) {
                throw new IllegalArgumentException("partial width is " + abbreviate(w) + ", want 1..255");
            }
            width = Integer.parseInt(w);
            indexPart = indexPart.substring(0, dot);
        }
        long index = parseIndex(indexPart);
        TilePath parsed = new TilePath(level, index, width);
        if (!parsed.toString().equals(path)) {
            throw new IllegalArgumentException("path is not in canonical form, want " + parsed);
        }
        return parsed;
    }

    private static long parseIndex(String n) {
        String[] groups = n.split("/", -1);
        if (groups.length > 7) {
            throw new IllegalArgumentException("tile index has " + groups.length + " groups, want at most 7");
        }
        long value = 0;
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            boolean last = i == groups.length - 1;
            if (!(last ? g.matches("[0-9]{3}") : g.matches("x[0-9]{3}"))) {
                throw new IllegalArgumentException("tile index group " + abbreviate(g) + " is not "
                        + (last ? "three digits" : "x and three digits"));
            }
            int digits = Integer.parseInt(last ? g : g.substring(1));
            if (value > (Long.MAX_VALUE - digits) / 1000) {
                throw new IllegalArgumentException("tile index is too large");
            }
            value = value * 1000 + digits;
        }
        return value;
    }

    /** The canonical path, without a leading slash. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("tile/").append(entries() ? "entries" : Integer.toString(level)).append('/');
        String digits = Long.toString(index);
        int pad = (3 - digits.length() % 3) % 3;
        digits = "0".repeat(pad) + digits;
        for (int i = 0; i < digits.length(); i += 3) {
            if (i + 3 < digits.length()) {
                sb.append('x').append(digits, i, i + 3).append('/');
            } else {
                sb.append(digits, i, i + 3);
            }
        }
        if (partial()) {
            sb.append(".p/").append(width);
        }
        return sb.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 20 ? "'" + s + "'" : "'" + s.substring(0, 20) + "...'";
    }
}
