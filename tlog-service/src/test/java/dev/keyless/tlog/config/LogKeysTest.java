package dev.keyless.tlog.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.PublicKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogKeysTest {
    @TempDir
    Path dir;

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
