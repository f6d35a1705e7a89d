// Public housing: the housing office imports buildings, units and tenants from CSV (a single
// bad row rejects the whole file, every bad row reported); tenants join with their invitation
// code or sign up and are verified; a tenant lives in one unit at a time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BASE, Client } from './helpers.mjs';

const officer = new Client();
const tag = randomBytes(3).toString('hex').toUpperCase();
const csv = (rows) => ({ name: 'inquilini.csv', type: 'text/csv', bytes: Buffer.from(rows.join('\r\n') + '\r\n') });
const HEADER = 'building_code;address;neighbourhood;municipio;managing_body;unit_code;full_name;tax_code';
let codes = [];

test('setup: the housing office signs in', async () => {
  await officer.login('officer');
  const page = await officer.get('/housing', { accept: 'application/json' });
  assert.equal(page.status, 200);
  await officer.get('/housing');
});

test('a file with bad rows is rejected whole, each bad row with its line and reason', async () => {
  const before = (await officer.get('/housing', { accept: 'application/json' })).json();
  await officer.get('/housing');
  const res = await officer.multipart('/housing/import', [['file', csv([HEADER,
    `B-${tag}-1;via Esempio 1;Corvetto;4;ALER Milano;A-1;Anna Prova;RSSMRA80A41F205B`,
    `B-${tag}-1;via Diversa 9;Corvetto;4;ALER Milano;A-2;Bruno Prova;`,
    `B-${tag}-2;via Esempio 2;Gorla;120;ALER Milano;B-1;;`,
    `B-${tag}-2;via Esempio 2;Gorla;2;ALER Milano;B-2;Carla Prova;RSSMRA80A41F205X`,
    `B-${tag}-3;via Esempio 3;Gorla;2;ALER Milano;C-1;Dario Prova;RSSMRA80A41F205B`,
  ])]], { accept: 'application/json' });
  assert.equal(res.status, 422);
  const rejected = res.json().report.rejected.map((e) => [e.line, e.field]);
  assert.deepEqual(rejected.sort(), [[3, 'address'], [4, 'full_name'], [4, 'municipio'], [5, 'tax_code'], [6, 'tax_code']].sort());
  assert.ok(res.json().report.rejected.every((e) => e.reason && !e.reason.startsWith('housing.')), 'reasons in Italian');
  const after = (await officer.get('/housing', { accept: 'application/json' })).json();
  assert.equal(after.buildings_n, before.buildings_n, 'nothing half-imported');
  await officer.get('/housing');
  const nohead = await officer.multipart('/housing/import', [['file', csv(['a;b;c', '1;2;3'])]], { accept: 'application/json' });
  assert.equal(nohead.status, 422);
  assert.ok(nohead.json().report.rejected.some((e) => e.field === 'building_code' && e.line === 1));
});

test('a good file creates buildings, units and invited tenants with their codes', async () => {
  await officer.get('/housing');
  const res = await officer.multipart('/housing/import', [['file', csv(['\uFEFF' + HEADER,
    `B-${tag}-1;via Esempio 1;Corvetto;4;ALER Milano;A-1;Anna Prova;RSSMRA80A41F205B`,
    `B-${tag}-1;via Esempio 1;Corvetto;4;ALER Milano;A-2;"Bruno ""Bru"" Prova; junior";`,
    `B-${tag}-2;via Esempio 2;Gorla;2;ALER Milano;B-1;Carla Prova;`,
  ])]], { accept: 'application/json' });
  assert.equal(res.status, 200, res.text.slice(0, 300));
  const r = res.json().report;
  assert.deepEqual([r.rows, r.buildings_new, r.units_new, r.residents_new, r.residents_moved], [3, 2, 3, 3, 0]);
  codes = r.codes;
  assert.equal(codes.length, 3);
  assert.ok(codes.every((c) => /^[A-HJ-NP-Z2-9]{10}$/.test(c.code)));
  assert.equal(codes.find((c) => c.line === 3).full_name, 'Bruno "Bru" Prova; junior', 'quotes and separators inside a field');
  await officer.get('/housing');
  const again = await officer.multipart('/housing/import', [['file', csv([HEADER,
    `B-${tag}-2;via Esempio 2;Gorla;2;ALER Milano;B-7;Anna Prova;RSSMRA80A41F205B`])], ['codes_csv', '1']]);
  assert.equal(again.status, 200);
  assert.match(again.headers.get('content-type'), /text\/csv/);
  assert.equal(again.text, 'line;full_name;building_code;unit_code;invite_code\r\n', 'a known person is moved, not invited again');
});

test('a tenant joins with the code once, and sees their home', async () => {
  const tenant = new Client();
  await tenant.get('/join');
  const email = `inquilina-${tag.toLowerCase()}@test.invalid`;
  const anna = codes.find((c) => c.full_name === 'Anna Prova');
  const res = await tenant.post('/join', { code: anna.code.toLowerCase().replace(/(.{5})/, '$1-'), email, name: 'Anna Prova', password: 'password-di-anna' });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  await tenant.get('/join');
  const reuse = await tenant.post('/join', { code: anna.code, email: `altra-${email}`, name: 'X', password: 'password-di-anna' }, { accept: 'application/json' });
  assert.equal(reuse.status, 422, 'a code is spent');
  await tenant.get('/login');
  assert.equal((await tenant.post('/login', { email, password: 'password-di-anna' })).status, 303);
  const home = (await tenant.get('/my/home', { accept: 'application/json' })).json().home;
  assert.deepEqual([home.building, home.unit, home.address], [`B-${tag}-2`, 'B-7', 'via Esempio 2'], 'moved by the second import');
  assert.equal((await officer.get('/my/home', { accept: 'application/json' })).status, 403);
});

test('someone without a code signs up and an officer verifies them', async () => {
  const c = new Client();
  await c.get('/signup');
  const email = `iscritto-${tag.toLowerCase()}@test.invalid`;
  const bad = await c.post('/signup', { city: '015146', email, name: 'Ezio Prova', password: 'password-di-ezio', building_code: `B-${tag}-1`, unit_code: 'Z-99' }, { accept: 'application/json' });
  assert.equal(bad.status, 422);
  assert.ok(bad.json().errors.some((e) => e.field === 'unit_code'));
  await c.get('/signup');
  assert.equal((await c.post('/signup', { city: '015146', email, name: 'Ezio Prova', password: 'password-di-ezio', building_code: `B-${tag}-1`, unit_code: 'A-2' })).status, 303);
  await c.get('/login');
  await c.post('/login', { email, password: 'password-di-ezio' });
  assert.equal((await c.get('/my/home', { accept: 'application/json' })).status, 403, 'not a resident before verification');
  const pending = (await officer.get('/housing', { accept: 'application/json' })).json().pending.find((p) => p.email === email);
  assert.ok(pending);
  await officer.get('/housing');
  assert.equal((await officer.post(`/residents/${pending.id}/verify`, { decision: 'approve' })).status, 303);
  assert.equal((await officer.post(`/residents/${pending.id}/verify`, { decision: 'refuse' }, { accept: 'application/json' })).status, 409);
  const fresh = new Client();
  await fresh.get('/login');
  await fresh.post('/login', { email, password: 'password-di-ezio' });
  assert.equal((await fresh.get('/my/home', { accept: 'application/json' })).json().home.unit, 'A-2');
});

test('sign-up does not tell who has an account, refuses look-alikes, and is limited per address', async () => {
  const c = new Client(BASE, { from: '127.0.0.5' });
  const form = (email, name = 'Nuova Persona') => ({ city: '015146', email, name, password: 'password-nuova-1', building_code: `B-${tag}-1`, unit_code: 'A-2' });
  await c.get('/signup');
  const known = await c.post('/signup', form('officer@demo.invalid'));
  await c.get('/signup');
  const fresh = await c.post('/signup', form(`nuova-${tag.toLowerCase()}@test.invalid`));
  assert.equal(known.status, fresh.status);
  assert.equal(known.headers.get('location'), fresh.headers.get('location'));
  await c.get('/signup');
  const knownJson = await c.post('/signup', form('resident1@demo.invalid'), { accept: 'application/json' });
  await c.get('/signup');
  const freshJson = await c.post('/signup', form(`altra-${tag.toLowerCase()}@test.invalid`), { accept: 'application/json' });
  assert.equal(knownJson.text, freshJson.text, 'a staff or resident address gets the answer a new one gets');
  // Look-alikes: a Cyrillic "о", a zero-width space; a name that turns the text around.
  for (const email of ['\u043efficer@demo.invalid', 'offi\u200bcer@demo.invalid']) {
    await c.get('/signup');
    const r = await c.post('/signup', form(email), { accept: 'application/json' });
    assert.equal(r.status, 422, email);
    assert.ok(r.json().errors.some((e) => e.field === 'email'));
  }
  for (const name of ['Mario \u202eissoR', 'Ma\u200brio', 'Mario\u2066 Rossi']) {
    await c.get('/signup');
    const r = await c.post('/signup', form(`nome-${randomBytes(3).toString('hex')}@test.invalid`, name), { accept: 'application/json' });
    assert.equal(r.status, 422, JSON.stringify(name));
    assert.ok(r.json().errors.some((e) => e.field === 'name'));
  }
  // Ten tries from one address in the window, then 429 with the time to wait.
  let limited = null;
  for (let i = 0; i < 12 && !limited; i++) {
    await c.get('/signup');
    const r = await c.post('/signup', form(`giro-${i}-${tag.toLowerCase()}@test.invalid`), { accept: 'application/json' });
    if (r.status === 429) limited = r;
  }
  assert.ok(limited, 'sign-ups are limited per address');
  assert.ok(Number(limited.headers.get('retry-after')) > 0);
});
