package dev.keyless.admin.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    final AtomicLong now = new AtomicLong(1_000_000_000L);

    String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void onATerminalABarIsRedrawnInPlaceWithRateAndTimeLeft() {
        Progress p = new Progress(out, true, now::get, 0, 100_000);
        p.update(10); // too soon after the start: nothing
        assertThat(printed()).isEmpty();
        now.addAndGet(2_000_000_000L); // 2 s later, 25,000 verified: 12,500/s, 6 s left
        p.update(25_000);
        assertThat(printed()).isEqualTo("\r[########----------------------]  25.0%  25,000/100,000 entries  12,500/s  6 s left ");
        now.addAndGet(100_000_000L); // within 200 ms of the last redraw: nothing new
        p.update(26_000);
        now.addAndGet(6_000_000_000L);
        p.finish(100_000);
        assertThat(printed()).endsWith("\r[##############################] 100.0%  100,000/100,000 entries  12,346/s  0 s left \n");
    }

    @Test
    void inAFileALineEveryTenSecondsAndResumedCatchUpsCountFromWhereTheyStarted() {
        Progress p = new Progress(out, false, now::get, 40_000, 1_000_000);
        now.addAndGet(5_000_000_000L);
        p.update(50_000);
        assertThat(printed()).isEmpty();
        now.addAndGet(5_000_000_000L); // 10 s, 20,000 verified since the start at 40,000: 2,000/s, 940,000 left
        p.update(60_000);
        assertThat(printed()).isEqualTo("verified 60,000/1,000,000 entries  2,000/s  7m50s left\n");
    }

    @Test
    void aCatchUpEndingBeforeTheFirstReportPrintsNothing() {
        Progress p = new Progress(out, true, now::get, 0, 10);
        p.update(10);
        p.finish(10);
        assertThat(printed()).isEmpty();
    }

    @Test
    void durationsReadAsAPersonWouldSayThem() {
        assertThat(Progress.duration(59.4)).isEqualTo("59 s");
        assertThat(Progress.duration(61)).isEqualTo("1m01s");
        assertThat(Progress.duration(7325)).isEqualTo("2h02m");
    }
}
