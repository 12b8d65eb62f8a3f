package dev.keyless.common.crypto;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The set of client signing algorithms a log accepts, Rekor's {@code client-signing-algorithms}
 * (rekor#1974, rekor.md §3 step 5). Immutable.
 */
public final class AlgorithmPolicy {
    private final Set<SigningAlgorithm> allowed;

    private AlgorithmPolicy(Set<SigningAlgorithm> allowed) {
        this.allowed = Collections.unmodifiableSet(allowed);
    }

    /** Rekor's default: every algorithm of {@link SigningAlgorithm}. */
    public static AlgorithmPolicy defaults() {
        return new AlgorithmPolicy(EnumSet.allOf(SigningAlgorithm.class));
    }

    public static AlgorithmPolicy of(SigningAlgorithm... algorithms) {
        return of(Arrays.asList(algorithms));
    }

    /** @throws IllegalArgumentException if {@code algorithms} is empty (a log that accepts nothing is a misconfiguration) */
    public static AlgorithmPolicy of(Collection<SigningAlgorithm> algorithms) {
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("algorithm policy is empty, want at least one algorithm");
        }
        return new AlgorithmPolicy(EnumSet.copyOf(algorithms));
    }

    public Set<SigningAlgorithm> allowed() {
        return allowed;
    }

    public boolean allows(SigningAlgorithm algorithm) {
        return allowed.contains(algorithm);
    }

    /**
     * The allowed algorithm for this key and artifact hash.
     *
     * @throws AlgorithmNotAllowedException if the pair is no registry algorithm, or one this policy excludes
     */
    public SigningAlgorithm requireAllowed(PublicKey key, HashAlgorithm hash) throws AlgorithmNotAllowedException {
        SigningAlgorithm algorithm = SigningAlgorithm.of(key, hash).orElseThrow(() -> new AlgorithmNotAllowedException(
                "key " + SigningAlgorithm.describe(key) + " with hash " + hash.rekorName() + " is not a supported signing algorithm"));
        if (!allows(algorithm)) {
            throw new AlgorithmNotAllowedException("signing algorithm " + algorithm + " is not allowed, want one of " + allowed);
        }
        return algorithm;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlgorithmPolicy other && allowed.equals(other.allowed);
    }

    @Override
    public int hashCode() {
        return allowed.hashCode();
    }

    @Override
    public String toString() {
        return "AlgorithmPolicy" + allowed;
    }
}
