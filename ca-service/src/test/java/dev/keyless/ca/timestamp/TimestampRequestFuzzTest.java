package dev.keyless.ca.timestamp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.bouncycastle.tsp.TimeStampResponse;

/**
 * Coverage-guided fuzz target (Jazzer) for an RFC 3161 {@code TimeStampReq} as the timestamp endpoint receives it. A
 * request may be refused only with {@link TimestampRequestException} (a 4xx); one that is granted gets a response that
 * parses and carries a token. Seeds: requests as sigstore-go (no nonce, no certReq) and sigstore-java (a nonce) send
 * them, made with Bouncy Castle's request generator ({@code TimestampRequestFuzzTestInputs/request/}).
 */
class TimestampRequestFuzzTest {
    private static final TimestampAuthority TSA;

    static {
        try {
            Path dir = Files.createTempDirectory("tsa-fuzz");
            TsaKeys.Material m = TsaKeys.loadOrCreateDevelopment(dir, Clock.systemUTC());
            TSA = new TimestampAuthority(m.key(), m.chain(), TimestampAuthority.DEFAULT_POLICY, Clock.systemUTC());
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void request(byte[] input) throws Exception {
        byte[] reply;
        try {
            reply = TSA.respond(input);
        } catch (TimestampRequestException e) {
            return; // refused with a 4xx, as documented
        }
        assertThat(new TimeStampResponse(reply).getTimeStampToken()).isNotNull();
    }
}
