package dev.keyless.tlog.rekor.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.encoding.Hash;
import dev.keyless.tlog.TlogIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * The running service writes the fingerprint keys of entries logged before those keys existed: an entry whose keys
 * are taken away (as an earlier version stored it), with no record of a pass, is found by fingerprint again once the
 * service's pass has run.
 */
class IndexBackfillServiceIT extends TlogIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    @Qualifier("indexBackfillRunner")
    SmartLifecycle runner;

    @Test
    void anEntryLoggedBeforeFingerprintsIsFoundByItsFingerprintAfterThePass() throws Exception {
        HashedRekords mine = new HashedRekords();
        HashedRekords.Proposal p = mine.next();
        String uuid = JSON.readTree(post("/api/v1/log/entries", p.json()).body()).propertyNames().iterator().next();
        String pem = new String(Base64.getDecoder().decode(p.publicKeyB64()), StandardCharsets.US_ASCII);
        String fingerprint = Hash.sha256(PublicKeys.parsePem(pem).getEncoded()).toHex();
        String path = "/api/console/v1/rekor/fingerprint?sha256=" + fingerprint;
        assertThat(JSON.readTree(get(path).body()).get(0).asString()).isEqualTo(uuid);

        // As the earlier version left it: no fingerprint key, and no pass recorded.
        runner.stop();
        assertThat(jdbc.update("DELETE FROM search_index WHERE index_key = ?", "spki-sha256:" + fingerprint)).isEqualTo(1);
        jdbc.update("DELETE FROM index_backfill");
        assertThat(JSON.readTree(get(path).body())).isEmpty();

        runner.start(); // as at the next start
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (JSON.readTree(get(path).body()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(JSON.readTree(get(path).body()).get(0).asString()).isEqualTo(uuid);
        while (jdbc.queryForObject("SELECT count(*) FROM index_backfill WHERE next_leaf_index < end_leaf_index", Long.class) > 0
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(jdbc.queryForList("SELECT next_leaf_index - end_leaf_index FROM index_backfill", Long.class))
                .as("a pass recorded for every Rekor and CT tree, each done").isNotEmpty().containsOnly(0L);
    }
}
