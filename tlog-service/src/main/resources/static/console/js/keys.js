// The log key each check runs under. An auditor pins the key from their trusted_root.json (stored in this browser);
// without a pin the key the log serves is used and the page says so, with its log ID to compare.
import { api } from './api.js';
import { importLogKey, bytesToHex } from './verify.js';

const PINS = 'keyless.console.pinned-keys';
const cache = new Map();

export function pinnedKeys() {
  try {
    return JSON.parse(localStorage.getItem(PINS) || '[]');
  } catch {
    return [];
  }
}

export function setPinnedKeys(pems) {
  localStorage.setItem(PINS, JSON.stringify(pems));
  cache.clear();
}

/** {key, params, spki, logId, source} for a tree (null: the active one). */
export async function logKey(treeId) {
  const id = treeId || 'active';
  if (!cache.has(id)) {
    cache.set(id, (async () => {
      const served = await importLogKey(await api.publicKey(treeId));
      for (const pem of pinnedKeys()) {
        const pinned = await importLogKey(pem);
        if (bytesToHex(pinned.logId) === bytesToHex(served.logId)) return { ...pinned, source: 'pinned' };
      }
      return { ...served, source: pinnedKeys().length ? 'served by the log, NOT among the pinned keys' : 'served by the log (not pinned)' };
    })());
    cache.get(id).catch(() => cache.delete(id));
  }
  return cache.get(id);
}

/** Where the key came from and its log ID, for the page. */
export function keyNote(key) {
  return `log ID ${bytesToHex(key.logId)}, ${key.source}`;
}
