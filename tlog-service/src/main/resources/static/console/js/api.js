// The log's own APIs, as any Rekor client reads them. Answers are bounded in size, and an error answer becomes an
// ApiError carrying the log's message (Rekor's {"code","message"} shape) for the page to show.

const MAX_ANSWER = 8 * 1024 * 1024;

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function request(path, init) {
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, `the log did not answer (${e.message})`);
  }
  const text = await res.text();
  if (text.length > MAX_ANSWER) throw new ApiError(res.status, 'the answer is too large');
  if (!res.ok) {
    let message = `HTTP ${res.status}`;
    try {
      const body = JSON.parse(text);
      if (body && typeof body.message === 'string') message = body.message;
      else if (body && typeof body.error === 'string') message = body.error; // the CT log's shape
    } catch { /* not JSON: the status says enough */ }
    throw new ApiError(res.status, message);
  }
  return text;
}

async function json(path, init) {
  const text = await request(path, init);
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(200, `the answer from ${path} is not JSON`);
  }
}

const post = (body) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

export const api = {
  log: () => json('/api/v1/log'),
  publicKey: (treeId) => request('/api/v1/log/publicKey' + (treeId ? `?treeID=${encodeURIComponent(treeId)}` : '')),
  entryByIndex: (index) => json(`/api/v1/log/entries?logIndex=${encodeURIComponent(index)}`),
  entryByUuid: (uuid) => json(`/api/v1/log/entries/${encodeURIComponent(uuid)}`),
  /** At most 10 UUIDs (the log's limit); an array of {uuid: entry} maps. */
  entries: (uuids) => json('/api/v1/log/entries/retrieve', post({ entryUUIDs: uuids })),
  /** Rekor's index search: {email} | {subject} | {hash} | {publicKey: {format, content}}. */
  search: (query) => json('/api/v1/index/retrieve', post(query)),
  /** Entry UUIDs by the SHA-256 fingerprint (DER) of a public key or certificate. */
  fingerprint: (hex) => json(`/api/console/v1/rekor/fingerprint?sha256=${encodeURIComponent(hex)}`),
  ctTreeHead: () => json('/ct/v1/get-sth'),
  /** RFC 6962 get-entries, start..end inclusive. */
  ctEntries: (start, end) => json(`/ct/v1/get-entries?start=${start}&end=${end}`),
  /** Leaf indexes of the CT entries issued to an identity, newest first. */
  ctIssuedTo: (identity) => json(`/api/console/v1/ct/issued?identity=${encodeURIComponent(identity)}`),
  consistency: (firstSize, lastSize, treeId) => json(`/api/v1/log/proof?firstSize=${firstSize}&lastSize=${lastSize}`
    + (treeId ? `&treeID=${encodeURIComponent(treeId)}` : '')),
};

/** The single {uuid: entry} of an entry answer, with its UUID. */
export function onlyEntry(answer) {
  const uuids = Object.keys(answer || {});
  if (uuids.length !== 1) throw new ApiError(200, `want one entry in the answer, got ${uuids.length}`);
  return { uuid: uuids[0], entry: answer[uuids[0]] };
}

/** The tree ID (decimal) that a 80-hex-digit entry UUID starts with, or null for a bare 64-digit one. */
export function treeIdOf(uuid) {
  return uuid.length === 80 ? BigInt('0x' + uuid.slice(0, 16)).toString() : null;
}
