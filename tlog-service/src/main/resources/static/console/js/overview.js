// The log at a glance: the current checkpoint verified in this browser, and the log's growth over time.
import { api } from './api.js';
import { logKey, keyNote } from './keys.js';
import { el, show, facts, runChecks, message, time, skip } from './ui.js';
import * as v from './verify.js';

const SEEN = 'keyless.console.checkpoints';
const SAMPLES = 24;

/** Keeps a verified checkpoint (size and root per tree) for later consistency checks in this browser. */
export function remember(treeId, checkpoint) {
  const all = remembered();
  const list = all[treeId || 'active'] || [];
  const root = v.bytesToHex(checkpoint.root);
  if (!list.some((c) => c.size === checkpoint.size && c.root === root)) {
    list.push({ size: checkpoint.size, root, seen: new Date().toISOString() });
    list.sort((a, b) => a.size - b.size);
    all[treeId || 'active'] = list.slice(-50);
    localStorage.setItem(SEEN, JSON.stringify(all));
  }
}

export function remembered() {
  try {
    return JSON.parse(localStorage.getItem(SEEN) || '{}');
  } catch {
    return {};
  }
}

export async function overviewView(root) {
  show(root, el('h2', {}, 'Log'), message('info', 'Loading…'));
  let log;
  try {
    log = await api.log();
  } catch (e) {
    show(root, el('h2', {}, 'Log'), message('error', `The log did not answer: ${e.message}`));
    return;
  }
  const page = el('div', { class: 'overview' });
  const shards = log.inactiveShards || [];
  const total = log.treeSize + shards.reduce((n, s) => n + s.treeSize, 0);
  show(root, el('h2', {}, 'Log'), page);
  page.append(facts([
    ['tree size', String(log.treeSize)],
    ['root hash', el('code', {}, log.rootHash)],
    ['tree ID', log.treeID],
    ['earlier shards', shards.length ? shards.map((s) => `${s.treeID} (${s.treeSize} entries)`).join(', ') : ''],
    ['entries in all shards', String(total)],
  ]));
  page.append(el('h3', {}, 'Checkpoint'), el('pre', { class: 'checkpoint' }, log.signedTreeHead));
  let key;
  let checkpoint;
  await runChecks(page, [
    { id: 'key', name: 'Log key', run: async () => { key = await logKey(log.treeID); return keyNote(key); } },
    { id: 'checkpoint', name: 'Checkpoint signature', run: async () => {
      if (!key) throw skip('no log key');
      const parsed = v.parseCheckpoint(log.signedTreeHead);
      await v.verifyCheckpoint(parsed, key);
      checkpoint = parsed;
      remember(log.treeID, checkpoint);
      return `signed by ${checkpoint.signatures[0].name}`;
    } },
    { id: 'checkpoint-root', name: 'Checkpoint matches the reported tree', run: async () => {
      if (!checkpoint) throw skip('no verified checkpoint');
      if (checkpoint.size !== log.treeSize || v.bytesToHex(checkpoint.root) !== log.rootHash) {
        throw new v.CheckError(`checkpoint ${checkpoint.size}/${v.bytesToHex(checkpoint.root)}, reported ${log.treeSize}/${log.rootHash}`);
      }
      return 'same size and root';
    } },
  ]);
  const chart = el('div', { class: 'chart' }, message('info', 'Loading the growth chart…'));
  page.append(el('h3', {}, 'Growth'), chart);
  growth(chart, total).catch((e) => show(chart, message('error', `No chart: ${e.message}`)));
}

/** Entries over time, from the integrated times of evenly spaced entries (a few requests, whatever the size). */
async function growth(root, total) {
  if (total < 2) {
    show(root, message('info', 'Too few entries for a chart.'));
    return;
  }
  const indexes = [...new Set(Array.from({ length: SAMPLES }, (_, i) => Math.round((i * (total - 1)) / (SAMPLES - 1))))];
  const points = (await Promise.all(indexes.map(async (i) => {
    const answer = await api.entryByIndex(i);
    const entry = Object.values(answer)[0];
    return { x: entry.integratedTime, y: i + 1 };
  }))).sort((a, b) => a.x - b.x);
  const [w, h, pad] = [640, 200, 40];
  const x0 = points[0].x;
  const x1 = Math.max(points[points.length - 1].x, x0 + 1);
  const sx = (x) => pad + ((x - x0) / (x1 - x0)) * (w - 2 * pad);
  const sy = (y) => h - pad + 10 - (y / total) * (h - 2 * pad);
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `entries over time: ${total} entries from ${time(x0)} to ${time(x1)}`);
  const line = document.createElementNS(ns, 'polyline');
  line.setAttribute('points', points.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' '));
  line.setAttribute('class', 'growth');
  svg.append(line);
  for (const [tx, ty, label] of [[pad, h - 8, time(x0)], [w - pad, h - 8, time(x1)], [4, 20, String(total)]]) {
    const t = document.createElementNS(ns, 'text');
    t.setAttribute('x', tx);
    t.setAttribute('y', ty);
    t.setAttribute('text-anchor', tx === w - pad ? 'end' : 'start');
    t.textContent = label;
    svg.append(t);
  }
  show(root, svg);
}
