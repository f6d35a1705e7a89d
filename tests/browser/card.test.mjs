// The personal access card as people use it: the social worker prints it from the record, the
// person reads its QR code on a phone (the code comes after '#', the script puts it in the field
// and out of the address bar), sees who opened their record and withdraws a consent. Each page
// fits a 375 px phone, passes axe-core and is saved as a screenshot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, axe } from './browser.mjs';

const BASE = process.env.COPROG_URL;
const PASSWORD = process.env.COPROG_DEMO_PASSWORD;
const SHOTS = join(process.env.COPROG_SCREENSHOTS || 'build/screenshots', 'card');
let browser;

before(async () => { browser = await launch(); mkdirSync(SHOTS, { recursive: true }); });
after(async () => { await browser?.close(); });

async function check(page, name) {
  const { sw, iw } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, iw: window.innerWidth }));
  assert.ok(sw <= iw, `${name}: ${sw} px wide in ${iw}`);
  assert.deepEqual(await axe(page), [], name);
  await page.screenshot({ path: join(SHOTS, `${name}-${iw}.png`), fullPage: true });
}

test('a card printed at the desk opens the person\'s page on a phone, where they withdraw a consent', async () => {
  const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const phone = await browser.newContext({ viewport: { width: 375, height: 800 } });
  try {
    const page = await desk.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(`${BASE}/login`);
    await page.fill('#email', 'social@demo.invalid');
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    await page.goto(`${BASE}/people`);
    await Promise.all([page.waitForNavigation(), page.click('a:has-text("Esposito (demo)")')]);
    await check(page, 'record');
    await Promise.all([page.waitForNavigation(), page.click('#card ~ form button[type=submit]')]);
    await check(page, 'card-print');
    const code = (await page.textContent('#card-code')).trim();
    assert.match(code, /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    assert.equal(await page.locator('.qr-box svg[role=img] title').count(), 1, 'the QR code is named');

    const person = await phone.newPage();
    person.on('pageerror', (e) => problems.push(String(e)));
    await person.goto(`${BASE}/card#${code}`);
    assert.equal(await person.inputValue('#code'), code, 'the QR code filled the field');
    assert.equal(new URL(person.url()).hash, '', 'and left the address bar');
    await check(person, 'card-form');
    await Promise.all([person.waitForNavigation(), person.click('#card-form button[type=submit]')]);
    assert.match(await person.textContent('main'), /Chi ha aperto la tua scheda/);
    assert.match(await person.textContent('main'), /Sara Assistente Sociale \(demo\)/, 'the social worker who opened it');
    assert.match(await person.textContent('main'), /Cooperativa Sociale Esempio Aurora ETS \(demo\)/, 'the body that read it');
    await check(person, 'card-view');
    await Promise.all([person.waitForNavigation(), person.click('form[action*="/revoke"] button')]);
    assert.match(await person.textContent('main .alert-success'), /Hai ritirato il consenso/);
    assert.equal(await person.locator('form[action*="/revoke"]').count(), 0, 'no live consent left');
    await check(person, 'card-revoked');
    assert.deepEqual(problems, []);
  } finally {
    await desk.close();
    await phone.close();
  }
});
