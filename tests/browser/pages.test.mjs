// Every page each role can open, as a person meets it: a real Chromium walks the links from the
// home page as a visitor and as each demo role, one page per route shape (/calls/{n} once),
// and checks each at 375, 768 and 1,280 px: no sideways scrolling (scrollWidth <= innerWidth),
// Bootstrap Italia's Titillium Web loaded from the site, no Content-Security-Policy violation
// or script error, and axe-core WCAG 2.1 AA with no violation (at 375 and 1,280 px, where the
// menu differs). A screenshot of every page view goes to $COPROG_SCREENSHOTS (make test names
// the folder at the end).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, axe } from './browser.mjs';

const BASE = process.env.COPROG_URL;
const PASSWORD = process.env.COPROG_DEMO_PASSWORD;
const SHOTS = process.env.COPROG_SCREENSHOTS || 'build/screenshots';
const WIDTHS = [375, 768, 1280];
const AXE_WIDTHS = new Set([375, 1280]);
const MAX_PAGES = Number(process.env.COPROG_MAX_PAGES || 90);
// Not pages: downloads, feeds, actions and what would end the walk.
const SKIP = /^\/(static\/|logout|_test\/|healthz)|\.(pdf|xlsx|csv|ics|json|txt|png|jpe?g|webp|svg)$|\/(photos|attachments|documents|receipts\/\d+|pdf|igrue\/)|\/calendar\//;
const shape = (path) => path.replace(/\/\d+/g, '/{n}');
const WHO = ['visitor', 'officer', 'evaluator1', 'controller', 'ets1', 'resident1', 'housing', 'social', 'registry', 'auditor', 'admin'];

let browser;
const summary = { views: 0, fit: 0, titillium: 0, axe_clean: 0, axe_runs: 0, pages: 0 };

before(async () => {
  browser = await launch();
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  writeFileSync(join(SHOTS, 'summary.json'), JSON.stringify(summary, null, 2));
  console.log(`# page views: ${summary.views} (${summary.pages} pages), fitting their width: ${summary.fit}, ` +
    `with Titillium Web: ${summary.titillium}, axe runs clean: ${summary.axe_clean} of ${summary.axe_runs}`);
});

async function walk(who) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  let current = '';
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`${current}: console: ${m.text().slice(0, 200)}`); });
  page.on('pageerror', (e) => problems.push(`${current}: script error: ${String(e).slice(0, 200)}`));
  if (who !== 'visitor') {
    await page.goto(`${BASE}/login`);
    await page.fill('#email', `${who}@demo.invalid`);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    assert.equal(new URL(page.url()).pathname, '/', `${who} signed in`);
  }
  const seen = new Set();
  const queue = ['/'];
  const dir = join(SHOTS, who);
  mkdirSync(dir, { recursive: true });
  while (queue.length && seen.size < MAX_PAGES) {
    const path = queue.shift();
    if (seen.has(shape(path))) continue;
    seen.add(shape(path));
    current = `${who} ${path}`;
    await page.setViewportSize({ width: 1280, height: 900 });
    let res;
    try {
      res = await page.goto(BASE + path);
    } catch (e) {
      if (/Download is starting/.test(String(e))) continue; // a file, not a page
      throw e;
    }
    if (!res || res.status() >= 400 || !(res.headers()['content-type'] || '').startsWith('text/html')) continue;
    await page.evaluate(() => document.fonts.ready);
    summary.pages++;
    for (const href of await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')))) {
      const u = new URL(href, BASE + path);
      if (u.origin !== new URL(BASE).origin || SKIP.test(u.pathname) || u.searchParams.has('lang')) continue;
      if (!seen.has(shape(u.pathname))) queue.push(u.pathname);
    }
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      const m = await page.evaluate(() => ({
        sw: document.documentElement.scrollWidth,
        iw: window.innerWidth,
        titillium: [...document.fonts].some((f) => f.family.replace(/"/g, '') === 'Titillium Web' && f.status === 'loaded'),
      }));
      summary.views++;
      if (m.sw <= m.iw) summary.fit++;
      else problems.push(`${current} @${width}: ${m.sw} px wide in ${m.iw}`);
      if (m.titillium) summary.titillium++;
      else problems.push(`${current} @${width}: Titillium Web not loaded`);
      if (AXE_WIDTHS.has(width)) {
        const v = await axe(page);
        summary.axe_runs++;
        if (v.length === 0) summary.axe_clean++;
        else problems.push(`${current} @${width}: axe: ${v.join('; ')}`);
      }
      await page.screenshot({ path: join(dir, `${shape(path).replace(/[^a-z0-9{}]+/gi, '_') || 'home'}-${width}.png`) });
    }
  }
  await context.close();
  return { seen: seen.size, problems };
}

for (const who of WHO) {
  test(`every page ${who} can open fits 375, 768 and 1,280 px, in the design system's fonts, accessible`, async () => {
    const { seen, problems } = await walk(who);
    assert.ok(seen >= 5, `${who} reached ${seen} pages`);
    assert.deepEqual(problems, []);
  });
}
