package dev.keyless.common.merkle;

import dev.keyless.common.encoding.Hash;

/** A well-formed proof whose computed root differs from the expected root: the proof does not verify. */
public final class RootMismatchException extends MerkleException {
    private final Hash expectedRoot;
    private final Hash calculatedRoot;

    public RootMismatchException(Hash expectedRoot, Hash calculatedRoot) {
        super("calculated root " + calculatedRoot + " does not match expected root " + expectedRoot);
        this.expectedRoot = expectedRoot;
        this.calculatedRoot = calculatedRoot;
    }

    public Hash expectedRoot() {
        return expectedRoot;
    }

    public Hash calculatedRoot() {
        return calculatedRoot;
    }
}
