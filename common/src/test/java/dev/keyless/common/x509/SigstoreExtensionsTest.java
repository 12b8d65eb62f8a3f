package dev.keyless.common.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.encoding.Hex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.junit.jupiter.api.Test;

/**
 * Known-answer vectors were computed independently of this code (a 20-line Python TLV writer following X.690)
 * and checked by hand: OID 1.3.6.1.4.1.57264.1.x is {@code 06 0a 2b 06 01 04 01 83 bf 30 01 x}
 * (57264 = 3·128² + 63·128 + 48 → {@code 83 bf 30}); non-critical extensions omit the BOOLEAN (DER default).
 */
class SigstoreExtensionsTest {
    static final String GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
    static final String GITHUB_ISSUER_HEX =
            "68747470733a2f2f746f6b656e2e616374696f6e732e67697468756275736572636f6e74656e742e636f6d";

    static SigstoreExtensions githubActions() {
        return SigstoreExtensions.builder()
                .issuer(GITHUB_ISSUER)
                .githubWorkflowTrigger("push")
                .githubWorkflowSha("0123456789abcdef0123456789abcdef01234567")
                .githubWorkflowName("release")
                .githubWorkflowRepository("octo/widget")
                .githubWorkflowRef("refs/tags/v1.0.0")
                .buildSignerUri("https://github.com/octo/widget/.github/workflows/release.yml@refs/tags/v1.0.0")
                .buildSignerDigest("0123456789abcdef0123456789abcdef01234567")
                .runnerEnvironment("github-hosted")
                .sourceRepositoryUri("https://github.com/octo/widget")
                .sourceRepositoryDigest("0123456789abcdef0123456789abcdef01234567")
                .sourceRepositoryRef("refs/tags/v1.0.0")
                .sourceRepositoryIdentifier("123456")
                .sourceRepositoryOwnerUri("https://github.com/octo")
                .sourceRepositoryOwnerIdentifier("7890")
                .buildConfigUri("https://github.com/octo/widget/.github/workflows/release.yml@refs/tags/v1.0.0")
                .buildConfigDigest("0123456789abcdef0123456789abcdef01234567")
                .buildTrigger("push")
                .runInvocationUri("https://github.com/octo/widget/actions/runs/42/attempts/1")
                .sourceRepositoryVisibilityAtSigning("public")
                .tokenSubject("repo:octo/widget:ref:refs/tags/v1.0.0")
                .build();
    }

    static String hex(Extension extension) throws IOException {
        return Hex.encode(extension.getEncoded());
    }

    static Extension find(List<Extension> extensions, ASN1ObjectIdentifier oid) {
        return extensions.stream().filter(e -> e.getExtnId().equals(oid)).findFirst().orElseThrow();
    }

    static Extensions extensions(Extension... extensions) {
        return new Extensions(extensions);
    }

    static Extension raw(ASN1ObjectIdentifier oid, String hex) {
        return new Extension(oid, false, Hex.decode(hex));
    }

    @Test
    void renderWhenIssuerOnlyThenV1RawAndV2Utf8StringExactBytes() throws IOException {
        List<Extension> rendered = SigstoreExtensions.builder().issuer(GITHUB_ISSUER).build().render();

        assertThat(rendered).extracting(Extension::getExtnId)
                .containsExactly(SigstoreOids.ISSUER_V1, SigstoreOids.ISSUER_V2);
        assertThat(hex(rendered.get(0)))
                .isEqualTo("3039060a2b0601040183bf300101042b" + GITHUB_ISSUER_HEX);
        assertThat(Hex.encode(rendered.get(0).getExtnValue().getOctets())).isEqualTo(GITHUB_ISSUER_HEX);
        assertThat(hex(rendered.get(1)))
                .isEqualTo("303b060a2b0601040183bf300108042d0c2b" + GITHUB_ISSUER_HEX);
        assertThat(Hex.encode(rendered.get(1).getExtnValue().getOctets())).isEqualTo("0c2b" + GITHUB_ISSUER_HEX);
        assertThat(rendered).noneMatch(Extension::isCritical);
    }

    @Test
    void renderWhenValueLongerThan127BytesThenLongFormLengths() throws IOException {
        String value = "https://github.com/" + "a".repeat(200); // 219 bytes
        Extension ext = find(SigstoreExtensions.builder().issuer("x").buildSignerUri(value).build().render(),
                SigstoreOids.BUILD_SIGNER_URI);

        String content = Hex.encode(value.getBytes(StandardCharsets.US_ASCII));
        assertThat(Hex.encode(ext.getExtnValue().getOctets())).isEqualTo("0c81db" + content);
        assertThat(hex(ext)).isEqualTo("3081ed060a2b0601040183bf3001090481de0c81db" + content);
    }

    @Test
    void renderWhenNonAsciiThenUtf8BytesInBothEncodings() throws IOException {
        String value = "h\u00e9llo \u20ac\ud83d\ude00"; // é (2 bytes), € (3 bytes), U+1F600 (4 bytes)
        List<Extension> rendered = SigstoreExtensions.builder()
                .issuer("x").githubWorkflowName(value).tokenSubject(value).build().render();

        assertThat(hex(find(rendered, SigstoreOids.GITHUB_WORKFLOW_NAME)))
                .isEqualTo("301c060a2b0601040183bf300104040e68c3a96c6c6f20e282acf09f9880");
        assertThat(hex(find(rendered, SigstoreOids.TOKEN_SUBJECT)))
                .isEqualTo("301e060a2b0601040183bf30011804100c0e68c3a96c6c6f20e282acf09f9880");
    }

    @Test
    void renderWhenGithubActionsRecordThenTableOrderSkippingAbsent() {
        List<Extension> rendered = githubActions().render();

        List<String> want = new ArrayList<>();
        for (int i = 1; i <= 24; i++) {
            if (i != 7 && i != 23) { // .7 is a SAN type-id; .23 (deployment environment) is absent here
                want.add("1.3.6.1.4.1.57264.1." + i);
            }
        }
        assertThat(rendered).extracting(e -> e.getExtnId().getId()).containsExactlyElementsOf(want);
        assertThat(rendered).noneMatch(Extension::isCritical);
        for (Extension e : rendered) {
            int arc = Integer.parseInt(e.getExtnId().getId().substring("1.3.6.1.4.1.57264.1.".length()));
            byte first = e.getExtnValue().getOctets()[0];
            // v1 values are raw text (first byte is a printable character); v2 values start with tag 0x0c.
            assertThat(first == 0x0c).as("OID .%d is DER UTF8String", arc).isEqualTo(arc >= 8);
        }
    }

    @Test
    void renderWhenIssuerAbsentThenFails() {
        SigstoreExtensions noIssuer = SigstoreExtensions.builder().tokenSubject("sub").build();
        assertThatThrownBy(noIssuer::render).isInstanceOf(IllegalStateException.class).hasMessageContaining("issuer");
    }

    @Test
    void constructorWhenEmptyThenAbsentAndWhenLoneSurrogateThenRejected() {
        assertThat(SigstoreExtensions.builder().issuer("i").buildTrigger("").build())
                .isEqualTo(SigstoreExtensions.builder().issuer("i").build());
        assertThatThrownBy(() -> SigstoreExtensions.builder().issuer("a\ud800").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("surrogate");
    }

    @Test
    void parseWhenRenderedThenSameRecord() {
        SigstoreExtensions x = githubActions().toBuilder().deploymentEnvironment("prod").build();
        assertThat(SigstoreExtensions.parse(extensions(x.render().toArray(Extension[]::new)))).isEqualTo(x);
    }

    @Test
    void parseWhenOnlyOneIssuerOidThenIssuerTakenFromIt() {
        assertThat(SigstoreExtensions.parse(extensions(raw(SigstoreOids.ISSUER_V1, "6162"))).issuer())
                .isEqualTo("ab");
        assertThat(SigstoreExtensions.parse(extensions(raw(SigstoreOids.ISSUER_V2, "0c026162"))).issuer())
                .isEqualTo("ab");
        Extension unrelated = new Extension(Extension.basicConstraints, true, Hex.decode("3000"));
        assertThat(SigstoreExtensions.parse(extensions(unrelated))).isEqualTo(SigstoreExtensions.builder().build());
    }

    @Test
    void parseWhenTrailingByteAfterUtf8StringThenRejected() {
        assertParseFails(raw(SigstoreOids.BUILD_SIGNER_URI, "0c02616200"), "1 trailing bytes");
    }

    @Test
    void parseWhenPrintableStringTagThenRejected() {
        assertParseFails(raw(SigstoreOids.ISSUER_V2, "13026162"), "tag is 0x13, want 0x0c");
    }

    @Test
    void parseWhenLengthTruncatedThenRejected() {
        assertParseFails(raw(SigstoreOids.RUNNER_ENVIRONMENT, "0c056162"), "declares 5 content bytes, got 2");
        assertParseFails(raw(SigstoreOids.RUNNER_ENVIRONMENT, "0c82"), "length is truncated");
    }

    @Test
    void parseWhenNonMinimalOrIndefiniteLengthThenRejected() {
        assertParseFails(raw(SigstoreOids.BUILD_TRIGGER, "0c81026162"), "not minimally encoded");
        assertParseFails(raw(SigstoreOids.BUILD_TRIGGER, "0c8200026162"), "not minimally encoded");
        assertParseFails(raw(SigstoreOids.BUILD_TRIGGER, "0c8061620000"), "indefinite");
    }

    @Test
    void parseWhenMalformedUtf8OrEmptyThenRejected() {
        assertParseFails(raw(SigstoreOids.TOKEN_SUBJECT, "0c02c328"), "not well-formed UTF-8");
        assertParseFails(raw(SigstoreOids.GITHUB_WORKFLOW_SHA, "ff"), "not well-formed UTF-8");
        assertParseFails(raw(SigstoreOids.TOKEN_SUBJECT, "0c00"), "empty string");
        assertParseFails(raw(SigstoreOids.GITHUB_WORKFLOW_SHA, ""), "is empty");
    }

    @Test
    void parseWhenIssuerV1AndV2DisagreeThenRejected() {
        Extensions both = extensions(raw(SigstoreOids.ISSUER_V1, "6162"), raw(SigstoreOids.ISSUER_V2, "0c026163"));
        assertThatThrownBy(() -> SigstoreExtensions.parse(both))
                .isInstanceOf(ExtensionParseException.class).hasMessageContaining("differ");
    }

    @Test
    void parseWhenCriticalThenRejected() {
        Extension critical = new Extension(SigstoreOids.ISSUER_V2, true, Hex.decode("0c026162"));
        assertThatThrownBy(() -> SigstoreExtensions.parse(extensions(critical)))
                .isInstanceOf(ExtensionParseException.class).hasMessageContaining("critical");
    }

    @Test
    void parseWhenUnknownChildOfArcThenIgnored() {
        Extension future = raw(SigstoreOids.FULCIO_ARC.branch("99"), "ff");
        assertThat(SigstoreExtensions.parse(extensions(raw(SigstoreOids.ISSUER_V1, "6162"), future)))
                .isEqualTo(SigstoreExtensions.builder().issuer("ab").build());
    }

    private static void assertParseFails(Extension extension, String message) {
        assertThatThrownBy(() -> SigstoreExtensions.parse(extensions(extension)))
                .isInstanceOf(ExtensionParseException.class)
                .hasMessageContaining(extension.getExtnId().getId())
                .hasMessageContaining(message);
    }
}
