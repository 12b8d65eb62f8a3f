package dev.keyless.admin.monitor;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Catch-up progress on stderr: entries verified, entries per second and time left. On a terminal a bar redrawn in
 * place ({@code \r}) five times a second; otherwise (a log file, CI) one line every ten seconds. Quiet for catch-ups
 * that end before the first report.
 */
final class Progress {
    static final long BAR_NANOS = 200_000_000L;
    static final long LINE_NANOS = 10_000_000_000L;
    static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier nanos;
    private final long from;
    private final long to;
    private final long began;
    private long lastReport;
    private boolean drawn;

    /** Counting entries {@code from} (inclusive) to {@code to} (exclusive). */
    Progress(PrintStream out, boolean terminal, LongSupplier nanos, long from, long to) {
        this.out = out;
        this.terminal = terminal;
        this.nanos = nanos;
        this.from = from;
        this.to = to;
        this.began = nanos.getAsLong();
        this.lastReport = began;
    }

    /** {@code verified} entries done in all (global count, the tree size verified so far). */
    void update(long verified) {
        long now = nanos.getAsLong();
        if (now - lastReport < (terminal ? BAR_NANOS : LINE_NANOS)) {
            return;
        }
        lastReport = now;
        report(verified, now);
    }

    /** Ends the bar's line, if one was drawn. */
    void finish(long verified) {
        if (drawn) {
            report(verified, nanos.getAsLong());
            out.println();
        }
    }

    private void report(long verified, long now) {
        long done = verified - from;
        double seconds = Math.max(1e-9, (now - began) / 1e9);
        double perSecond = done / seconds;
        String left = perSecond > 0 ? duration((to - verified) / perSecond) : "?";
        String figures = String.format(Locale.ROOT, "%,d/%,d entries  %,.0f/s  %s left", verified, to, perSecond, left);
        if (terminal) {
            double share = to == from ? 1 : (double) done / (to - from);
            int filled = (int) Math.round(share * WIDTH);
            out.printf(Locale.ROOT, "\r[%s%s] %5.1f%%  %s ", "#".repeat(filled), "-".repeat(WIDTH - filled), share * 100, figures);
        } else {
            out.println("verified " + figures);
        }
        out.flush();
        drawn = true;
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + " s";
    }
}
