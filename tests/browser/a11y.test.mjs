// A real Chromium signs in and checks the home and login pages with axe-core (WCAG 2.1 AA):
// no violations, no Content-Security-Policy violations, Bootstrap Italia loaded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, axe as axeOn } from './browser.mjs';

const BASE = process.env.COPROG_URL;
const PASSWORD = process.env.COPROG_DEMO_PASSWORD;

let browser;
let page;
const problems = [];

before(async () => {
  browser = await launch();
  page = await browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
});

after(async () => { await browser?.close(); });

const axe = (on = page) => axeOn(on);

test('the login page has no accessibility violations', async () => {
  await page.goto(`${BASE}/login`);
  assert.equal(await page.getAttribute('html', 'lang'), 'it');
  const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  assert.match(font, /Titillium/, 'Bootstrap Italia styles are applied');
  assert.deepEqual(await axe(), []);
});

test('an officer signs in and the home page has no accessibility violations', async () => {
  await page.fill('#email', 'officer@demo.invalid');
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  assert.equal(new URL(page.url()).pathname, '/');
  assert.match(await page.textContent('main'), /Funzionario/);
  assert.match(await page.textContent('header'), /Comune di Milano/);
  assert.deepEqual(await axe(), []);
});

test('the calls list, a call, the call form and the operations have no accessibility violations', async () => {
  for (const path of ['/calls', '/calls/1', '/calls/new', '/calls/1/ranking', '/calls/1/evaluation', '/calls/1/timeline', '/calls/1/tables', '/tables/1', '/agreements', '/agreements/1', '/agreements/1/indicators', '/agreements/1/participants', '/agreements/1/claims', '/claims/1', '/operations/2/progress', '/monitoring/igrue', '/housing', '/join', '/signup', '/queue', '/tickets/1', '/transparency', '/notifications', '/events', '/events/1', '/rooms', '/rooms/2', '/timebank/report', '/ideas', '/ideas/1', '/monitoring', '/opendata', '/proposals', '/receipts', '/operations', '/spaces', '/spaces/new', '/account', '/hubs', '/hubs/1', '/services', '/services/2', '/services/board', '/committees', '/committees/1', '/moderation', '/my/notifications']) {
    await page.goto(`${BASE}${path}`);
    assert.equal((await page.title()).includes('Errore'), false, path);
    assert.deepEqual(await axe(), [], path);
  }
});

test('a controller\'s queue, a claim under check and the register have no accessibility violations', async () => {
  const ctx = await browser.newContext();
  const ctl = await ctx.newPage();
  ctl.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await ctl.goto(`${BASE}/login`);
  await ctl.fill('#email', 'controller@demo.invalid');
  await ctl.fill('#password', PASSWORD);
  await Promise.all([ctl.waitForNavigation(), ctl.click('button[type=submit]')]);
  for (const path of ['/controls', '/claims/2', '/agreements/1/participants']) {
    await ctl.goto(`${BASE}${path}`);
    assert.equal((await ctl.title()).includes('Errore'), false, path);
    assert.deepEqual(await axe(ctl), [], path);
    if (path === '/claims/2') assert.ok(await ctl.isVisible('form[action="/lines/4/check"]'), 'the check form of a submitted claim');
  }
  await ctx.close();
});

test('a resident\'s home, tickets and notifications have no accessibility violations', async () => {
  const ctx = await browser.newContext();
  const res = await ctx.newPage();
  res.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await res.goto(`${BASE}/login`);
  await res.fill('#email', 'resident1@demo.invalid');
  await res.fill('#password', PASSWORD);
  await Promise.all([res.waitForNavigation(), res.click('button[type=submit]')]);
  for (const path of ['/my/home', '/tickets', '/tickets/2', '/notifications', '/events/2', '/my/calendar', '/rooms', '/rooms/1', '/timebank', '/ideas/1', '/my/data', '/hubs', '/hubs/1', '/services', '/services/2', '/committees/1', '/my/notifications']) {
    await res.goto(`${BASE}${path}`);
    assert.equal((await res.title()).includes('Errore'), false, path);
    assert.deepEqual(await axe(res), [], path);
  }
  await ctx.close();
});

test('the English home page has no accessibility violations either', async () => {
  await page.goto(`${BASE}/?lang=en`);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.deepEqual(await axe(), []);
});

test('an ETS sees the proposal form and its proposals without accessibility violations', async () => {
  const ctx = await browser.newContext();
  const ets = await ctx.newPage();
  ets.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await ets.goto(`${BASE}/login`);
  await ets.fill('#email', 'ets1@demo.invalid');
  await ets.fill('#password', PASSWORD);
  await Promise.all([ets.waitForNavigation(), ets.click('button[type=submit]')]);
  const calls = await (await ets.request.get(`${BASE}/calls`, { headers: { Accept: 'application/json' } })).json();
  const open = calls.calls.find((c) => c.is_open);
  for (const path of [`/calls/${open.id}`, `/calls/${open.id}/proposals/new`, '/proposals']) {
    await ets.goto(`${BASE}${path}`);
    assert.deepEqual(await axe(ets), [], path);
  }
  await ctx.close();
});

test('no console errors and no CSP violations on the way', () => {
  assert.deepEqual(problems, []);
});
