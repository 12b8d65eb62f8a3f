/**
 * RFC 8785 JSON canonicalization ({@link dev.keyless.common.json.CanonicalJson}) of the documents Rekor hashes and
 * signs: entry bodies and the signed-entry-timestamp payload.
 */
package dev.keyless.common.json;
