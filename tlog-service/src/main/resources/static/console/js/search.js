// Search: one box for an email or other SAN, an artifact hash, the SHA-256 fingerprint of a key or certificate, a
// PEM key or certificate, a log index or an entry UUID. The query is checked here first, so bad input gets a plain message and never reaches the log.
import { api } from './api.js';
import { describe } from './entries.js';
import { el, show, message, time } from './ui.js';
import { bytesToBase64 } from './verify.js';

export const MAX_QUERY = 1024;
const MAX_PEM = 16 * 1024;
const SHOWN = 50;

/** What a query asks for: {kind, ...} or {error}. Exported for the page's own tests of the rules. */
export function classify(input) {
  const q = (input || '').trim();
  if (q === '') return { error: 'Enter an email, a URI, a SHA-256 hash, a log index, an entry UUID or a PEM key.' };
  if (q.startsWith('-----BEGIN ')) {
    if (q.length > MAX_PEM) return { error: `The PEM is too long (${q.length} characters; at most ${MAX_PEM}).` };
    if (!/^-----BEGIN (PUBLIC KEY|CERTIFICATE)-----[A-Za-z0-9+/=\s]+-----END \1-----$/.test(q)) {
      return { error: 'Not a PEM public key or certificate.' };
    }
    return { kind: 'key', search: { publicKey: { format: 'x509', content: bytesToBase64(new TextEncoder().encode(q + '\n')) } } };
  }
  if (q.length > MAX_QUERY) return { error: `The query is too long (${q.length} characters; at most ${MAX_QUERY}).` };
  if (/^\d+$/.test(q) && q.length !== 64 && q.length !== 80) {
    return Number.isSafeInteger(Number(q)) ? { kind: 'index', index: q } : { error: `Log index ${q} is too large.` };
  }
  const hash = /^(sha256:)?([0-9a-fA-F]+)$/.exec(q);
  if (hash) {
    const hex = hash[2].toLowerCase();
    if (hex.length === 80 && !hash[1]) return { kind: 'uuid', uuid: hex };
    if (hex.length === 64) return { kind: 'hash', hex, search: { hash: `sha256:${hex}` } };
    return { error: `A SHA-256 hash has 64 hex digits and an entry UUID 80; this has ${hex.length}.` };
  }
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(q)) return { kind: 'email', search: { email: q } };
  if (/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(q)) return { kind: 'subject', search: { subject: q } };
  return { error: 'Not a search: enter an email, a URI, a SHA-256 hash (64 hex digits), a log index, an entry UUID or a PEM key.' };
}

export async function searchView(root, query, go) {
  const input = el('textarea', { id: 'q', rows: '2', maxlength: String(MAX_PEM + 100), spellcheck: 'false',
    placeholder: 'alice@example.com · https://github.com/org/repo/.github/workflows/release.yml@refs/heads/main · sha256 · index · UUID · PEM' });
  input.value = query || '';
  const results = el('div', { class: 'results' });
  const form = el('form', { class: 'search', onsubmit: (e) => {
    e.preventDefault();
    go(`#/search?q=${encodeURIComponent(input.value.trim())}`);
  } }, input, el('button', { type: 'submit' }, 'Search'));
  show(root, el('h2', {}, 'Search'), form, results);
  if (query) await run(results, query, go);
}

async function run(root, query, go) {
  const c = classify(query);
  if (c.error) {
    show(root, message('error', c.error));
    return;
  }
  show(root, message('info', 'Searching…'));
  try {
    if (c.kind === 'index' || c.kind === 'uuid') {
      go(`#/entry/${c.kind === 'index' ? c.index : c.uuid}`, true);
      return;
    }
    let uuids = await api.search(c.search);
    if (c.kind === 'hash') {
      // 64 hex digits may also be an entry UUID without its tree ID, or a key's or certificate's fingerprint.
      // (Asked through retrieve, which answers an empty list rather than a 404 for an unknown UUID.)
      const [direct, byFingerprint] = await Promise.all([
        api.entries([c.hex]).then((found) => found.flatMap(Object.keys)), api.fingerprint(c.hex)]);
      uuids = [...new Set([...direct, ...uuids, ...byFingerprint])];
    }
    if (!uuids.length) {
      show(root, message('info', `No entries for ${query.length > 120 ? query.slice(0, 120) + '…' : query}.`));
      return;
    }
    uuids = uuids.slice(0, SHOWN); // the log answers newest first
    const batches = [];
    for (let i = 0; i < uuids.length; i += 10) batches.push(api.entries(uuids.slice(i, i + 10)));
    const found = (await Promise.all(batches)).flat().flatMap((m) => Object.entries(m));
    found.sort((a, b) => b[1].logIndex - a[1].logIndex);
    const rows = await Promise.all(found.map(async ([uuid, entry]) => {
      const d = await describe(entry).catch((e) => ({ kind: '?', identity: `unreadable body: ${e.message}` }));
      return el('tr', {},
        el('td', {}, el('a', { href: `#/entry/${uuid}` }, String(entry.logIndex))),
        el('td', {}, time(entry.integratedTime)),
        el('td', {}, d.kind),
        el('td', { class: 'identity' }, d.identity));
    }));
    show(root, el('p', { class: 'count' }, `${found.length} ${found.length === 1 ? 'entry' : 'entries'}`
      + (found.length === SHOWN ? ` (the newest ${SHOWN})` : '')),
    el('table', { class: 'results' }, el('thead', {}, el('tr', {}, ['index', 'integrated', 'kind', 'identity']
      .map((h) => el('th', {}, h)))), el('tbody', {}, rows)));
  } catch (e) {
    show(root, message('error', `The search failed: ${e.message}`));
  }
}
