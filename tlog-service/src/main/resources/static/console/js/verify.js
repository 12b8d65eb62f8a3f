// The checks the console runs in the browser, with WebCrypto only: RFC 6962 / RFC 9162 Merkle proofs, C2SP signed
// notes (checkpoints) and Rekor's signed entry timestamps. Nothing here trusts the server: every answer is recomputed
// from the bytes it sent. Works unchanged in Node (globalThis.crypto), where verify-vectors.mjs runs it against the
// project's Merkle vectors (common/src/test/resources/vectors).

const subtle = globalThis.crypto && globalThis.crypto.subtle;

/** A failed check, with the reason shown to the auditor. */
export class CheckError extends Error {}

function need(cond, reason) {
  if (!cond) throw new CheckError(reason);
}

export function hexToBytes(hex) {
  need(typeof hex === 'string' && /^([0-9a-fA-F]{2})*$/.test(hex), `not hex: ${String(hex).slice(0, 80)}`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(2 * i, 2), 16);
  return out;
}

export function bytesToHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function base64ToBytes(b64) {
  need(typeof b64 === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(b64) && b64.length % 4 === 0,
    `not base64: ${String(b64).slice(0, 80)}`);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function bytesToBase64(bytes) {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

export function equalBytes(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export async function sha256(bytes) {
  need(subtle, 'WebCrypto is unavailable: open the console over HTTPS or on localhost');
  return new Uint8Array(await subtle.digest('SHA-256', bytes));
}

/** RFC 6962 §2.1: SHA-256(0x00 || leaf). */
export function leafHash(leaf) {
  return sha256(concat(Uint8Array.of(0), leaf));
}

/** RFC 6962 §2.1: SHA-256(0x01 || left || right). */
export function nodeHash(left, right) {
  return sha256(concat(Uint8Array.of(1), left, right));
}

function checkHash(h, what) {
  need(h instanceof Uint8Array && h.length === 32, `${what}: want 32 bytes, got ${h ? h.length : 'none'}`);
}

/**
 * RFC 9162 §2.1.3.2: the root that an inclusion proof gives for leaf `index` of a tree of `size` leaves.
 * Throws when the proof has the wrong length for that position.
 */
export async function rootFromInclusionProof(index, size, leaf, proof) {
  need(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size,
    `index ${index} is not inside a tree of size ${size}`);
  checkHash(leaf, 'leaf hash');
  let fn = BigInt(index);
  let sn = BigInt(size) - 1n;
  let r = leaf;
  for (const [i, p] of proof.entries()) {
    checkHash(p, `proof hash ${i}`);
    need(sn !== 0n, `proof too long: ${proof.length} hashes, want ${i}`);
    if ((fn & 1n) === 1n || fn === sn) {
      r = await nodeHash(p, r);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  need(sn === 0n, `proof too short: ${proof.length} hashes for leaf ${index} of ${size}`);
  return r;
}

/** Verifies an inclusion proof against a root; throws CheckError with the reason when it does not hold. */
export async function verifyInclusion(index, size, leaf, proof, root) {
  checkHash(root, 'root');
  const got = await rootFromInclusionProof(index, size, leaf, proof);
  need(equalBytes(got, root), `computed root ${bytesToHex(got)}, want ${bytesToHex(root)}`);
}

/**
 * RFC 9162 §2.1.4.2: the roots of the two trees that a consistency proof from size1 to size2 gives. With
 * size1 a power of two the first root is not in the proof: `root1` must be given to start from.
 */
export async function rootsFromConsistencyProof(size1, size2, proof, root1) {
  need(Number.isSafeInteger(size1) && Number.isSafeInteger(size2) && size1 >= 1 && size1 <= size2,
    `sizes ${size1} to ${size2}: want 1 <= first <= second`);
  proof.forEach((p, i) => checkHash(p, `proof hash ${i}`));
  if (size1 === size2) {
    need(proof.length === 0, `a proof between equal sizes must be empty, got ${proof.length} hashes`);
    need(root1, 'equal sizes: the first root is needed');
    return { root1, root2: root1 };
  }
  let path = proof;
  if (isPowerOfTwo(size1)) {
    need(root1, `size ${size1} is a power of two: the proof starts from its root, which is needed`);
    path = [root1, ...proof];
  }
  need(path.length > 0, 'empty proof');
  let fn = BigInt(size1) - 1n;
  let sn = BigInt(size2) - 1n;
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    need(sn !== 0n, 'proof too long');
    if ((fn & 1n) === 1n || fn === sn) {
      fr = await nodeHash(c, fr);
      sr = await nodeHash(c, sr);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = await nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  need(sn === 0n, 'proof too short');
  return { root1: fr, root2: sr };
}

/** Whether n (a safe integer >= 1) is a power of two; BigInt, as JavaScript's bit operators stop at 32 bits. */
export function isPowerOfTwo(n) {
  const b = BigInt(n);
  return b > 0n && (b & (b - 1n)) === 0n;
}

/** Verifies a consistency proof between two known roots; throws CheckError with the reason when it does not hold. */
export async function verifyConsistency(size1, size2, proof, root1, root2) {
  checkHash(root1, 'first root');
  checkHash(root2, 'second root');
  const got = await rootsFromConsistencyProof(size1, size2, proof, root1);
  need(equalBytes(got.root1, root1), `computed first root ${bytesToHex(got.root1)}, want ${bytesToHex(root1)}`);
  need(equalBytes(got.root2, root2), `computed second root ${bytesToHex(got.root2)}, want ${bytesToHex(root2)}`);
}

// ---- keys and signatures ----

const OID_EC = '1.2.840.10045.2.1';
const OID_P256 = '1.2.840.10045.3.1.7';
const OID_P384 = '1.3.132.0.34';
const OID_ED25519 = '1.3.101.112';

/** A log's public key from its PEM: the WebCrypto key, its algorithm and its log ID (SHA-256 of the DER). */
export async function importLogKey(pem, der) {
  const spki = der || pemToDer(pem, 'PUBLIC KEY');
  const { algorithm, curve } = spkiAlgorithm(spki);
  let params;
  if (algorithm === OID_EC && (curve === OID_P256 || curve === OID_P384)) {
    params = { name: 'ECDSA', namedCurve: curve === OID_P256 ? 'P-256' : 'P-384' };
  } else if (algorithm === OID_ED25519) {
    params = { name: 'Ed25519' };
  } else {
    throw new CheckError(`unsupported log key algorithm ${algorithm}${curve ? ' ' + curve : ''}`);
  }
  const key = await subtle.importKey('spki', spki, params, false, ['verify']);
  return { key, params, spki, logId: await sha256(spki) };
}

export function pemToDer(pem, label) {
  const m = /-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----/.exec(pem || '');
  need(m && (!label || m[1] === label), `not a PEM ${label || 'block'}`);
  return base64ToBytes(m[2].replace(/\s+/g, ''));
}

/** The algorithm and curve OIDs of a SubjectPublicKeyInfo (just enough DER for that). */
function spkiAlgorithm(spki) {
  const outer = readTlv(spki, 0);
  need(outer.tag === 0x30, 'public key: not a DER SEQUENCE');
  const algId = readTlv(spki, outer.start);
  const oid = readTlv(spki, algId.start);
  need(oid.tag === 0x06, 'public key: no algorithm OID');
  const algorithm = decodeOid(spki.subarray(oid.start, oid.end));
  let curve = null;
  if (oid.end < algId.end) {
    const p = readTlv(spki, oid.end);
    if (p.tag === 0x06) curve = decodeOid(spki.subarray(p.start, p.end));
  }
  return { algorithm, curve };
}

export function readTlv(buf, at) {
  need(at + 2 <= buf.length, 'DER: truncated');
  const tag = buf[at];
  let len = buf[at + 1];
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    need(n >= 1 && n <= 4 && start + n <= buf.length, 'DER: bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[start + i];
    start += n;
  }
  need(start + len <= buf.length, 'DER: value runs past the end');
  return { tag, start, end: start + len, next: start + len };
}

export function decodeOid(bytes) {
  const parts = [];
  let v = 0;
  for (const b of bytes) {
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  const first = parts.shift();
  const a = first < 80 ? Math.floor(first / 40) : 2;
  return [a, first - 40 * a, ...parts].join('.');
}

/** An ASN.1 ECDSA signature as WebCrypto wants it: r || s, each the curve's size. */
function ecdsaDerToRaw(der, size) {
  const seq = readTlv(der, 0);
  need(seq.tag === 0x30 && seq.end === der.length, 'signature: not one DER SEQUENCE');
  const r = readTlv(der, seq.start);
  const s = readTlv(der, r.next);
  need(r.tag === 0x02 && s.tag === 0x02 && s.end === seq.end, 'signature: want two INTEGERs');
  const out = new Uint8Array(2 * size);
  for (const [i, t] of [r, s].entries()) {
    let v = der.subarray(t.start, t.end);
    while (v.length > size && v[0] === 0) v = v.subarray(1);
    need(v.length <= size, 'signature: integer too large for the curve');
    out.set(v, (i + 1) * size - v.length);
  }
  return out;
}

/** Verifies a signature (DER for ECDSA, raw for Ed25519) over data with a key from importLogKey. */
export async function verifySignature(logKey, signature, data) {
  let ok;
  if (logKey.params.name === 'ECDSA') {
    const size = logKey.params.namedCurve === 'P-256' ? 32 : 48;
    const hash = logKey.params.namedCurve === 'P-256' ? 'SHA-256' : 'SHA-384';
    ok = await subtle.verify({ name: 'ECDSA', hash }, logKey.key, ecdsaDerToRaw(signature, size), data);
  } else {
    ok = await subtle.verify({ name: 'Ed25519' }, logKey.key, signature, data);
  }
  need(ok, 'the signature does not verify under the log key');
}

// ---- checkpoints (C2SP signed-note) ----

/**
 * Parses a checkpoint: origin, size and root hash, the signed text, and its signatures (name, 4-byte key hint,
 * signature bytes). Strict: the layout must be exactly the signed-note format.
 */
export function parseCheckpoint(text) {
  need(typeof text === 'string' && text.length <= 64 * 1024, 'checkpoint: missing or too long');
  const split = text.indexOf('\n\n');
  need(split > 0, 'checkpoint: no blank line between the text and its signatures');
  const body = text.slice(0, split + 1);
  const lines = body.split('\n');
  need(lines.length >= 4, `checkpoint: want origin, size and root lines, got ${lines.length - 1} lines`);
  const [origin, sizeLine, rootLine] = lines;
  need(/^(0|[1-9][0-9]*)$/.test(sizeLine) && Number.isSafeInteger(Number(sizeLine)),
    `checkpoint: size line ${JSON.stringify(sizeLine)} is not a number this page can handle`);
  need(origin.length > 0, 'checkpoint: empty origin line');
  const root = base64ToBytes(rootLine);
  need(root.length === 32, `checkpoint: root is ${root.length} bytes, want 32`);
  const signatures = [];
  for (const line of text.slice(split + 2).split('\n')) {
    if (line === '') continue;
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    need(m, `checkpoint: bad signature line ${JSON.stringify(line.slice(0, 80))}`);
    const raw = base64ToBytes(m[2]);
    need(raw.length > 4, 'checkpoint: signature too short');
    signatures.push({ name: m[1], keyHint: raw.subarray(0, 4), signature: raw.subarray(4) });
  }
  need(signatures.length > 0, 'checkpoint: no signature');
  return { origin, size: Number(sizeLine), root, body, signatures };
}

/**
 * Verifies a checkpoint's signature by the log key: some signature line must carry the key's hint (the first
 * four bytes of its log ID) and verify over the checkpoint text.
 */
export async function verifyCheckpoint(checkpoint, logKey) {
  const mine = checkpoint.signatures.filter((s) => equalBytes(s.keyHint, logKey.logId.subarray(0, 4)));
  need(mine.length > 0, `no signature by this log key (key hint ${bytesToHex(logKey.logId.subarray(0, 4))})`);
  await verifySignature(logKey, mine[0].signature, new TextEncoder().encode(checkpoint.body));
}

// ---- Rekor v1 entries ----

/**
 * Verifies a Rekor signed entry timestamp: the log key's signature over the canonical JSON of body, integratedTime,
 * logID and logIndex (keys sorted, no spaces), as Rekor signs it.
 */
export async function verifySet(entry, logKey) {
  need(typeof entry.body === 'string' && Number.isSafeInteger(entry.integratedTime)
    && Number.isSafeInteger(entry.logIndex) && /^[0-9a-f]{64}$/.test(entry.logID), 'entry: missing fields for the SET');
  const set = entry.verification && entry.verification.signedEntryTimestamp;
  need(set, 'entry: no signed entry timestamp');
  const payload = `{"body":${JSON.stringify(entry.body)},"integratedTime":${entry.integratedTime},`
    + `"logID":${JSON.stringify(entry.logID)},"logIndex":${entry.logIndex}}`;
  await verifySignature(logKey, base64ToBytes(set), new TextEncoder().encode(payload));
}
