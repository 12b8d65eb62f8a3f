// The console's router: #/ (the log), #/search?q=, #/entry/<uuid or index>, #/consistency?first=&second=&root=,
// #/ct?identity=, #/keys.
import { overviewView } from './overview.js';
import { searchView } from './search.js';
import { entryView } from './entry.js';
import { consistencyView } from './consistency.js';
import { ctView } from './ct.js';
import { pinnedKeys, setPinnedKeys } from './keys.js';
import { el, show, message } from './ui.js';

const main = document.getElementById('main');

function go(hash, replace) {
  if (replace) {
    history.replaceState(null, '', hash);
    route();
  } else {
    location.hash = hash;
  }
}

function keysView(root) {
  const area = el('textarea', { id: 'pins', rows: '8', spellcheck: 'false',
    placeholder: '-----BEGIN PUBLIC KEY-----\n… the log keys from your trusted_root.json …\n-----END PUBLIC KEY-----' });
  area.value = pinnedKeys().join('\n');
  const status = el('div', {});
  show(root, el('h2', {}, 'Pinned log keys'),
    el('p', {}, 'Checks run under these keys when the log\'s key matches one of them; otherwise the page says the key '
      + 'was served by the log itself. Kept in this browser only.'),
    el('form', { onsubmit: (e) => {
      e.preventDefault();
      const pems = area.value.match(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g) || [];
      setPinnedKeys(pems);
      show(status, message('info', `${pems.length} key(s) pinned.`));
    } }, area, el('button', { type: 'submit' }, 'Save')), status);
}

async function route() {
  const hash = location.hash || '#/';
  const [path, query] = hash.slice(1).split('?');
  const params = new URLSearchParams(query || '');
  document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('active', path.startsWith(a.getAttribute('href').slice(1)) && a.getAttribute('href') !== '#/' || path === '/' && a.getAttribute('href') === '#/'));
  // body[data-routes] counts finished pages and body[data-busy] is 1 while one runs: tests wait on these.
  document.body.dataset.busy = '1';
  try {
    if (path === '/' || path === '') await overviewView(main);
    else if (path === '/search') await searchView(main, params.get('q'), go);
    else if (path.startsWith('/entry/')) await entryView(main, decodeURIComponent(path.slice('/entry/'.length)));
    else if (path === '/consistency') await consistencyView(main, params, go);
    else if (path === '/ct') await ctView(main, params, go);
    else if (path === '/keys') keysView(main);
    else show(main, message('error', `No page ${path}.`));
  } catch (e) {
    show(main, message('error', `This page failed: ${e.message}`));
  } finally {
    document.body.dataset.routes = String(Number(document.body.dataset.routes || 0) + 1);
    document.body.dataset.busy = '0';
  }
}

window.addEventListener('hashchange', route);
route();
