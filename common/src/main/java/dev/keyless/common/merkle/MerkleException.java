package dev.keyless.common.merkle;

/** A proof or tree argument that is invalid: wrong sizes, wrong lengths, or a proof that does not verify. */
public class MerkleException extends IllegalArgumentException {
    public MerkleException(String message) {
        super(message);
    }
}
