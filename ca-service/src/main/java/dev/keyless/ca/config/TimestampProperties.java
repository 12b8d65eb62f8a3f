package dev.keyless.ca.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The RFC 3161 timestamp authority of ca-service ({@code keyless.ca.timestamp.*}, rekor-v2-tsa.md §7): served at
 * {@code /api/v1/timestamp}, listed in {@code trusted_root.json} ({@code timestampAuthorities}) and
 * {@code signing_config.json} ({@code tsaUrls}) when enabled.
 *
 * @param enabled serve and list the timestamp authority
 * @param policy the policy OID of tokens whose request names none (Sigstore's, by default)
 * @param signer key custody: {@code development} (a P-384 root and P-256 timestamping leaf generated under
 *     {@code keyless.ca.data-dir} and kept), {@code file} with {@code key-file}, optional {@code key-password}, and
 *     {@code chain-file} (TSA certificate first, root last), or {@code pkcs11} with {@code chain-file} and
 *     {@code pkcs11.*} as for the CA key ({@code library}, {@code slot} or {@code slot-list-index}, {@code key-label},
 *     {@code pin} or {@code pin-env})
 */
@ConfigurationProperties("keyless.ca.timestamp")
public record TimestampProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1.3.6.1.4.1.57264.2") String policy,
        @DefaultValue Signer signer) {

    public TimestampProperties {
        if (!policy.matches("[0-2](\\.(0|[1-9][0-9]{0,8})){1,30}")) {
            throw new IllegalArgumentException("keyless.ca.timestamp.policy must be a dotted OID, is " + policy);
        }
    }

    /** TSA key custody. */
    public record Signer(@DefaultValue("development") String type, Path keyFile, String keyPassword, Path chainFile,
            @DefaultValue CaProperties.Pkcs11 pkcs11) {
        @Override
        public String toString() {
            return "Signer[type=" + type + ", keyFile=" + keyFile + ", chainFile=" + chainFile + ", pkcs11=" + pkcs11
                    + "]"; // no password
        }
    }
}
