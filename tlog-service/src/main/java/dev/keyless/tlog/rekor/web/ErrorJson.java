package dev.keyless.tlog.api;

/** Rekor's error body. */
public record ErrorJson(int code, String message) {
}
