package dev.keyless.tlog.ct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.ct.CtOids;
import dev.keyless.common.ct.LogEntry;
import dev.keyless.common.ct.MerkleTreeLeaf;
import dev.keyless.common.ct.Precertificates;
import dev.keyless.common.ct.SignedCertificateTimestamp;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.merkle.ProofVerifier;
import dev.keyless.tlog.engine.LogTree;
import dev.keyless.tlog.engine.Personality;
import dev.keyless.tlog.engine.Sequencer;
import dev.keyless.tlog.engine.StoredEntry;
import dev.keyless.tlog.engine.TileReader;
import dev.keyless.tlog.engine.TreeLog;
import dev.keyless.tlog.engine.InMemoryLogStore;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CT personality over the in-memory store: add paths, duplicates, rejections, reads. */
class CtLogTest {
    static final long T0 = 1_750_000_000_000L;

    final TestPki pki = new TestPki("ct-log-test");
    final EcdsaSigner key = EcdsaSigner.of(TestPki.key());
    final AtomicLong now = new AtomicLong(T0);
    /** When set, every clock read advances time by 1 ms: a second read can never return the first's time. */
    volatile boolean ticking;
    final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(ticking ? now.getAndIncrement() : now.get());
        }
    };
    InMemoryLogStore store;
    CtLog ct;

    @BeforeEach
    void setUp() {
        store = new InMemoryLogStore();
        LogTree tree = new LogTree(42, Personality.CT, true, 0);
        store.createTree(tree, T0);
        Sequencer seq = new Sequencer(store, 42, clock, 16, 64, (n, nanos, tiles) -> { });
        ct = new CtLog(new TreeLog(tree, store, new TileReader(store, 64), seq),
                new ChainValidator(List.of(pki.root), 10), key, clock, Duration.ofSeconds(10));
    }

    @AfterEach
    void tearDown() {
        ct.close();
    }

    long size() {
        return store.state(42).size();
    }

    @Test
    void addPreChainWhenValidThenSctVerifiesAndLeafCarriesItsTimestamp() {
        X509CertificateHolder precert = pki.precert();
        ticking = true;
        SignedCertificateTimestamp sct = ct.addPreChain(List.of(TestPki.der(precert), TestPki.der(pki.intermediate)));

        LogEntry.PrecertEntry entry = Precertificates.fromPrecertificate(precert, pki.intermediateSpki());
        sct.verify(key.publicKey(), entry);
        assertThat(sct.timestamp()).isEqualTo(T0); // the first clock read: taken at submission
        assertThat(entry.issuerKeyHash()).isEqualTo(Hash.sha256(pki.intermediateKey.getPublic().getEncoded()));
        StoredEntry stored = store.entryByIndex(42, 0).orElseThrow();
        assertThat(MerkleTreeLeaf.parse(stored.leafInput())).isEqualTo(MerkleTreeLeaf.of(sct, entry));

        // The CA's final certificate carries the SCT, which verifies the way clients check it.
        X509CertificateHolder finalCert = pki.finalCertificate(precert, sct);
        sct.verify(key.publicKey(), Precertificates.fromFinalCertificate(finalCert, pki.intermediateSpki()));
    }

    @Test
    void addPreChainWhenRootOmittedThenExtraDataHoldsPrecertAndChainWithRoot() {
        X509CertificateHolder precert = pki.precert();
        ct.addPreChain(List.of(TestPki.der(precert), TestPki.der(pki.intermediate)));

        ByteBuffer extra = ByteBuffer.wrap(store.entryByIndex(42, 0).orElseThrow().extraData());
        assertThat(vector(extra)).isEqualTo(TestPki.der(precert));
        ByteBuffer chain = ByteBuffer.wrap(vector(extra));
        assertThat(extra.hasRemaining()).isFalse();
        assertThat(vector(chain)).isEqualTo(TestPki.der(pki.intermediate));
        assertThat(vector(chain)).isEqualTo(TestPki.der(pki.root));
        assertThat(chain.hasRemaining()).isFalse();
    }

    @Test
    void addChainWhenFinalCertificateThenX509EntryAndChainExtraData() {
        X509CertificateHolder cert = pki.certificate();
        SignedCertificateTimestamp sct = ct.addChain(
                List.of(TestPki.der(cert), TestPki.der(pki.intermediate), TestPki.der(pki.root)));

        sct.verify(key.publicKey(), new LogEntry.X509Entry(TestPki.der(cert)));
        ByteBuffer extra = ByteBuffer.wrap(store.entryByIndex(42, 0).orElseThrow().extraData());
        ByteBuffer chain = ByteBuffer.wrap(vector(extra));
        assertThat(extra.hasRemaining()).isFalse();
        assertThat(vector(chain)).isEqualTo(TestPki.der(pki.intermediate));
        assertThat(vector(chain)).isEqualTo(TestPki.der(pki.root));
    }

    @Test
    void addPreChainWhenResubmittedLaterThenSameTimestampAndNoNewLeaf() {
        List<byte[]> chain = List.of(TestPki.der(pki.precert()), TestPki.der(pki.intermediate));
        SignedCertificateTimestamp first = ct.addPreChain(chain);
        now.addAndGet(5_000);
        SignedCertificateTimestamp second = ct.addPreChain(chain);

        assertThat(second.timestamp()).isEqualTo(first.timestamp());
        assertThat(second.logId()).isEqualTo(first.logId());
        assertThat(size()).isEqualTo(1);
    }

    @Test
    void addPreChainWhenSameEntryRacesInOneMillisecondThenOneLeafAndOneTimestamp() throws Exception {
        List<byte[]> chain = List.of(TestPki.der(pki.precert()), TestPki.der(pki.intermediate));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<SignedCertificateTimestamp>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> ct.addPreChain(chain)));
            }
            for (Future<SignedCertificateTimestamp> r : results) {
                SignedCertificateTimestamp sct = r.get();
                assertThat(sct.timestamp()).isEqualTo(T0);
                sct.verify(key.publicKey(), Precertificates.fromPrecertificate(
                        new X509CertificateHolder(chain.get(0)), pki.intermediateSpki()));
            }
        } finally {
            pool.shutdown();
        }
        assertThat(size()).isEqualTo(1);
    }

    @Test
    void addPreChainWhenSameEntryRacesAtDifferentTimesThenOneLeafAndEverySctCarriesItsTimestamp() throws Exception {
        // Each submission reads a later time, so their leaves (which hold the timestamp) differ: only the entry's
        // search key, checked inside the sequencing transaction, can tell they are the same.
        ticking = true;
        List<byte[]> chain = List.of(TestPki.der(pki.precert()), TestPki.der(pki.intermediate));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<SignedCertificateTimestamp> scts = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<SignedCertificateTimestamp>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return ct.addPreChain(chain);
                }));
            }
            start.countDown();
            for (Future<SignedCertificateTimestamp> r : results) {
                scts.add(r.get());
            }
        } finally {
            pool.shutdown();
        }
        assertThat(size()).isEqualTo(1);
        long stored = MerkleTreeLeaf.parse(store.entryByIndex(42, 0).orElseThrow().leafInput()).timestamp();
        for (SignedCertificateTimestamp sct : scts) {
            assertThat(sct.timestamp()).isEqualTo(stored);
            sct.verify(key.publicKey(), Precertificates.fromPrecertificate(
                    new X509CertificateHolder(chain.get(0)), pki.intermediateSpki()));
        }
    }

    @Test
    void addPreChainWhenPoisonNotCriticalThenRefused() {
        List<Extension> ext = new ArrayList<>(pki.leafExtensions());
        ext.add(new Extension(CtOids.PRECERT_POISON, false,
                new byte[] {0x05, 0x00}));
        byte[] precert = TestPki.der(TestPki.build(pki.intermediateName, BigInteger.ONE, pki.leafName(),
                pki.leafKey, ext, pki.intermediateKey));
        refused(() -> ct.addPreChain(List.of(precert, TestPki.der(pki.intermediate))), ChainValidator.NOT_PRECERT);
        refused(() -> ct.addChain(List.of(precert, TestPki.der(pki.intermediate))), ChainValidator.IS_PRECERT);
        assertThat(size()).isZero();
    }

    @Test
    void addWhenChainRefusedThenBadRequestAndNothingStored() {
        TestPki other = new TestPki("other");
        byte[] precert = TestPki.der(pki.precert());
        byte[] inter = TestPki.der(pki.intermediate);
        // Same name as our intermediate, different key: the precert's signature does not verify under it.
        byte[] impostor = TestPki.der(TestPki.ca(pki.intermediateName, TestPki.key(), pki.rootName, pki.rootKey, 0));
        List<byte[]> tooLong = new ArrayList<>();
        tooLong.add(precert);
        for (int i = 0; i < 10; i++) {
            tooLong.add(inter);
        }
        refused(() -> ct.addPreChain(List.of(TestPki.der(other.precert()), TestPki.der(other.intermediate))),
                ChainValidator.UNKNOWN_ROOT);
        refused(() -> ct.addPreChain(List.of(TestPki.der(pki.certificate()), inter)), ChainValidator.NOT_PRECERT);
        refused(() -> ct.addChain(List.of(precert, inter)), ChainValidator.IS_PRECERT);
        refused(() -> ct.addPreChain(List.of(precert, impostor)), ChainValidator.BROKEN_LINK);
        refused(() -> ct.addPreChain(tooLong), ChainValidator.TOO_LONG);
        refused(() -> ct.addPreChain(List.of()), ChainValidator.EMPTY);
        refused(() -> ct.addPreChain(List.of(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01})), ChainValidator.BAD_CERTIFICATE);
        refused(() -> ct.addChain(List.of(TestPki.der(pki.root))), ChainValidator.NO_ISSUER);
        byte[] trailing = Arrays.copyOf(precert, precert.length + 1);
        refused(() -> ct.addPreChain(List.of(trailing, inter)), ChainValidator.BAD_CERTIFICATE);
        // The intermediate's path length 0 forbids another CA between it and the leaf.
        KeyPair subCaKey = TestPki.key();
        X500Name subCaName = new X500Name("CN=sub-ca");
        byte[] subCa = TestPki.der(TestPki.ca(subCaName, subCaKey, pki.intermediateName, pki.intermediateKey, 0));
        byte[] leaf = TestPki.der(TestPki.build(subCaName, BigInteger.TEN, pki.leafName(), pki.leafKey,
                pki.leafExtensions(), subCaKey));
        refused(() -> ct.addChain(List.of(leaf, subCa, inter)), ChainValidator.BROKEN_LINK);
        // A leaf (no basic constraints) cannot issue.
        byte[] underLeaf = TestPki.der(TestPki.build(pki.leafName(), BigInteger.TWO, pki.leafName(),
                TestPki.key(), pki.leafExtensions(), pki.leafKey));
        byte[] namedLeaf = TestPki.der(TestPki.build(pki.intermediateName, BigInteger.ONE, pki.leafName(),
                pki.leafKey, pki.leafExtensions(), pki.intermediateKey));
        assertThat(size()).isZero();
        ct.addChain(List.of(namedLeaf, inter)); // itself fine...
        refused(() -> ct.addChain(List.of(underLeaf, namedLeaf, inter)), ChainValidator.BROKEN_LINK); // ...but no CA
        assertThat(size()).isEqualTo(1);
    }

    @Test
    void addPreChainWhenIntermediateLinkRememberedThenLookAlikeIntermediateStillRefused() {
        byte[] inter = TestPki.der(pki.intermediate);
        ct.addPreChain(List.of(TestPki.der(pki.precert()), inter));
        ct.addPreChain(List.of(TestPki.der(pki.precert()), inter)); // the remembered link serves again
        // Same names and subject key as the accepted intermediate (so the precert verifies under it), but signed by
        // a key that is not the root's: the remembered link must not vouch for it.
        byte[] lookAlike = TestPki.der(TestPki.ca(pki.intermediateName, pki.intermediateKey, pki.rootName, TestPki.key(), 0));
        refused(() -> ct.addPreChain(List.of(TestPki.der(pki.precert()), lookAlike)), ChainValidator.UNKNOWN_ROOT);
        refused(() -> ct.addPreChain(List.of(TestPki.der(pki.precert()), lookAlike, TestPki.der(pki.root))),
                ChainValidator.BROKEN_LINK);
        assertThat(size()).isEqualTo(2);
    }

    private void refused(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(CtApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void readsWhenEntriesAddedThenProofsVerifyAgainstSignedTreeHeads() throws Exception {
        List<Hash> leafHashes = new ArrayList<>();
        SignedTreeHead sth1 = null;
        for (int i = 0; i < 5; i++) {
            X509CertificateHolder precert = pki.precert();
            SignedCertificateTimestamp sct = ct.addPreChain(List.of(TestPki.der(precert), TestPki.der(pki.intermediate)));
            leafHashes.add(MerkleTreeLeaf.of(sct, Precertificates.fromPrecertificate(precert, pki.intermediateSpki())).leafHash());
            now.addAndGet(1);
            if (i == 1) {
                sth1 = ct.signedTreeHead();
            }
        }
        SignedTreeHead sth2 = ct.signedTreeHead();
        verifySth(sth2);
        assertThat(sth2.treeSize()).isEqualTo(5);
        assertThat(sth2.timestamp()).isGreaterThanOrEqualTo(T0 + 4);
        for (int i = 0; i < 5; i++) {
            CtLog.InclusionProof p = ct.inclusionProof(leafHashes.get(i), 5);
            assertThat(p.leafIndex()).isEqualTo(i);
            ProofVerifier.verifyInclusion(i, 5, leafHashes.get(i), p.auditPath(), sth2.rootHash());
        }
        ProofVerifier.verifyConsistency(2, 5, ct.consistencyProof(2, 5), sth1.rootHash(), sth2.rootHash());
        assertThat(ct.consistencyProof(0, 5)).isEmpty();

        assertThat(ct.entries(1, 3)).extracting(StoredEntry::leafIndex).containsExactly(1L, 2L, 3L);
        assertThat(ct.entries(3, 1_000_000)).extracting(StoredEntry::leafIndex).containsExactly(3L, 4L);

        assertThatThrownBy(() -> ct.inclusionProof(leafHashes.get(4), 4)).hasMessageContaining("not in the tree");
        assertThatThrownBy(() -> ct.inclusionProof(leafHashes.get(0), 6)).isInstanceOf(CtApiException.class);
        assertThatThrownBy(() -> ct.inclusionProof(Hash.sha256(new byte[1]), 5))
                .isInstanceOfSatisfying(CtApiException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> ct.consistencyProof(3, 2)).isInstanceOf(CtApiException.class);
        assertThatThrownBy(() -> ct.consistencyProof(1, 6)).isInstanceOf(CtApiException.class);
        assertThatThrownBy(() -> ct.entries(5, 6)).isInstanceOf(CtApiException.class);
        assertThatThrownBy(() -> ct.entries(2, 1)).isInstanceOf(CtApiException.class);
        assertThatThrownBy(() -> ct.entries(-1, 1)).isInstanceOf(CtApiException.class);
    }

    @Test
    void entriesWhenMoreThanTheLimitRequestedThenTruncated() {
        for (int i = 0; i < CtLog.MAX_ENTRIES + 3; i++) {
            ct.addChain(List.of(TestPki.der(pki.certificate()), TestPki.der(pki.intermediate)));
        }
        assertThat(ct.entries(0, Long.MAX_VALUE)).hasSize(CtLog.MAX_ENTRIES);
        assertThat(ct.entries(CtLog.MAX_ENTRIES, Long.MAX_VALUE)).hasSize(3);
    }

    @Test
    void signedTreeHeadWhenEmptyThenSignsTheEmptyRoot() throws Exception {
        SignedTreeHead sth = ct.signedTreeHead();
        assertThat(sth.treeSize()).isZero();
        assertThat(sth.rootHash()).isEqualTo(Hash.sha256(new byte[0]));
        verifySth(sth);
    }

    /** RFC 6962 §3.5: DigitallySigned(sha256, ecdsa) over the TreeHeadSignature struct. */
    void verifySth(SignedTreeHead sth) throws Exception {
        ByteBuffer ds = ByteBuffer.wrap(sth.treeHeadSignature());
        assertThat(ds.get()).isEqualTo((byte) 4);
        assertThat(ds.get()).isEqualTo((byte) 3);
        byte[] sig = new byte[ds.getShort() & 0xffff];
        ds.get(sig);
        assertThat(ds.hasRemaining()).isFalse();
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(key.publicKey());
        v.update(SignedTreeHead.signedData(sth.timestamp(), sth.treeSize(), sth.rootHash()));
        assertThat(v.verify(sig)).isTrue();
    }

    /** Reads an {@code opaque<..2^24-1>}. */
    static byte[] vector(ByteBuffer in) {
        int len = ((in.get() & 0xff) << 16) | ((in.get() & 0xff) << 8) | (in.get() & 0xff);
        byte[] out = new byte[len];
        in.get(out);
        return out;
    }
}
