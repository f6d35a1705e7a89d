// Forms as people fill them: rows of a repeated group added and removed with the script, the
// same form working without it; the phone menu reachable with and without a script.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './browser.mjs';

const BASE = process.env.COPROG_URL;
const PASSWORD = process.env.COPROG_DEMO_PASSWORD;
let browser;

before(async () => {
  browser = await launch();
});
after(async () => { await browser?.close(); });

async function signedIn(who, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  await page.goto(`${BASE}/login`);
  await page.fill('#email', `${who}@demo.invalid`);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  return { context, page };
}

async function openCall(page) {
  const calls = await (await page.request.get(`${BASE}/calls`, { headers: { Accept: 'application/json' } })).json();
  return calls.calls.find((c) => c.is_open).id;
}

test('rows of a repeated group are added and removed, and renumbered', async () => {
  const { context, page } = await signedIn('ets1');
  await page.goto(`${BASE}/calls/${await openCall(page)}/proposals/new`);
  const targets = page.locator('fieldset', { has: page.locator('#target_group_1') });
  assert.equal(await targets.locator('.repeat-row').count(), 1, 'one blank row with the script');
  await targets.locator('.add-row').click();
  await targets.locator('.add-row').click();
  assert.equal(await targets.locator('.repeat-row').count(), 3);
  assert.equal(await page.locator('label[for=target_group_3]').textContent(), 'Gruppo di destinatari 3');
  await page.fill('#target_group_2', 'Giovani');
  await targets.locator('.repeat-row').first().locator('.remove-row').click();
  assert.equal(await targets.locator('.repeat-row').count(), 2);
  assert.equal(await page.inputValue('#target_group_1'), 'Giovani', 'the rows after it move up');
  await context.close();
});

test('without a script the same form has blank rows and posts; the phone menu opens', async () => {
  const { context, page } = await signedIn('ets1', { javaScriptEnabled: false, viewport: { width: 375, height: 800 } });
  await page.goto(`${BASE}/calls/${await openCall(page)}/proposals/new`);
  assert.equal(await page.locator('fieldset:has(#target_group_1) .repeat-row').count(), 3);
  assert.equal(await page.locator('.add-row').count(), 0);
  assert.equal(await page.locator('#nav-main').evaluate((e) => getComputedStyle(e).display), 'none');
  await page.click('.custom-navbar-toggler');
  assert.equal(await page.locator('#nav-main').evaluate((e) => getComputedStyle(e).display), 'block', 'the menu shows');
  await page.click('#nav-main .nav-group summary >> nth=0');
  assert.ok(await page.locator('#nav-main .nav-group details[open] a').first().isVisible(), 'a group opens');
  await context.close();
});
