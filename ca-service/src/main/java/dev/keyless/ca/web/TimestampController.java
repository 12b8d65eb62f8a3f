package dev.keyless.ca.web;

import dev.keyless.ca.rotation.Reloadable;
import dev.keyless.ca.timestamp.TimestampAuthority;
import dev.keyless.ca.timestamp.TimestampRequestException.Reason;
import dev.keyless.ca.timestamp.TimestampRequestException;
import dev.keyless.ca.wire.Json;
import dev.keyless.common.crypto.Certificates;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Iterator;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The Sigstore timestamp authority's HTTP API (rekor-v2-tsa.md §7): {@code POST /api/v1/timestamp} takes a DER
 * {@code TimeStampReq} ({@code application/timestamp-query}, what sigstore-go and sigstore-java send) or its JSON form
 * ({@code application/json}, what sigstore-js sends) and answers 200 with a DER {@code TimeStampResp}
 * ({@code application/timestamp-reply}); {@code GET /api/v1/timestamp/certchain} gives the chain, TSA certificate first.
 * Refusals are JSON {@code {"code","message"}} ({@link TimestampErrorHandler}).
 */
@RestController
@ConditionalOnProperty(name = "keyless.ca.timestamp.enabled", havingValue = "true", matchIfMissing = true)
public class TimestampController {
    static final String TIMESTAMP_REPLY = "application/timestamp-reply";
    static final String PEM_CHAIN = "application/pem-certificate-chain";
    /** The Sigstore timestamp authority's bound on the JSON form. */
    static final int MAX_JSON_BYTES = 1024;
    private static final Set<String> JSON_FIELDS = Set.of("artifactHash", "hashAlgorithm", "certificates", "nonce",
            "tsaPolicyOID");

    /** Taken once per request: a rotation switches between requests, never inside one. */
    private final Reloadable<TimestampAuthority> tsa;

    public TimestampController(Reloadable<TimestampAuthority> tsa) {
        this.tsa = tsa;
    }

    @PostMapping(path = "/api/v1/timestamp")
    public ResponseEntity<byte[]> timestamp(@RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String type,
            @RequestBody(required = false) byte[] body) {
        // As the Sigstore timestamp authority: the type names exactly one application/ media type.
        if (type == null || type.split("application/", -1).length != 2) {
            throw new TimestampRequestException(Reason.MEDIA_TYPE);
        }
        MediaType media;
        try {
            media = MediaType.parseMediaType(type);
        } catch (InvalidMediaTypeException e) {
            throw new TimestampRequestException(Reason.MEDIA_TYPE);
        }
        byte[] request = body == null ? new byte[0] : body;
        // application/json is the JSON form; any other single application/ type is DER, as the Sigstore TSA reads it.
        TimestampAuthority now = tsa.current();
        byte[] reply = MediaType.APPLICATION_JSON.equalsTypeAndSubtype(media) ? now.respond(fromJson(request))
                : now.respond(request);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(TIMESTAMP_REPLY)).body(reply);
    }

    @GetMapping(path = "/api/v1/timestamp/certchain")
    public ResponseEntity<String> certificateChain() {
        StringBuilder pem = new StringBuilder();
        tsa.current().chain().forEach(c -> pem.append(Certificates.toPem(c)));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(PEM_CHAIN)).body(pem.toString());
    }

    /**
     * {@code {"artifactHash":"<base64 digest>","hashAlgorithm":"sha256|sha384|sha512","certificates":bool,
     * "nonce":int,"tsaPolicyOID":"1.2.3"}}; the first two are required, no other field is accepted.
     */
    static TimeStampRequest fromJson(byte[] body) {
        if (body.length > MAX_JSON_BYTES) {
            throw new TimestampRequestException(Reason.TOO_LARGE);
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new TimestampRequestException(Reason.UNPARSEABLE);
        }
        if (json == null || !json.isObject()) {
            throw new TimestampRequestException(Reason.UNPARSEABLE);
        }
        for (Iterator<String> names = json.propertyNames().iterator(); names.hasNext();) {
            if (!JSON_FIELDS.contains(names.next())) {
                throw new TimestampRequestException(Reason.UNPARSEABLE);
            }
        }
        JsonNode hash = json.get("artifactHash");
        JsonNode algorithm = json.get("hashAlgorithm");
        JsonNode certificates = json.get("certificates");
        JsonNode nonce = json.get("nonce");
        JsonNode policy = json.get("tsaPolicyOID");
        if (hash == null || !hash.isString() || algorithm == null || !algorithm.isString()
                || (certificates != null && !certificates.isBoolean())
                || (nonce != null && !nonce.isIntegralNumber())
                || (policy != null && !policy.isString())) {
            throw new TimestampRequestException(Reason.UNPARSEABLE);
        }
        ASN1ObjectIdentifier oid = switch (algorithm.asString()) {
            case "sha256" -> TSPAlgorithms.SHA256;
            case "sha384" -> TSPAlgorithms.SHA384;
            case "sha512" -> TSPAlgorithms.SHA512;
            case "sha1" -> throw new TimestampRequestException(Reason.WEAK_HASH);
            default -> throw new TimestampRequestException(Reason.UNSUPPORTED_HASH);
        };
        byte[] digest;
        try {
            digest = Base64.getDecoder().decode(hash.asString());
        } catch (IllegalArgumentException e) {
            throw new TimestampRequestException(Reason.UNPARSEABLE);
        }
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(certificates != null && certificates.asBoolean());
        if (policy != null) {
            try {
                generator.setReqPolicy(new ASN1ObjectIdentifier(policy.asString()));
            } catch (IllegalArgumentException e) {
                throw new TimestampRequestException(Reason.UNPARSEABLE);
            }
        }
        BigInteger n = nonce == null ? null : nonce.bigIntegerValue();
        if (n != null && (n.signum() < 0 || n.bitLength() > 160)) {
            throw new TimestampRequestException(Reason.UNPARSEABLE);
        }
        return generator.generate(oid, digest, n);
    }
}
