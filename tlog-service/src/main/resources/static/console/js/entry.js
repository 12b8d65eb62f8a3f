// The entry page: what was signed and by whom, and the browser's own checks of the entry's inclusion proof, the
// checkpoint it ends in, and the signed entry timestamp.
import { api, onlyEntry, treeIdOf } from './api.js';
import { describe, entryBody } from './entries.js';
import { logKey, keyNote } from './keys.js';
import { el, show, facts, runChecks, message, time, skip } from './ui.js';
import * as v from './verify.js';
import { remember } from './overview.js';

export async function entryView(root, ref) {
  show(root, el('h2', {}, 'Entry'), message('info', 'Loading…'));
  let uuid;
  let entry;
  try {
    ({ uuid, entry } = onlyEntry(/^\d+$/.test(ref) ? await api.entryByIndex(ref) : await api.entryByUuid(ref)));
  } catch (e) {
    show(root, el('h2', {}, 'Entry'), message('error', `No entry ${ref}: ${e.message}`));
    return;
  }
  const page = el('div', { class: 'entry' });
  show(root, el('h2', {}, `Entry ${entry.logIndex}`), page);
  let d = null;
  try {
    d = await describe(entry);
  } catch (e) {
    page.append(message('error', `The entry body cannot be read: ${e.message}`));
  }
  page.append(facts([
    ['UUID', el('code', {}, uuid)],
    ['log index', String(entry.logIndex)],
    ['integrated', Number.isSafeInteger(entry.integratedTime) ? time(entry.integratedTime) : '?'],
    ['kind', d ? `${d.kind} ${d.apiVersion}` : '?'],
    ...(d ? d.facts : []),
  ]));
  if (d && d.certificate) page.append(certificateSection(d.certificate, entry.integratedTime));
  if (d && d.keySha256) page.append(el('h3', {}, 'Public key'), facts([['SHA-256 (DER)', el('code', {}, d.keySha256)]]));

  page.append(el('h3', {}, 'Verified in this browser'));
  const proof = entry.verification && entry.verification.inclusionProof;
  const treeId = treeIdOf(uuid);
  let key;
  let checkpoint;
  await runChecks(page, [
    { id: 'key', name: 'Log key', run: async () => { key = await logKey(treeId); return keyNote(key); } },
    { id: 'log-id', name: 'Entry names this log', run: async () => {
      if (!key) throw skip('no log key');
      v.hexToBytes(entry.logID);
      if (entry.logID !== v.bytesToHex(key.logId)) throw new v.CheckError(`logID ${entry.logID}, want ${v.bytesToHex(key.logId)}`);
      return 'logID is the SHA-256 of the log key';
    } },
    { id: 'leaf', name: 'Leaf hash is the entry UUID', run: async () => {
      const leaf = v.bytesToHex(await v.leafHash(entryBody(entry).bytes));
      if (!uuid.endsWith(leaf)) throw new v.CheckError(`SHA-256(0x00 || body) is ${leaf}, the UUID ends ${uuid.slice(-64)}`);
      return leaf;
    } },
    { id: 'inclusion', name: 'Inclusion proof', run: async () => {
      if (!proof) throw new v.CheckError('the entry has no inclusion proof');
      await v.verifyInclusion(proof.logIndex, proof.treeSize, await v.leafHash(entryBody(entry).bytes),
        (proof.hashes || []).map(v.hexToBytes), v.hexToBytes(proof.rootHash));
      return `leaf ${proof.logIndex} of ${proof.treeSize} leads to root ${proof.rootHash}`;
    } },
    { id: 'checkpoint', name: 'Checkpoint signature', run: async () => {
      if (!proof || !proof.checkpoint) throw new v.CheckError('the proof has no checkpoint');
      if (!key) throw skip('no log key');
      const parsed = v.parseCheckpoint(proof.checkpoint);
      await v.verifyCheckpoint(parsed, key);
      checkpoint = parsed; // only a verified checkpoint is compared with the proof below
      remember(treeId, checkpoint);
      return `signed by ${parsed.signatures[0].name}, tree size ${parsed.size}`;
    } },
    { id: 'checkpoint-root', name: 'Checkpoint covers the proof', run: async () => {
      if (!checkpoint) throw skip('no verified checkpoint');
      if (checkpoint.size !== proof.treeSize) throw new v.CheckError(`checkpoint size ${checkpoint.size}, proof size ${proof.treeSize}`);
      if (v.bytesToHex(checkpoint.root) !== proof.rootHash) {
        throw new v.CheckError(`checkpoint root ${v.bytesToHex(checkpoint.root)}, proof root ${proof.rootHash}`);
      }
      return 'same size and root';
    } },
    { id: 'set', name: 'Signed entry timestamp', run: async () => {
      if (!key) throw skip('no log key');
      await v.verifySet(entry, key);
      return `the log promised to include this body at ${time(entry.integratedTime)}`;
    } },
  ]);
  const raw = el('details', {}, el('summary', {}, 'Raw entry'), el('pre', {}, JSON.stringify(entry, null, 2)));
  page.append(raw);
}

function certificateSection(c, integratedTime) {
  const within = integratedTime * 1000 >= c.notBefore.getTime() && integratedTime * 1000 <= c.notAfter.getTime();
  return el('section', { class: 'certificate' },
    el('h3', {}, 'Certificate'),
    facts([
      ...c.sans.map((s) => [`SAN (${s.type})`, s.value]),
      ['issuer', c.issuer],
      ['subject', c.subject],
      ['valid', `${c.notBefore.toISOString()} to ${c.notAfter.toISOString()}`],
      ['integrated within validity', within ? 'yes' : 'no'],
      ['extended key usage', c.extendedKeyUsage.join(', ')],
      ['serial', el('code', {}, c.serial)],
      ['SHA-256 (DER)', el('code', {}, c.sha256)],
      ['embedded SCT', c.sct ? 'yes' : 'no'],
    ]),
    c.sigstore.length ? el('h4', {}, 'Sigstore extensions') : null,
    c.sigstore.length ? facts(c.sigstore.map((e) => [e.name, e.value])) : null);
}
