// Races: 500 concurrent attempts at one booking slot and at one activity's last place, from 20
// tenants (25 attempts each), 100 in flight at any time; 200 street teams' holds at a shelter's
// last bed. Exactly one wins; every other attempt gets a 409 with a message;
// and 500 simultaneous registrations in the protocol register take 500 numbers in a row;
// the database holds one booking of the slot and one confirmed place. The suite runs this on
// SQLite (one instance) and on PostgreSQL with three instances behind nginx (TLS).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BASE, Client, api, localIn, newTenant, tokenFor } from '../http/helpers.mjs';

const ATTEMPTS = 500;
const officer = new Client();
const tenants = Array.from({ length: 20 }, () => new Client());
const building = `RACE-${randomBytes(3).toString('hex')}`;

/** Runs the attempts with at most 100 in flight, inside coprog's connection limits (1,024 in
 * all, shared by its 8 threads; 256 per address), so that every attempt reaches it. */
async function attempts(n, fn) {
  const out = new Array(n);
  let next = 0;
  await Promise.all(Array.from({ length: 100 }, async () => {
    while (next < n) { const i = next++; out[i] = await fn(i); }
  }));
  return out;
}

function tally(answers) {
  const count = (s) => answers.filter((a) => a.status === s).length;
  return { ok: count(200), conflict: count(409), other: answers.filter((a) => a.status !== 200 && a.status !== 409).map((a) => a.status) };
}

test('setup: 20 tenants', async () => {
  await officer.login('officer');
  for (const t of tenants) await newTenant(officer, t, { building, address: 'via delle Corse 1', hood: 'Prova corse' });
});

test(`${ATTEMPTS} attempts at one booking slot: one booking, ${ATTEMPTS - 1} clear 409s`, async () => {
  await officer.get('/rooms');
  const made = await officer.post('/rooms', { name: `Sala delle corse ${building}`, opens_hour: '8', closes_hour: '22', max_hours: '4', weekly_hours: '40' });
  const room = Number(made.headers.get('location').split('/').pop());
  for (const t of tenants) await t.get(`/rooms/${room}`);
  const d = new Date(Date.now() + 9 * 86400e3);
  const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(d);
  const answers = await attempts(ATTEMPTS, (i) =>
    tenants[i % tenants.length].post(`/rooms/${room}/bookings`, { starts_at: `${day}T18:00`, slots: '2' }, { accept: 'application/json' }));
  const t = tally(answers);
  assert.deepEqual(t, { ok: 1, conflict: ATTEMPTS - 1, other: [] });
  const losers = answers.filter((a) => a.status === 409).map((a) => a.json().error.message);
  assert.ok(losers.every((m) => m.length > 10), 'every refusal says why');
  const held = (await officer.get(`/rooms/${room}`, { accept: 'application/json' })).json().room.bookings
    .filter((b) => b.state !== 'cancelled' && b.state !== 'refused');
  assert.equal(held.length, 1);
});

test(`${ATTEMPTS} attempts at an activity's last place: one confirmed, ${ATTEMPTS - 1} clear 409s`, async () => {
  const made = await api('ets1', 'POST', '/events', { title: `Ultimo posto ${building}`, place: 'Cortile', starts_at: localIn(5 * 86400), ends_at: localIn(5 * 86400 + 3600), capacity: '1' });
  assert.equal(made.status, 200, made.text.slice(0, 200));
  const id = made.json().event_id;
  for (const t of tenants) await t.get(`/events/${id}`);
  const answers = await attempts(ATTEMPTS, (i) =>
    tenants[i % tenants.length].post(`/events/${id}/register`, { no_waitlist: '1' }, { accept: 'application/json' }));
  const t = tally(answers);
  assert.deepEqual(t, { ok: 1, conflict: ATTEMPTS - 1, other: [] });
  const keys = new Set(answers.filter((a) => a.status === 409).map((a) => a.json().error.code));
  assert.ok([...keys].every((k) => k === 'events.full' || k === 'events.already'), [...keys].join());
  const e = (await new Client().get(`/events/${id}`, { accept: 'application/json' })).json().event;
  assert.deepEqual([e.confirmed, e.waiting], [1, 0]);
});

test('200 holds at a shelter\'s last bed at once: one hold, 199 clear 409s', async () => {
  const sites = (await (await fetch(`${BASE}/services`, { headers: { Accept: 'application/json' } })).json()).sites;
  const shelter = sites.find((x) => x.name.startsWith('Casa Aldini'));
  const free = async () => (await api('officer', 'GET', `/services/${shelter.id}`)).json().service.free_by_kind.find((k) => k.kind === 'bed').free;
  // Every bed but one held first.
  for (let left = await free(); left > 1; left--) {
    const h = await api('officer', 'POST', `/services/${shelter.id}/holds`, { kind: 'bed', person: `Corsa ${left}` });
    assert.equal(h.status, 200, h.text.slice(0, 200));
  }
  assert.equal(await free(), 1);
  const teams = ['ets1', 'officer'];
  const answers = await attempts(200, (i) => api(teams[i % 2], 'POST', `/services/${shelter.id}/holds`, { kind: 'bed', person: `Squadra ${i}` }));
  assert.deepEqual(tally(answers), { ok: 1, conflict: 199, other: [] });
  assert.ok(answers.filter((a) => a.status === 409).every((a) => a.json().error.code === 'services.no_place'));
  assert.equal(await free(), 0, 'the last bed is held once, and free places never go below zero');
  const places = (await api('officer', 'GET', `/services/${shelter.id}`)).json().places.filter((p) => p.kind === 'bed');
  assert.equal(new Set(places.map((p) => p.hold_id)).size, places.length, 'one hold per bed');
});

test(`${ATTEMPTS} simultaneous registrations in the protocol register: ${ATTEMPTS} numbers, no gap, none twice`, async () => {
  const token = tokenFor('officer');
  const before = (await api('officer', 'GET', '/protocol')).json();
  const answers = await attempts(ATTEMPTS, async (i) => {
    const fd = new FormData();
    fd.append('direction', i % 2 ? 'out' : 'in');
    fd.append('kind', 'letter');
    fd.append('correspondent', `Corsa ${building}`);
    fd.append('subject', `Registrazione simultanea ${i} ${building}`);
    fd.append('document', new Blob([`documento ${i} ${building}`], { type: 'text/plain' }), `doc-${i}.txt`);
    const res = await fetch(`${BASE}/protocol`, { method: 'POST', body: fd, redirect: 'manual', headers: { Accept: 'application/json', Authorization: `Bearer ${token}` } });
    const text = await res.text();
    return { status: res.status, json: () => JSON.parse(text) };
  });
  assert.deepEqual(answers.filter((a) => a.status !== 200).map((a) => a.status), [], 'every registration succeeds');
  const year = answers[0].json().year;
  const numbers = answers.map((a) => a.json().number).sort((a, b) => a - b);
  const first = (before.years.find((y) => y.year === year)?.entries ?? 0) + 1;
  assert.deepEqual(numbers, Array.from({ length: ATTEMPTS }, (_, i) => first + i), 'the next numbers, each once');
  const after = (await api('officer', 'GET', `/protocol?year=${year}`)).json();
  assert.equal(after.years.find((y) => y.year === year).entries, first + ATTEMPTS - 1);
  assert.equal(after.total, first + ATTEMPTS - 1, 'as many entries as numbers: the register has no gap');
});
