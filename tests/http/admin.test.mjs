// The platform's administration without SQL: cities, their officers and roles, bodies' staff,
// deactivation; every change in the audit log, and only for the administrator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Client, loginEmail, piva } from './helpers.mjs';

const admin = new Client();
const istat = `8${String(Date.now() % 1e5).padStart(5, '0')}`;
let personId;
let personEmail;
let password;

test('only the administrator reaches the administration', async () => {
  await admin.login('admin');
  assert.equal((await admin.get('/admin/cities')).status, 200);
  const officer = new Client();
  await officer.login('officer');
  assert.equal((await officer.get('/admin/cities')).status, 403);
  assert.equal((await officer.get('/admin/users')).status, 403);
  await officer.get('/');
  assert.equal((await officer.post('/admin/cities', { istat_code: '123456', name: 'X' })).status, 403);
});

test('a city is added from the page; mistakes are named on their field', async () => {
  await admin.get('/admin/cities');
  const bad = await admin.post('/admin/cities', { istat_code: '12a', name: 'Comune di Prova' }, { accept: 'application/json' });
  assert.equal(bad.status, 422);
  assert.ok(bad.json().errors.some((e) => e.field === 'istat_code'));
  const ok = await admin.post('/admin/cities', { istat_code: istat, name: 'Comune di Prova Amministrata' });
  assert.equal(ok.status, 303);
  const again = await admin.post('/admin/cities', { istat_code: istat, name: 'Di nuovo' }, { accept: 'application/json' });
  assert.equal(again.status, 409);
  const page = await admin.get('/admin/cities', { accept: 'application/json' });
  assert.ok(page.json().cities.some((c) => c.istat_code === istat && c.name === 'Comune di Prova Amministrata'));
  const html = await admin.get('/admin/users');
  assert.match(html.text, new RegExp(`<option value="${istat}">Comune di Prova Amministrata`));
});

test("the city's officer is added with a password shown once, and signs in with it", async () => {
  personEmail = `funzionaria-${randomBytes(3).toString('hex')}@test.invalid`;
  await admin.get('/admin/users');
  const res = await admin.post('/admin/users', { email: personEmail, name: 'Funzionaria Amministrata', role: 'officer', city: istat }, { accept: 'application/json' });
  assert.equal(res.status, 201);
  ({ id: personId, password } = res.json().created);
  assert.match(password, /^[A-Za-z0-9_-]{16}$/);
  const list = await admin.get('/admin/users', { accept: 'application/json' });
  assert.ok(!list.text.includes(password), 'the password is never shown again');
  const c = new Client();
  await loginEmail(c, personEmail, password);
  const home = await c.get('/');
  assert.match(home.text, /Comune di Prova Amministrata/, 'the officer works in the new city');
  const dup = await admin.post('/admin/users', { email: personEmail, name: 'X', role: 'officer', city: istat }, { accept: 'application/json' });
  assert.equal(dup.status, 409);
  const ets = await admin.post('/admin/users', { email: `e-${randomBytes(3).toString('hex')}@test.invalid`, name: 'Senza ente', role: 'ets', city: istat }, { accept: 'application/json' });
  assert.equal(ets.status, 422);
  assert.ok(ets.json().errors.some((e) => e.field === 'org_tax_code'));
  const badOrg = await admin.post('/admin/users', { email: `e-${randomBytes(3).toString('hex')}@test.invalid`, name: 'Ente sbagliato', role: 'ets', city: istat, org_tax_code: '12345678901' }, { accept: 'application/json' });
  assert.equal(badOrg.status, 422);
  const cf = piva(`94${String(Date.now() % 1e7).padStart(7, '0')}`.slice(0, 9) + '3');
  const body = await admin.post('/admin/users', { email: `e-${randomBytes(3).toString('hex')}@test.invalid`, name: 'Legale Ente Nuovo', role: 'ets', city: istat, org_tax_code: cf, org_name: 'Cooperativa Amministrata ETS', runts: 'R-9', legal_rep: '1' }, { accept: 'application/json' });
  assert.equal(body.status, 201, body.text.slice(0, 300));
});

test('roles are granted and revoked; a deactivated person is signed out at once', async () => {
  await admin.get(`/admin/users/${personId}`);
  const grant = await admin.post(`/admin/users/${personId}/roles`, { role: 'controller', city: istat });
  assert.equal(grant.status, 303);
  let person = (await admin.get(`/admin/users/${personId}`, { accept: 'application/json' })).json().person;
  assert.deepEqual(person.memberships.map((m) => m.role).sort(), ['controller', 'officer']);
  const c = new Client();
  await loginEmail(c, personEmail, password);
  assert.equal((await c.get('/controls')).status, 200, 'the new role opens its pages');
  const ctl = person.memberships.find((m) => m.role === 'controller');
  assert.equal((await admin.post(`/admin/users/${personId}/roles/${ctl.id}/revoke`, {})).status, 303);
  assert.equal((await c.get('/controls')).status, 403, 'and the revoked one closes them');
  assert.equal((await admin.post(`/admin/users/${personId}/active`, {})).status, 303);
  assert.equal((await c.get('/account', { accept: 'application/json' })).status, 401, 'signed out');
  const again = new Client();
  await again.get('/login');
  assert.equal((await again.post('/login', { email: personEmail, password })).status, 401);
  assert.equal((await admin.post(`/admin/users/${personId}/active`, { active: '1' })).status, 303);
  person = (await admin.get(`/admin/users/${personId}`, { accept: 'application/json' })).json().person;
  assert.equal(person.active, 1);
  const me = (await admin.get('/account', { accept: 'application/json' })).json().user;
  const self = await admin.post(`/admin/users/${me.id}/active`, {}, { accept: 'application/json' });
  assert.equal(self.status, 409, 'not yourself');
  const audit = await admin.get('/audit', { accept: 'application/json' });
  const actions = audit.json().entries.map((e) => e.action);
  for (const a of ['city_add', 'user_add', 'user_grant', 'user_revoke', 'user_deactivate', 'user_activate']) assert.ok(actions.includes(a), `${a} in the audit log`);
});

test('a city is renamed and a body corrected, both in the audit log', async () => {
  const cities = (await admin.get('/admin/cities', { accept: 'application/json' })).json().cities;
  const mine = cities.find((c) => c.istat_code === istat);
  await admin.get('/admin/cities');
  assert.equal((await admin.post(`/admin/cities/${mine.id}`, { name: 'Comune di Prova Rinominata' })).status, 303);
  const bad = await admin.post(`/admin/cities/${mine.id}`, { name: 'Comune \u202eovorP' }, { accept: 'application/json' });
  assert.equal(bad.status, 422);
  assert.equal((await admin.post('/admin/cities/999999', { name: 'Nessuna' }, { accept: 'application/json' })).status, 404);
  const after = (await admin.get('/admin/cities', { accept: 'application/json' })).json().cities.find((c) => c.id === mine.id);
  assert.equal(after.name, 'Comune di Prova Rinominata');
  const bodies = (await admin.get('/admin/bodies', { accept: 'application/json' })).json().bodies;
  const coop = bodies.find((b) => b.name === 'Cooperativa Amministrata ETS');
  assert.ok(coop && coop.people === 1);
  await admin.get('/admin/bodies');
  assert.equal((await admin.post(`/admin/bodies/${coop.id}`, { name: 'Cooperativa Amministrata Impresa Sociale ETS', runts_number: 'R-10' })).status, 303);
  const changed = (await admin.get('/admin/bodies', { accept: 'application/json' })).json().bodies.find((b) => b.id === coop.id);
  assert.deepEqual([changed.name, changed.runts_number, changed.tax_code], ['Cooperativa Amministrata Impresa Sociale ETS', 'R-10', coop.tax_code]);
  const actions = (await admin.get('/audit', { accept: 'application/json' })).json().entries.map((e) => e.action);
  assert.ok(actions.includes('city_rename') && actions.includes('body_update'));
});
