package dev.keyless.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.keyless.tlog.engine.AppendResult;
import dev.keyless.tlog.engine.LeafSubmission;
import dev.keyless.tlog.engine.LogTree;
import dev.keyless.tlog.engine.Personality;
import dev.keyless.tlog.engine.Sequencer;
import dev.keyless.tlog.engine.LogStore;
import dev.keyless.tlog.engine.jdbc.JdbcLogStore;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Grows the active Rekor tree of a tlog-service database to a target size, through the real engine (sequencer,
 * tiles, PostgreSQL) but without HTTP or signature checks, so proof latency can be measured on large trees.
 * The leaves are synthetic 120-byte inputs, not valid entries: proofs do not depend on what a leaf says.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.keyless.bench.TreeFill --db jdbc:postgresql://127.0.0.1:5432/keyless_bench --size 10000000
 * </pre>
 * The password comes from {@code KEYLESS_DB_PASSWORD} (or {@code --password}, which other local users can see).
 */
public final class TreeFill {
    public static void main(String[] args) throws Exception {
        Map<String, String> opt = Args.parse(args, Map.of("db", "jdbc:postgresql://127.0.0.1:5432/keyless_bench",
                "user", "postgres", "password", System.getenv().getOrDefault("KEYLESS_DB_PASSWORD", ""),
                "size", "1000", "batch", "4096"));
        Args.requireLoopback(URI.create(opt.get("db").substring("jdbc:".length())));
        long target = Long.parseLong(opt.get("size"));
        int batch = Integer.parseInt(opt.get("batch"));
        try (HikariDataSource ds = new HikariDataSource()) {
            ds.setJdbcUrl(opt.get("db"));
            ds.setUsername(opt.get("user"));
            ds.setPassword(opt.get("password"));
            ds.addDataSourceProperty("reWriteBatchedInserts", "true");
            LogStore store = new JdbcLogStore(new JdbcTemplate(ds), new TransactionTemplate(new DataSourceTransactionManager(ds)));
            LogTree tree = store.trees(Personality.REKOR).stream().filter(LogTree::active).findFirst()
                    .orElseThrow(() -> new IllegalStateException("start tlog-service once on this database first"));
            long size = store.state(tree.treeId()).size();
            System.out.printf(Locale.ROOT, "tree %d at size %d, filling to %d%n", tree.treeId(), size, target);
            long started = System.nanoTime();
            long startSize = size;
            try (Sequencer seq = new Sequencer(store, tree.treeId(), Clock.systemUTC(), batch, batch * 4, (n, t, tiles) -> { })) {
                long salt = System.nanoTime();
                while (size < target) {
                    int n = (int) Math.min(batch * 2L, target - size);
                    List<CompletableFuture<AppendResult>> futures = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        byte[] leaf = ByteBuffer.allocate(120).putLong(salt).putLong(size + i).array();
                        futures.add(seq.submit(LeafSubmission.of(leaf, null, List.of())));
                    }
                    for (CompletableFuture<AppendResult> f : futures) {
                        f.get();
                    }
                    size += n;
                    if ((size / (batch * 2L)) % 50 == 0 || size >= target) {
                        double s = (System.nanoTime() - started) / 1e9;
                        System.out.printf(Locale.ROOT, "size %d (%.0f leaves/s)%n", size, (size - startSize) / s);
                    }
                }
            }
        }
    }
}
