#!/usr/bin/env python3
"""Writes the Merkle proof test vectors under common/src/test/resources/vectors/.

An independent, deliberately naive implementation of RFC 6962 §2.1 (MTH, PATH, SUBPROOF written
exactly as the RFC's recursive definitions) produces a valid proof for each base case; every other
file is that proof with exactly one mutation, so the Java verifier must reject it.

Run from the repository root: python3 tools/merkle_vectors.py
"""
import hashlib
import json
import os
import shutil

OUT = os.path.join(os.path.dirname(__file__), "..", "common", "src", "test", "resources", "vectors")

# RFC 6962 test leaves (the eight inputs of the RFC's test data), then deterministic filler.
RFC_LEAVES = [b"", b"\x00", b"\x10", b"\x20\x21", b"\x30\x31", b"\x40\x41\x42\x43",
              bytes.fromhex("5051525354555657"), bytes.fromhex("606162636465666768696a6b6c6d6e6f")]


def leaf_data(i):
    return RFC_LEAVES[i] if i < len(RFC_LEAVES) else i.to_bytes(4, "big")


def h_leaf(d):
    return hashlib.sha256(b"\x00" + d).digest()


def h_node(l, r):
    return hashlib.sha256(b"\x01" + l + r).digest()


def k_of(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(d):
    if len(d) == 0:
        return hashlib.sha256(b"").digest()
    if len(d) == 1:
        return h_leaf(d[0])
    k = k_of(len(d))
    return h_node(mth(d[:k]), mth(d[k:]))


def path(m, d):
    if len(d) <= 1:
        return []
    k = k_of(len(d))
    if m < k:
        return path(m, d[:k]) + [mth(d[k:])]
    return path(m - k, d[k:]) + [mth(d[:k])]


def subproof(m, d, b):
    n = len(d)
    if m == n:
        return [] if b else [mth(d)]
    k = k_of(n)
    if m <= k:
        return subproof(m, d[:k], b) + [mth(d[k:])]
    return subproof(m - k, d[k:], False) + [mth(d[:k])]


def verify_inclusion(index, size, leaf, proof, root):
    """RFC 9162 §2.1.3.2, used only to label size mutations that are still valid proofs."""
    if index < 0 or index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = h_node(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1; sn >>= 1
        else:
            r = h_node(r, p)
        fn >>= 1; sn >>= 1
    return sn == 0 and r == root


def verify_consistency(size1, size2, proof, root1, root2):
    """RFC 9162 §2.1.4.2, used only to label size mutations that are still valid proofs."""
    if size1 <= 0 or size2 < size1:
        return False
    if size1 == size2:
        return not proof and root1 == root2
    if not proof:
        return False
    if size1 & (size1 - 1) == 0:
        proof = [root1] + proof
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1; sn >>= 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = h_node(c, fr); sr = h_node(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1; sn >>= 1
        else:
            sr = h_node(sr, c)
        fn >>= 1; sn >>= 1
    return sn == 0 and fr == root1 and sr == root2


def flip(h, bit=0):
    b = bytearray(h)
    b[bit // 8] ^= 1 << (bit % 8)
    return bytes(b)


def write(kind, base, name, case):
    d = os.path.join(OUT, kind, base)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name + ".json"), "w") as f:
        json.dump(case, f, indent=2)
        f.write("\n")


def hexs(hs):
    return [x.hex() for x in hs]


def inclusion(index, size):
    d = [leaf_data(i) for i in range(size)]
    leaf = h_leaf(d[index])
    proof = path(index, d)
    root = mth(d)
    base = "%d-of-%d" % (index, size)

    def case(desc, want_err, index=index, size=size, leaf=leaf, proof=proof, root=root):
        return {"desc": desc, "wantErr": want_err, "index": index, "size": size,
                "leafHash": leaf.hex(), "proof": hexs(proof), "root": root.hex()}

    assert verify_inclusion(index, size, leaf, proof, root)
    write("inclusion", base, "happy-path", case("valid proof", False))
    for i in range(len(proof)):
        p = list(proof); p[i] = flip(p[i], 8 * i + 3)
        write("inclusion", base, "modified-proof@%d" % i, case("proof hash %d has one bit flipped" % i, True, proof=p))
    if proof:
        write("inclusion", base, "truncated-proof", case("last proof hash removed", True, proof=proof[:-1]))
        write("inclusion", base, "empty-proof", case("proof emptied", True, proof=[]))
    write("inclusion", base, "extended-proof", case("extra hash appended", True, proof=proof + [leaf]))
    if len(proof) >= 2 and proof[0] != proof[1]:
        write("inclusion", base, "swapped-proof", case("first two proof hashes swapped", True, proof=[proof[1], proof[0]] + proof[2:]))
    write("inclusion", base, "modified-leaf", case("leaf hash has one bit flipped", True, leaf=flip(leaf)))
    write("inclusion", base, "modified-root", case("root has one bit flipped", True, root=flip(root, 255)))
    write("inclusion", base, "leaf-data-not-hashed", case("leaf hash replaced by SHA-256 of data without 0x00 prefix", True,
                                                         leaf=hashlib.sha256(d[index]).digest()))
    if index + 1 < size:
        write("inclusion", base, "index-plus-1", case("index incremented", True, index=index + 1))
    if index > 0:
        write("inclusion", base, "index-minus-1", case("index decremented", True, index=index - 1))
    # A size change that keeps the audit path's shape computes the same root: the proof alone cannot tell
    # (the checkpoint's signature binds size and root together). Such files are labelled valid.
    for name, s2 in (("size-plus-1", size + 1), ("size-minus-1", size - 1)):
        if s2 > index:
            ok = verify_inclusion(index, s2, leaf, proof, root)
            write("inclusion", base, name, case("size changed to %d%s" % (s2, ", same path shape" if ok else ""), not ok, size=s2))
    write("inclusion", base, "index-equals-size", case("index out of range", True, index=size))
    write("inclusion", base, "negative-index", case("negative index", True, index=-1))


def consistency(size1, size2):
    d = [leaf_data(i) for i in range(size2)]
    root1 = mth(d[:size1])
    root2 = mth(d)
    proof = subproof(size1, d, True)
    base = "%d-to-%d" % (size1, size2)

    def case(desc, want_err, size1=size1, size2=size2, proof=proof, root1=root1, root2=root2):
        return {"desc": desc, "wantErr": want_err, "size1": size1, "size2": size2,
                "proof": hexs(proof), "root1": root1.hex(), "root2": root2.hex()}

    assert verify_consistency(size1, size2, proof, root1, root2)
    write("consistency", base, "happy-path", case("valid proof", False))
    for i in range(len(proof)):
        p = list(proof); p[i] = flip(p[i], 8 * i + 5)
        write("consistency", base, "modified-proof@%d" % i, case("proof hash %d has one bit flipped" % i, True, proof=p))
    if proof:
        write("consistency", base, "truncated-proof", case("last proof hash removed", True, proof=proof[:-1]))
        write("consistency", base, "empty-proof", case("proof emptied", True, proof=[]))
    write("consistency", base, "extended-proof", case("extra hash appended", True, proof=proof + [root1]))
    write("consistency", base, "prepended-root1", case("root1 prepended to the proof", True, proof=[root1] + proof))
    if len(proof) >= 2 and proof[0] != proof[1]:
        write("consistency", base, "swapped-proof", case("first two proof hashes swapped", True, proof=[proof[1], proof[0]] + proof[2:]))
    if root1 != root2:
        write("consistency", base, "swapped-roots", case("root1 and root2 swapped", True, root1=root2, root2=root1))
    write("consistency", base, "modified-root1", case("root1 has one bit flipped", True, root1=flip(root1, 17)))
    write("consistency", base, "modified-root2", case("root2 has one bit flipped", True, root2=flip(root2, 200)))
    if size1 + 1 <= size2:
        write("consistency", base, "size1-plus-1", case("size1 incremented", True, size1=size1 + 1))
    if size1 > 1:
        write("consistency", base, "size1-minus-1", case("size1 decremented", True, size1=size1 - 1))
    for name, s2 in (("size2-plus-1", size2 + 1), ("size2-minus-1", size2 - 1)):
        if s2 >= size1:
            ok = verify_consistency(size1, s2, proof, root1, root2)
            write("consistency", base, name, case("size2 changed to %d%s" % (s2, ", same proof shape" if ok else ""), not ok, size2=s2))
    write("consistency", base, "size1-zero", case("size1 is zero", True, size1=0))
    write("consistency", base, "size1-greater-than-size2", case("size1 > size2", True, size1=size2 + 1))


def main():
    for kind in ("inclusion", "consistency"):
        shutil.rmtree(os.path.join(OUT, kind), ignore_errors=True)
    for index, size in [(0, 1), (0, 8), (3, 7), (4, 7), (6, 7), (5, 6), (12, 13), (100, 257)]:
        inclusion(index, size)
    for size1, size2 in [(1, 1), (1, 8), (3, 7), (4, 7), (6, 8), (2, 5), (7, 8), (13, 257)]:
        consistency(size1, size2)


if __name__ == "__main__":
    main()
