package dev.keyless.tuf;

import java.time.Duration;

/**
 * How long each role's metadata is valid, and how long before expiry it is signed again (tuf.md §4). The online
 * roles renew often, so a lost day of re-signing goes unnoticed by clients; the offline ones renew when an operator
 * publishes within their window.
 *
 * @param root how long a new root version is valid
 * @param targets how long a targets version is valid (offline key)
 * @param snapshot how long a snapshot version is valid (online key)
 * @param timestamp how long a timestamp version is valid (online key): the longest a withheld or stolen-but-stale
 *     repository can be replayed to a client
 * @param renewTargets publish signs targets again when they expire sooner than this
 * @param renewSnapshot the snapshot is signed again when it expires sooner than this
 * @param renewTimestamp the timestamp is signed again when it expires sooner than this
 */
public record Expiries(Duration root, Duration targets, Duration snapshot, Duration timestamp, Duration renewTargets,
        Duration renewSnapshot, Duration renewTimestamp) {
    /** Root a year, targets 90 days, snapshot 21, timestamp 7 (re-signed daily). */
    public static final Expiries DEFAULT = new Expiries(Duration.ofDays(365), Duration.ofDays(90), Duration.ofDays(21),
            Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(7), Duration.ofDays(6));

    public Expiries {
        check("targets", targets, renewTargets);
        check("snapshot", snapshot, renewSnapshot);
        check("timestamp", timestamp, renewTimestamp);
        if (root.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("root expiry is " + root + ", want at least a minute");
        }
    }

    private static void check(String role, Duration expiry, Duration renew) {
        if (renew.isNegative() || renew.compareTo(expiry) >= 0) {
            throw new IllegalArgumentException(role + " is renewed " + renew + " before expiry, want 0 to less than its "
                    + "expiry " + expiry);
        }
    }
}
