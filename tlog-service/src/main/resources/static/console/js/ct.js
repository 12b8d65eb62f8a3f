// The CT log: every certificate the CA issued (an SCT is embedded in each, so each is here), searchable by the
// identity it was issued to, whether or not that identity signed anything in the Rekor log.
import { api } from './api.js';
import { decodeCertificate } from './x509.js';
import { base64ToBytes, CheckError } from './verify.js';
import { el, show, message } from './ui.js';

const LATEST = 20;
const SHOWN = 50;
const MAX_IDENTITY = 1000;

/** RFC 6962 §3.4 MerkleTreeLeaf: the timestamp and the certificate (x509_entry) or TBS (precert_entry) it holds. */
export function parseLeaf(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 15 || bytes[0] !== 0 || bytes[1] !== 0) throw new CheckError('CT leaf: not a v1 timestamped entry');
  const timestamp = Number(view.getBigUint64(2));
  const type = view.getUint16(10);
  const u24 = (at) => (bytes[at] << 16) | (bytes[at + 1] << 8) | bytes[at + 2];
  let at = 12;
  if (type === 1) at += 32; // issuer_key_hash
  else if (type !== 0) throw new CheckError(`CT leaf: entry type ${type}, want 0 or 1`);
  const len = u24(at);
  if (at + 3 + len > bytes.length) throw new CheckError('CT leaf: certificate runs past the end');
  return { timestamp, precertificate: type === 1, der: bytes.subarray(at + 3, at + 3 + len) };
}

async function row(index, entry) {
  try {
    const leaf = parseLeaf(base64ToBytes(entry.leaf_input));
    const c = await decodeCertificate(leaf.der);
    const issuer = c.sigstore.find((e) => e.name === 'OIDC issuer' || e.name === 'OIDC issuer (v1)');
    return el('tr', {}, el('td', {}, String(index)), el('td', {}, new Date(leaf.timestamp).toISOString()),
      el('td', { class: 'identity' }, c.sans.map((s) => s.value).join(', ') || c.subject),
      el('td', {}, issuer ? issuer.value : ''), el('td', {}, leaf.precertificate ? 'precertificate' : 'certificate'),
      el('td', {}, c.notAfter.toISOString()));
  } catch (e) {
    return el('tr', {}, el('td', {}, String(index)), el('td', { colspan: '5' }, `unreadable entry: ${e.message}`));
  }
}

function table(rows) {
  return el('table', { class: 'results' }, el('thead', {}, el('tr', {},
    ['index', 'logged', 'issued to', 'OIDC issuer', 'entry', 'valid until'].map((h) => el('th', {}, h)))),
  el('tbody', {}, rows));
}

export async function ctView(root, params, go) {
  const input = el('input', { id: 'identity', size: '60', value: params.get('identity') || '',
    placeholder: 'alice@example.com or https://github.com/org/repo/.github/workflows/release.yml@refs/heads/main' });
  const out = el('div', {});
  show(root, el('h2', {}, 'Certificates issued (CT log)'),
    el('form', { class: 'search', onsubmit: (e) => {
      e.preventDefault();
      go(`#/ct?identity=${encodeURIComponent(input.value.trim())}`);
    } }, input, el('button', { type: 'submit' }, 'Find')), out);
  const identity = (params.get('identity') || '').trim();
  try {
    if (!params.has('identity')) {
      const sth = await api.ctTreeHead();
      if (sth.tree_size === 0) {
        show(out, message('info', 'The CT log is empty.'));
        return;
      }
      const start = Math.max(0, sth.tree_size - LATEST);
      const { entries } = await api.ctEntries(start, sth.tree_size - 1);
      const rows = await Promise.all(entries.map((e, i) => row(start + i, e)));
      show(out, el('p', { class: 'count' }, `The latest ${rows.length} of ${sth.tree_size} certificates`), table(rows.reverse()));
      return;
    }
    if (identity === '' || identity.length > MAX_IDENTITY) {
      show(out, message('error', `Enter an email or URI of 1 to ${MAX_IDENTITY} characters.`));
      return;
    }
    show(out, message('info', 'Searching…'));
    const { indexes, truncated } = await api.ctIssuedTo(identity);
    if (!indexes.length) {
      show(out, message('info', `No certificates issued to ${identity.slice(0, 120)}.`));
      return;
    }
    const shown = indexes.slice(0, SHOWN);
    const rows = await Promise.all(shown.map(async (i) => row(i, (await api.ctEntries(i, i)).entries[0])));
    show(out, el('p', { class: 'count' }, `${indexes.length}${truncated ? '+' : ''} certificates issued to ${identity}`
      + (indexes.length > SHOWN ? ` (the newest ${SHOWN})` : '')), table(rows));
  } catch (e) {
    show(out, message('error', `The CT log did not answer: ${e.message}`));
  }
}
