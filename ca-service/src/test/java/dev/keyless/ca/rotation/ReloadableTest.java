package dev.keyless.ca.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.ca.issuance.CaKeyFiles;
import dev.keyless.ca.issuance.CertificateAuthority;
import dev.keyless.ca.issuance.DevelopmentCa;
import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.PrivateKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CA follows its files as RotateCommand writes them: unchanged files load nothing; new key and chain switch;
 * a rotation cut off between its two renames (new key, old chain) is completed from the chain's .next file; files that
 * do not load leave the material in use.
 */
class ReloadableTest {
    @TempDir
    Path data;

    Path key;
    Path chain;
    Reloadable<CertificateAuthority> ca;

    @BeforeEach
    void developmentCa() {
        DevelopmentCa.loadOrCreate(data, Clock.systemUTC());
        key = DevelopmentCa.keyFile(data);
        chain = DevelopmentCa.chainFile(data);
        ca = new Reloadable<>(key, chain, c -> CaKeyFiles.load(key, null, c, Clock.systemUTC()));
    }

    /** A new intermediate under the same root, written to .next files as RotateCommand does. */
    X509Certificate nextFiles() throws Exception {
        List<X509Certificate> old = Certificates.parsePemChain(Files.readString(chain));
        KeyPair k = PrivateKeys.generateEc(EcCurve.P384, new SecureRandom());
        X509Certificate intermediate = DevelopmentCa.intermediate(k, old.get(1),
                PrivateKeys.parsePem(Files.readString(DevelopmentCa.rootKeyFile(data))), "next", Instant.now());
        Files.writeString(Reloadable.next(key), PrivateKeys.toPem(k.getPrivate()));
        Files.writeString(Reloadable.next(chain), Certificates.chainToPem(List.of(intermediate, old.get(1))),
                StandardCharsets.US_ASCII);
        return intermediate;
    }

    @Test
    void newFilesSwitchAndUnchangedOnesDoNot() throws Exception {
        X509Certificate first = ca.current().issuingCertificate();
        assertThat(ca.reloadIfChanged()).isFalse();
        X509Certificate next = nextFiles();
        assertThat(ca.reloadIfChanged()).as("only .next files written").isFalse();
        Files.move(Reloadable.next(key), key, StandardCopyOption.REPLACE_EXISTING);
        Files.move(Reloadable.next(chain), chain, StandardCopyOption.REPLACE_EXISTING);
        assertThat(ca.reloadIfChanged()).isTrue();
        assertThat(ca.current().issuingCertificate()).isEqualTo(next).isNotEqualTo(first);
        assertThat(ca.reloadIfChanged()).isFalse();
    }

    @Test
    void aRotationCutOffBetweenItsRenamesIsCompletedFromTheNextChain() throws Exception {
        X509Certificate next = nextFiles();
        Files.move(Reloadable.next(key), key, StandardCopyOption.REPLACE_EXISTING); // then the crash
        assertThat(ca.reloadIfChanged()).isTrue();
        assertThat(ca.current().issuingCertificate()).isEqualTo(next);
        assertThat(Files.exists(Reloadable.next(chain))).isFalse();
        assertThat(Certificates.parsePemChain(Files.readString(chain)).get(0)).isEqualTo(next);
        // And at a start: the same completion.
        X509Certificate third = nextFiles();
        Files.move(Reloadable.next(key), key, StandardCopyOption.REPLACE_EXISTING);
        assertThat(new Reloadable<>(key, chain, c -> CaKeyFiles.load(key, null, c, Clock.systemUTC())).current()
                .issuingCertificate()).isEqualTo(third);
    }

    @Test
    void filesThatDoNotLoadLeaveTheMaterialInUse() throws Exception {
        X509Certificate first = ca.current().issuingCertificate();
        Files.writeString(key, PrivateKeys.toPem(PrivateKeys.generateEc(EcCurve.P384, new SecureRandom()).getPrivate()));
        assertThatThrownBy(ca::reloadIfChanged).isInstanceOf(RuntimeException.class)
                .hasMessageNotContaining("PRIVATE KEY");
        assertThat(ca.current().issuingCertificate()).isEqualTo(first);
    }

    @Test
    void retiredEntriesRoundTripAndBadOnesAreRefused() throws Exception {
        List<X509Certificate> old = ca.current().chain();
        Instant s = Instant.parse("2026-01-01T00:00:00Z");
        Instant sw = Instant.parse("2026-12-07T12:00:00Z");
        RetiredFiles.Entry e = new RetiredFiles.Entry("ca", old, s, sw.plusSeconds(720), sw);
        RetiredFiles.write(data.resolve("retired"), e);
        assertThat(RetiredFiles.read(data.resolve("retired"))).containsExactly(e);
        assertThat(RetiredFiles.read(data.resolve("nowhere"))).isEmpty();
        assertThatThrownBy(() -> new RetiredFiles.Entry("ca", old, s, sw, sw.plusSeconds(1)))
                .hasMessageContaining("start <= successorStart <= end");
        assertThatThrownBy(() -> new RetiredFiles.Entry("rekor", old, s, sw, sw)).hasMessageContaining("want ca, tsa, ct or rekor-v2");
        assertThatThrownBy(() -> new RetiredFiles.Entry("ct", old, s, sw, sw)).hasMessageContaining("or a key (ct, rekor-v2)");
        assertThatThrownBy(() -> new RetiredFiles.Entry("rekor-v2", old, s, sw, sw))
                .hasMessageContaining("or a key (ct, rekor-v2)");
        RetiredFiles.Entry ct = new RetiredFiles.Entry("ct", List.of(), old.get(0).getPublicKey(), s, sw.plusSeconds(720), sw);
        RetiredFiles.write(data.resolve("retired"), ct);
        RetiredFiles.Entry v2 = new RetiredFiles.Entry("rekor-v2", List.of(), old.get(1).getPublicKey(), s,
                sw.plusSeconds(120), sw);
        RetiredFiles.write(data.resolve("retired"), v2);
        assertThat(RetiredFiles.read(data.resolve("retired"))).containsExactlyInAnyOrder(e, ct, v2);
        Files.writeString(data.resolve("retired/bad.json"), "{\"kind\":\"ca\",\"chain\":\"x\"}");
        assertThatThrownBy(() -> RetiredFiles.read(data.resolve("retired"))).hasMessageContaining("bad.json is not valid");
    }
}
