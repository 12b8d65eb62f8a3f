package dev.keyless.tlog.rekor;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzz target (Jazzer) for a DSSE envelope as a dsse entry carries it: JSON, base64 payload and
 * signatures, and the pre-authentication encoding it is verified over. An envelope may be refused only with
 * {@link RekorApiException} (answered 400); one that is accepted has a PAE that starts as DSSEv1 says. Seeds: the
 * envelope cosign v3.1.2 sent in a dsse entry, and one with two signatures ({@code DsseEnvelopeFuzzTestInputs/}).
 */
class DsseEnvelopeFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void envelope(byte[] input) {
        DsseEnvelope envelope;
        try {
            envelope = DsseEnvelope.parseJson(new String(input, StandardCharsets.UTF_8));
        } catch (RekorApiException e) {
            return; // refused with a 400, as documented
        }
        byte[] pae = envelope.pae();
        String prefix = "DSSEv1 " + envelope.payloadType().getBytes(StandardCharsets.UTF_8).length + " ";
        assertThat(new String(pae, 0, Math.min(pae.length, prefix.length()), StandardCharsets.UTF_8)).isEqualTo(prefix);
        assertThat(envelope.signatures()).isNotEmpty();
    }
}
