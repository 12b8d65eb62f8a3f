// Small DOM helpers: every text goes in through textContent, never as HTML, since it comes from the log.

export function el(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null) e.setAttribute(k, v);
  }
  for (const kid of kids.flat(Infinity)) {
    if (kid === null || kid === undefined || kid === false) continue;
    e.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return e;
}

export function show(root, ...kids) {
  root.replaceChildren(...kids.flat().filter(Boolean));
}

/** A definition list of [label, value] rows; values may be nodes. */
export function facts(rows) {
  return el('dl', { class: 'facts' }, rows.filter((r) => r && r[1] !== undefined && r[1] !== null && r[1] !== '')
    .map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}

/**
 * A list of checks, each run in turn and shown as passed or failed with its reason. A check returns a detail
 * string (or nothing) when it holds and throws when it does not; `skip` marks one that could not run.
 */
export async function runChecks(root, checks) {
  const list = el('ul', { class: 'checks' });
  root.append(list);
  const results = [];
  for (const c of checks) {
    const item = el('li', { class: 'check running', 'data-check': c.id }, el('span', { class: 'mark' }, '…'),
      el('span', { class: 'name' }, c.name), el('span', { class: 'detail' }, ''));
    list.append(item);
    let status = 'passed';
    let detail = '';
    try {
      detail = (await c.run()) || '';
    } catch (e) {
      status = e && e.skip ? 'skipped' : 'failed';
      detail = e && e.message ? e.message : String(e);
    }
    item.className = `check ${status}`;
    item.querySelector('.mark').textContent = status === 'passed' ? '✓ passed' : status === 'failed' ? '✗ failed' : '– skipped';
    item.querySelector('.detail').textContent = detail;
    results.push({ id: c.id, status, detail });
  }
  list.setAttribute('data-done', results.every((r) => r.status === 'passed') ? 'passed' : 'failed');
  return results;
}

export function skip(reason) {
  const e = new Error(reason);
  e.skip = true;
  return e;
}

export function message(kind, text) {
  return el('p', { class: `message ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

export const time = (seconds) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
