package dev.keyless.tlog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.PublicKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogKeysTest {
    @TempDir
    Path dir;

    @Test
    void generatesOnceAndKeepsTheKey() throws Exception {
        Path fallback = dir.resolve("keys").resolve("rekor-key.pem");
        EcdsaSigner first = LogKeys.load(null, null, fallback, "test");
        assertThat(fallback).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fallback))).isEqualTo("rw-------");
        EcdsaSigner again = LogKeys.load(null, null, fallback, "test");
        assertThat(PublicKeys.toDer(again.publicKey())).isEqualTo(PublicKeys.toDer(first.publicKey()));
        assertThat(dir.resolve("keys")).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void loadsAnEncryptedPkcs8FileWithItsPassword() throws Exception {
        KeyPair pair = PrivateKeys.generateEc(EcCurve.P256, new SecureRandom());
        Path file = dir.resolve("key.pem");
        Files.writeString(file, PrivateKeys.toEncryptedPem(pair.getPrivate(), "s3cret".toCharArray(), new SecureRandom(), 1000));
        EcdsaSigner signer = LogKeys.load(file, "s3cret", dir.resolve("unused.pem"), "test");
        assertThat(PublicKeys.toDer(signer.publicKey())).isEqualTo(PublicKeys.toDer(pair.getPublic()));
        assertThat(dir.resolve("unused.pem")).doesNotExist();
    }

    @Test
    void wrongPasswordFailsWithoutRevealingIt() throws Exception {
        KeyPair pair = PrivateKeys.generateEc(EcCurve.P256, new SecureRandom());
        Path file = dir.resolve("key.pem");
        Files.writeString(file, PrivateKeys.toEncryptedPem(pair.getPrivate(), "s3cret".toCharArray(), new SecureRandom(), 1000));
        assertThatThrownBy(() -> LogKeys.load(file, "wrong-password", dir.resolve("unused.pem"), "test"))
                .satisfies(e -> assertThat(e.toString()).doesNotContain("wrong-password").doesNotContain("s3cret"));
        assertThatThrownBy(() -> LogKeys.load(file, null, dir.resolve("unused.pem"), "test"))
                .hasMessageContaining("password");
    }

    @Test
    void aConfiguredFileThatIsMissingIsAnErrorNotANewKey() {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> LogKeys.load(missing, null, dir.resolve("fallback.pem"), "test"))
                .hasMessageContaining(missing.toString());
        assertThat(missing).doesNotExist();
        assertThat(dir.resolve("fallback.pem")).doesNotExist();
    }

    @Test
    void writePublicKeyWhenKeyGeneratedThenPemHoldsExactlyItsPublicKey() throws Exception {
        EcdsaSigner key = LogKeys.load(null, null, dir.resolve("ct-key.pem"), "CT log");
        Path published = dir.resolve("sub").resolve("ct-key.pub.pem");

        LogKeys.writePublicKey(published, key.publicKey(), "CT log");
        LogKeys.writePublicKey(published, key.publicKey(), "CT log"); // a restart replaces it

        String pem = Files.readString(published, StandardCharsets.US_ASCII);
        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----").doesNotContain("PRIVATE");
        assertThat(PublicKeys.parsePem(pem).getEncoded()).isEqualTo(key.publicKey().getEncoded());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(published))).isEqualTo("rw-r--r--");
        try (var files = Files.list(published.getParent())) {
            assertThat(files).containsExactly(published); // no temporary file left behind
        }
    }
}
