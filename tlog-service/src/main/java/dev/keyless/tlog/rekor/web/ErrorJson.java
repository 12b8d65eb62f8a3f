package dev.keyless.tlog.rekor.web;

/** Rekor's error body. */
public record ErrorJson(int code, String message) {
}
