// Consistency: that the tree of one size is a prefix of the tree of another, proven in this browser. The second
// root is the current checkpoint's (verified here first); the first is one this browser verified before, or one
// the auditor enters from a checkpoint they kept.
import { api } from './api.js';
import { logKey, keyNote } from './keys.js';
import { remembered, remember } from './overview.js';
import { el, show, facts, runChecks, message, skip } from './ui.js';
import * as v from './verify.js';

export async function consistencyView(root, params, go) {
  let log;
  try {
    log = await api.log();
  } catch (e) {
    show(root, el('h2', {}, 'Consistency'), message('error', `The log did not answer: ${e.message}`));
    return;
  }
  const seen = remembered()[log.treeID] || [];
  const first = el('input', { id: 'first-size', inputmode: 'numeric', value: params.get('first') || (seen[0] ? String(seen[0].size) : '1') });
  const firstRoot = el('input', { id: 'first-root', size: '66', placeholder: 'optional: the first tree\'s root (hex)', value: params.get('root') || '' });
  const second = el('input', { id: 'second-size', inputmode: 'numeric', value: params.get('second') || String(log.treeSize) });
  const form = el('form', { class: 'consistency', onsubmit: (e) => {
    e.preventDefault();
    const q = new URLSearchParams({ first: first.value.trim(), second: second.value.trim() });
    if (firstRoot.value.trim()) q.set('root', firstRoot.value.trim());
    go(`#/consistency?${q}`);
  } }, el('label', {}, 'first size ', first), el('label', {}, ' second size ', second), el('label', {}, ' ', firstRoot),
  el('button', { type: 'submit' }, 'Verify'));
  const out = el('div', {});
  show(root, el('h2', {}, 'Consistency'),
    el('p', {}, `Active tree ${log.treeID}, size ${log.treeSize}. Checkpoints this browser verified: `
      + (seen.length ? seen.map((c) => c.size).join(', ') : 'none yet') + '.'), form, out);
  if (params.has('first')) await check(out, log, params, seen);
}

async function check(root, log, params, seen) {
  const size1 = Number(params.get('first'));
  const size2 = params.get('second') ? Number(params.get('second')) : log.treeSize;
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 1 || size1 > size2 || size2 > log.treeSize) {
    show(root, message('error', `Sizes must satisfy 1 <= first <= second <= ${log.treeSize}.`));
    return;
  }
  let given = null;
  if (params.get('root')) {
    if (!/^[0-9a-fA-F]{64}$/.test(params.get('root'))) {
      show(root, message('error', 'A root hash has 64 hex digits.'));
      return;
    }
    given = params.get('root').toLowerCase();
  }
  const known = given || (seen.find((c) => c.size === size1) || {}).root || null;
  let key;
  let checkpoint;
  let proof;
  let roots;
  show(root);
  await runChecks(root, [
    { id: 'key', name: 'Log key', run: async () => { key = await logKey(log.treeID); return keyNote(key); } },
    { id: 'checkpoint', name: 'Current checkpoint signature', run: async () => {
      if (!key) throw skip('no log key');
      const parsed = v.parseCheckpoint(log.signedTreeHead);
      await v.verifyCheckpoint(parsed, key);
      checkpoint = parsed; // only a verified checkpoint vouches for the second root below
      remember(log.treeID, checkpoint);
      return `size ${checkpoint.size}`;
    } },
    { id: 'proof', name: `Consistency proof ${size1} → ${size2}`, run: async () => {
      if (!known && (v.isPowerOfTwo(size1) || size1 === size2)) {
        throw skip(`the root of size ${size1} is not in the proof: enter it from a checkpoint you kept`);
      }
      proof = await api.consistency(size1, size2, log.treeID);
      roots = await v.rootsFromConsistencyProof(size1, size2, (proof.hashes || []).map(v.hexToBytes),
        known ? v.hexToBytes(known) : null);
      return `first root ${v.bytesToHex(roots.root1)}, second root ${v.bytesToHex(roots.root2)}`;
    } },
    { id: 'second-root', name: 'Second root is signed', run: async () => {
      if (!roots) throw skip('no proof');
      if (!checkpoint) throw skip('no verified checkpoint');
      const want = size2 === checkpoint.size ? v.bytesToHex(checkpoint.root) : null;
      if (!want) throw skip(`size ${size2} is not the current checkpoint's; compare the root with a checkpoint you kept`);
      if (v.bytesToHex(roots.root2) !== want) throw new v.CheckError(`computed ${v.bytesToHex(roots.root2)}, checkpoint ${want}`);
      return 'equals the verified checkpoint root';
    } },
    { id: 'first-root', name: 'First root is one already trusted', run: async () => {
      if (!roots) throw skip('no proof');
      if (!known) throw skip(`no root of size ${size1} kept in this browser or entered: compare ${v.bytesToHex(roots.root1)} with yours`);
      if (v.bytesToHex(roots.root1) !== known) throw new v.CheckError(`computed ${v.bytesToHex(roots.root1)}, trusted ${known}`);
      return given ? 'equals the root entered' : 'equals a checkpoint this browser verified';
    } },
  ]);
  if (proof) root.append(facts([['proof hashes', String((proof.hashes || []).length)]]));
}
