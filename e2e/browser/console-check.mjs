// Drives the tlog-service web console in Debian's chromium, headless, through playwright-core, and reports what each
// page showed, for ConsoleIT to assert on: the page title, messages, every check with its status and reason, the
// result rows, and any script error. Screenshots of each page go to KEYLESS_SCREENSHOTS.
//
// Input (environment): KEYLESS_CONSOLE (the console's URL), KEYLESS_CHROMIUM (the browser binary),
// KEYLESS_SCREENSHOTS (a directory), KEYLESS_STEPS (JSON: [{name, hash, fill?}]): each step opens
// <console>#<hash>, or, with `fill`, types it into the search box of the page and submits.
// Output: one JSON line {steps: [{name, ms, title, messages, checks, rows, errors}]}.
import { chromium } from 'playwright-core';
import { join } from 'node:path';

const base = process.env.KEYLESS_CONSOLE;
const steps = JSON.parse(process.env.KEYLESS_STEPS || '[]');
const shots = process.env.KEYLESS_SCREENSHOTS;
const browser = await chromium.launch({ executablePath: process.env.KEYLESS_CHROMIUM, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const out = [];
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  let errors = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console error: ${m.text()}`); });
  for (const step of steps) {
    errors = [];
    const t0 = Date.now();
    const routes = () => page.evaluate(() => Number(document.body.dataset.routes || 0));
    const settled = (after) => page.waitForFunction((n) => Number(document.body.dataset.routes || 0) > n
      && document.body.dataset.busy === '0', after, { timeout: 20000 });
    let timedOut = null;
    try {
      let before = await routes().catch(() => 0);
      await page.goto(`${base}#${step.hash}`);
      await settled(before);
      if (step.fill !== undefined) {
        before = await routes();
        await page.fill('#q', step.fill);
        await page.click('form.search button');
        await settled(before);
      }
    } catch (e) {
      // Reported with what the page showed by then, for the caller to assert on (or a person to read).
      timedOut = `${e.name}: ${e.message.split('\n')[0]}; page: ${await page.evaluate(() => document.body.innerText.slice(0, 2000)).catch(() => '?')}`;
    }
    const ms = Date.now() - t0;
    const seen = await page.evaluate(() => {
      const main = document.getElementById('main');
      const text = (e) => e.textContent.trim();
      return {
        title: main.querySelector('h2') ? text(main.querySelector('h2')) : '',
        messages: [...main.querySelectorAll('.message')].map(text),
        checks: [...main.querySelectorAll('li.check')].map((c) => ({ id: c.dataset.check,
          status: c.className.replace('check', '').trim(), detail: text(c.querySelector('.detail')) })),
        rows: [...main.querySelectorAll('table.results tbody tr')].map((r) => [...r.cells].map(text)),
        facts: Object.fromEntries([...main.querySelectorAll('dl.facts dt')].map((dt) => [text(dt), text(dt.nextElementSibling)])),
      };
    });
    if (shots) await page.screenshot({ path: join(shots, `${step.name}.png`), fullPage: true });
    out.push({ name: step.name, ms, ...seen, errors: timedOut ? [...errors, timedOut] : errors });
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify({ steps: out }));
