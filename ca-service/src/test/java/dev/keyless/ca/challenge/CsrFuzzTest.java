package dev.keyless.ca.challenge;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzz target (Jazzer) for a certificate signing request as the signing endpoints receive it: PEM,
 * then PKCS#10 DER, its key, and its self-signature. A request may be refused only with {@link ChallengeException},
 * which the API answers 400; anything else would be a 500. Seeds: P-256, P-384, RSA and Ed25519 requests made with
 * OpenSSL 3.0 ({@code CsrFuzzTestInputs/csr/}).
 */
class CsrFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void csr(byte[] input) {
        try {
            ProofOfPossession.verifyCsr(input);
        } catch (ChallengeException e) {
            // refused with a 400, as documented
        }
    }
}
