package dev.keyless.tlog.ct;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.common.ct.LogEntry;
import dev.keyless.common.ct.MerkleTreeLeaf;
import dev.keyless.common.encoding.Hash;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who a CT entry was issued to, from the entry as submitted and from the leaf as stored (for earlier entries). */
class CtIdentitiesTest {
    private static final TestPki PKI = new TestPki("ct-identities");

    @Test
    void aStoredLeafGivesTheKeysItsEntryWasLoggedWith() throws Exception {
        LogEntry cert = new LogEntry.X509Entry(TestPki.der(PKI.certificate()));
        assertThat(CtIdentities.of(cert)).containsExactly(CtIdentities.key("dev@example.com"));
        assertThat(CtIdentities.ofLeaf(new MerkleTreeLeaf(1_700_000_000_000L, cert).encode())).isEqualTo(CtIdentities.of(cert));

        byte[] tbs = PKI.precert().toASN1Structure().getTBSCertificate().getEncoded();
        LogEntry precert = new LogEntry.PrecertEntry(Hash.sha256(new byte[] {1}), tbs);
        assertThat(CtIdentities.ofLeaf(new MerkleTreeLeaf(1_700_000_000_000L, precert).encode()))
                .isNotEmpty().isEqualTo(CtIdentities.of(precert));
    }

    @Test
    void aLeafThatDoesNotParseGivesNoKeys() {
        byte[] leaf = new MerkleTreeLeaf(1L, new LogEntry.X509Entry(TestPki.der(PKI.certificate()))).encode();
        assertThat(CtIdentities.ofLeaf(Arrays.copyOf(leaf, leaf.length - 3))).isEqualTo(List.of());
        assertThat(CtIdentities.ofLeaf(new byte[0])).isEmpty();
    }
}
