package dev.keyless.tlog.ct.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keyless.common.ct.SignedCertificateTimestamp;
import dev.keyless.common.encoding.EncodingException;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.encoding.StrictBase64;
import dev.keyless.tlog.ct.ChainValidator;
import dev.keyless.tlog.ct.CtApiException;
import dev.keyless.tlog.ct.CtLog;
import dev.keyless.tlog.ct.SignedTreeHead;
import dev.keyless.tlog.engine.StoredEntry;
import java.util.ArrayList;
import java.util.List;

/** The RFC 6962 §4 request and response bodies, field names and base64 exactly as the RFC spells them. */
public final class CtJson {
    private CtJson() {
    }

    /** §4.1/§4.2 input: {@code {"chain": [base64 DER, ...]}}, leaf first. */
    public record AddChainRequest(List<String> chain) {
        /** The DER certificates; checks the count before decoding anything. */
        List<byte[]> decode(int maxChain) {
            if (chain == null || chain.isEmpty()) {
                throw CtApiException.badRequest(ChainValidator.EMPTY);
            }
            if (chain.size() > maxChain) {
                throw CtApiException.badRequest(ChainValidator.TOO_LONG);
            }
            List<byte[]> out = new ArrayList<>(chain.size());
            for (String c : chain) {
                out.add(base64(c, "chain entries must be base64"));
            }
            return out;
        }
    }

    /** §4.1 output: the SCT, {@code signature} being the TLS {@code DigitallySigned}. */
    public record SctResponse(@JsonProperty("sct_version") int sctVersion, String id, long timestamp, String extensions,
            String signature) {
        static SctResponse of(SignedCertificateTimestamp sct) {
            byte[] signed = sct.digitallySigned().encode();
            return new SctResponse(sct.version(), StrictBase64.encode(sct.logId().toByteArray()), sct.timestamp(),
                    StrictBase64.encode(sct.extensions()), StrictBase64.encode(signed));
        }
    }

    /** §4.3 output. */
    public record SthResponse(@JsonProperty("tree_size") long treeSize, long timestamp,
            @JsonProperty("sha256_root_hash") String sha256RootHash,
            @JsonProperty("tree_head_signature") String treeHeadSignature) {
        static SthResponse of(SignedTreeHead sth) {
            return new SthResponse(sth.treeSize(), sth.timestamp(), StrictBase64.encode(sth.rootHash().toByteArray()),
                    StrictBase64.encode(sth.treeHeadSignature()));
        }
    }

    /** §4.4 output. */
    public record ConsistencyResponse(List<String> consistency) {
        static ConsistencyResponse of(List<Hash> proof) {
            return new ConsistencyResponse(hashes(proof));
        }
    }

    /** §4.5 output. */
    public record ProofResponse(@JsonProperty("leaf_index") long leafIndex,
            @JsonProperty("audit_path") List<String> auditPath) {
        static ProofResponse of(CtLog.InclusionProof proof) {
            return new ProofResponse(proof.leafIndex(), hashes(proof.auditPath()));
        }
    }

    /** §4.6 output. */
    public record EntriesResponse(List<Entry> entries) {
        static EntriesResponse of(List<StoredEntry> entries) {
            return new EntriesResponse(entries.stream().map(e -> new Entry(StrictBase64.encode(e.leafInput()),
                    StrictBase64.encode(e.extraData() == null ? new byte[0] : e.extraData()))).toList());
        }
    }

    /** One §4.6 entry. */
    public record Entry(@JsonProperty("leaf_input") String leafInput, @JsonProperty("extra_data") String extraData) {
    }

    /** §4.7 output. */
    public record RootsResponse(List<String> certificates) {
        static RootsResponse of(List<byte[]> roots) {
            return new RootsResponse(roots.stream().map(StrictBase64::encode).toList());
        }
    }

    /** Error body: RFC 6962 defines none, the HTTP status is what clients act on. */
    public record ErrorResponse(String error) {
    }

    /** A query-string leaf hash; tolerates a {@code +} that arrived as a space from an unencoded URL. */
    static Hash leafHash(String hash) {
        byte[] bytes = base64(hash == null ? null : hash.replace(' ', '+'), "hash must be base64");
        if (bytes.length != Hash.SIZE) {
            throw CtApiException.badRequest("hash must be 32 bytes");
        }
        return Hash.of(bytes);
    }

    private static byte[] base64(String s, String message) {
        if (s == null || s.isEmpty()) {
            throw CtApiException.badRequest(message);
        }
        try {
            return StrictBase64.decode(s);
        } catch (EncodingException e) {
            throw CtApiException.badRequest(message);
        }
    }

    private static List<String> hashes(List<Hash> hashes) {
        return hashes.stream().map(h -> StrictBase64.encode(h.toByteArray())).toList();
    }
}
