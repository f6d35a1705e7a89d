// Two cities on one instance: a city added from the command line, and every reference between
// records (rooms, events, spaces, hubs, calls, proposals) kept inside its own city.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Client, cli, localIn, loginEmail, piva } from './helpers.mjs';

const istat = `9${String(Date.now() % 1e5).padStart(5, '0')}`;
const officer = new Client(); // Milan
const resident = new Client(); // Milan
const ets = new Client(); // Milan
const other = new Client(); // the second city's officer
const otherEts = new Client();
let space;
let room;
let event;

test('a second city is added from the command line; mistakes are refused plainly', async () => {
  const add = cli(['city', 'add', '--city', istat, '--name', 'Comune di Prova Seconda']);
  assert.equal(add.status, 0, add.stderr);
  assert.match(add.stdout, /Comune di Prova Seconda/);
  const again = cli(['city', 'add', '--city', istat, '--name', 'Di nuovo']);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already|exists/);
  const bad = cli(['city', 'add', '--city', '12ab', '--name', 'X']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /six digits/);
  const email = `officer-${randomBytes(4).toString('hex')}@test.invalid`;
  const u = cli(['user', 'add', '--email', email, '--name', 'Funzionaria seconda città', '--role', 'officer', '--city', istat], 'password-seconda\n');
  assert.equal(u.status, 0, u.stderr);
  await loginEmail(other, email, 'password-seconda');
  const cf = piva(`95${String(Date.now() % 1e7).padStart(7, '0')}`.slice(0, 9) + '7');
  const etsEmail = `ets2-${randomBytes(4).toString('hex')}@test.invalid`;
  const e = cli(['user', 'add', '--email', etsEmail, '--name', 'Legale seconda città', '--role', 'ets', '--city', istat,
    '--org', cf, '--org-name', 'Cooperativa della seconda città ETS', '--runts', 'T-2', '--legal-rep'], 'password-ets-seconda\n');
  assert.equal(e.status, 0, e.stderr);
  await loginEmail(otherEts, etsEmail, 'password-ets-seconda');
  await officer.login('officer');
  await resident.login('resident1');
  await ets.login('ets1');
});

test('the second city has its own space, room and activity', async () => {
  await other.get('/spaces');
  const s = await other.post('/spaces', { name: 'Locale della seconda città', address: 'via Altrove 1', municipio: '1', area_m2: '40', works_state: 'ready' });
  assert.equal(s.status, 303, s.text.slice(0, 200));
  space = Number(s.headers.get('location').split('/').pop());
  await other.get('/rooms');
  const r = await other.post('/rooms', { name: 'Sala della seconda città', opens_hour: '8', closes_hour: '22', max_hours: '4', weekly_hours: '6' });
  assert.equal(r.status, 303);
  room = Number(r.headers.get('location').split('/').pop());
  await otherEts.get('/events');
  const ev = await otherEts.post('/events', { title: 'Attività della seconda città', place: 'Cortile', starts_at: localIn(3 * 86400),
    ends_at: localIn(3 * 86400 + 3600), capacity: '10', space_id: String(space) });
  assert.equal(ev.status, 303, ev.text.slice(0, 200));
  event = Number(ev.headers.get('location').split('/').pop());
});

test("a resident cannot see, book or join another city's room or activity", async () => {
  assert.equal((await resident.get(`/rooms/${room}`)).status, 404);
  await resident.get('/rooms');
  const day = localIn(86400).slice(0, 10);
  const book = await resident.post(`/rooms/${room}/bookings`, { starts_at: `${day}T10:00`, slots: '2', purpose: 'Compleanno' }, { accept: 'application/json' });
  assert.equal(book.status, 404);
  await resident.get('/events');
  const join = await resident.post(`/events/${event}/register`, {}, { accept: 'application/json' });
  assert.equal(join.status, 404);
  const seen = (await other.get(`/rooms/${room}`, { accept: 'application/json' })).json().room.bookings;
  assert.equal(seen.length, 0, "the other city's staff see no name or purpose");
});

test("nothing of one city may point at another city's space", async () => {
  // an activity of a Milan body
  await ets.get('/events');
  const ev = await ets.post('/events', { title: 'Nello spazio altrui', place: 'x', starts_at: localIn(86400), ends_at: localIn(90000),
    capacity: '5', space_id: String(space) }, { accept: 'application/json' });
  assert.equal(ev.status, 422);
  assert.ok(ev.json().errors.some((e) => e.field === 'space_id'));
  // a Milan hub
  const hubs = (await officer.get('/hubs', { accept: 'application/json' })).json().hubs;
  const omero = hubs.find((h) => h.address === 'viale Omero 15');
  const agreement = (await new Client().get(`/hubs/${omero.id}`, { accept: 'application/json' })).json().hub.agreement_id;
  await officer.get('/hubs');
  const hub = await officer.post('/hubs', { agreement_id: String(agreement), name: 'Portineria altrui', neighbourhood: 'x', address: 'y',
    space_id: String(space) }, { accept: 'application/json' });
  assert.equal(hub.status, 422);
  assert.ok(hub.json().errors.some((e) => e.field === 'space_id'));
  // a Milan call offering it
  const ops = (await officer.get('/operations', { accept: 'application/json' })).json().operations;
  const op = ops.find((o) => o.local_code === 'MI3.3.1.b');
  await officer.get('/calls/new');
  const call = await officer.post('/calls', [['operation_id', String(op.id)], ['title', 'Avviso con spazio altrui'], ['object', 'x'],
    ['total_budget', '1000'], ['min_cofinancing', '10'], ['duration_months', '12'], ['threshold_points', '60'],
    ['publication', localIn(-60)], ['deadline', localIn(40 * 86400)], ['area_name', 'Unica'], ['area_budget', '1000'],
    ['criterion_name', 'Qualità'], ['criterion_points', '100'], ['space_id', String(space)]], { accept: 'application/json' });
  assert.equal(call.status, 422);
  assert.ok(call.json().errors.some((e) => e.field === 'space_id'));
  // a proposal to an open Milan call, asking for a space the call does not offer
  const calls = (await new Client().get('/calls', { accept: 'application/json' })).json().calls;
  const open = calls.find((c) => c.is_open);
  await ets.get(`/calls/${open.id}/proposals/new`);
  const k = (await ets.get(`/calls/${open.id}`, { accept: 'application/json' })).json().call;
  const prop = await ets.multipart(`/calls/${open.id}/proposals`, [['area_id', String(k.areas[0].id)], ['title', 'Proposta con spazio altrui'],
    ['requested', '1000'], ['cofinancing', '200'], ['space_id', String(space)]], { accept: 'application/json' });
  assert.equal(prop.status, 422, prop.text.slice(0, 200));
  assert.ok(prop.json().errors.some((e) => e.field === 'space_id'));
});
