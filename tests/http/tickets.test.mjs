// Tickets: a resident reports from their building with photos; staff move the ticket along
// the allowed states (a rejection needs its reason); the author hears of each change; the
// neighbours see the ticket without its author; the public transparency figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BASE, Client, newTenant } from './helpers.mjs';

const resident = new Client();
const officer = new Client();
const neighbour = new Client();
const stranger = new Client();
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), randomBytes(32)]);
let ticket;
let home;

test('setup: a resident, the officer, a neighbour in the same building and one elsewhere', async () => {
  await resident.login('resident1');
  await officer.login('officer');
  await officer.get('/queue');
  home = (await resident.get('/my/home', { accept: 'application/json' })).json().home;
  await newTenant(officer, neighbour, { building: home.building, address: home.address, hood: home.neighbourhood });
  await newTenant(officer, stranger);
  await neighbour.get('/tickets');
});

test('a resident opens a ticket with a photo; a PDF is not a photo', async () => {
  const page = (await resident.get('/tickets', { accept: 'application/json' })).json();
  const cat = page.categories.find((k) => k.code === 'guasti');
  await resident.get('/tickets');
  const pdf = await resident.multipart('/tickets', [['category_id', String(cat.id)], ['description', 'Porta rotta'],
    ['photo', { name: 'x.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.4\n') }]], { accept: 'application/json' });
  assert.equal(pdf.status, 422);
  assert.ok(pdf.json().errors.some((e) => e.field === 'photo'));
  await resident.get('/tickets');
  const res = await resident.multipart('/tickets', [['category_id', String(cat.id)], ['place', 'Scala B'],
    ['description', 'Il portone non si chiude'], ['photo', { name: 'portone.png', type: 'image/png', bytes: PNG }]]);
  assert.equal(res.status, 303);
  ticket = Number(res.headers.get('location').split('/').pop());
  const t = (await resident.get(`/tickets/${ticket}`, { accept: 'application/json' })).json().ticket;
  assert.equal(t.state, 'new');
  const due = (t.due_at - t.created_at) / 3600e6;
  assert.equal(due, cat.target_hours, 'the target time comes from the category');
  const photo = await fetch(`${BASE}/tickets/${ticket}/photos/${t.photos[0].id}`, { headers: { Cookie: resident.cookieHeader() } });
  assert.ok(Buffer.from(await photo.arrayBuffer()).equals(PNG));
});

test('staff move it along the allowed states; a rejection needs its reason; the author is told', async () => {
  const queue = (await officer.get(`/queue?state=new&building_id=${home.building_id}`, { accept: 'application/json' })).json().tickets;
  assert.ok(queue.some((t) => t.id === ticket));
  assert.ok(queue.every((t) => t.state === 'new'));
  await officer.get(`/tickets/${ticket}`);
  assert.equal((await officer.post(`/tickets/${ticket}/state`, { state: 'closed' }, { accept: 'application/json' })).status, 409);
  assert.equal((await officer.post(`/tickets/${ticket}/state`, { state: 'rejected' }, { accept: 'application/json' })).status, 422);
  assert.equal((await officer.post(`/tickets/${ticket}/state`, { state: 'acknowledged' })).status, 303);
  assert.equal((await officer.post(`/tickets/${ticket}/comments`, { text: 'Tecnico previsto giovedì' })).status, 303);
  const notes = (await resident.get('/notifications', { accept: 'application/json' })).json().notifications.filter((n) => n.entity_id === ticket);
  assert.deepEqual(notes.map((n) => n.message_key), ['tickets.notify_comment', 'tickets.notify_state']);
  assert.ok(notes.every((n) => n.is_unread));
  await resident.get('/notifications');
  assert.equal((await resident.post('/notifications/read', {})).status, 303);
  assert.ok((await resident.get('/notifications', { accept: 'application/json' })).json().notifications.every((n) => !n.is_unread));
  await resident.get(`/tickets/${ticket}`);
  assert.equal((await resident.post(`/tickets/${ticket}/state`, { state: 'resolved' }, { accept: 'application/json' })).status, 409, 'residents do not resolve');
  for (const s of ['in_progress', 'resolved']) assert.equal((await officer.post(`/tickets/${ticket}/state`, { state: s })).status, 303);
  assert.equal((await resident.post(`/tickets/${ticket}/state`, { state: 'closed' })).status, 303, 'the author confirms');
  const t = (await officer.get(`/tickets/${ticket}`, { accept: 'application/json' })).json().ticket;
  assert.equal(t.state, 'closed');
  assert.deepEqual(t.events.map((e) => e.state ?? e.kind), ['new', 'acknowledged', 'comment', 'in_progress', 'resolved', 'closed']);
  assert.ok(t.author, 'staff see who reported');
});

test('neighbours see the ticket without its author; other buildings do not see it', async () => {
  const seen = await neighbour.get(`/tickets/${ticket}`, { accept: 'application/json' });
  assert.equal(seen.status, 200);
  assert.equal(seen.json().ticket.author, undefined);
  assert.ok((await neighbour.get('/tickets', { accept: 'application/json' })).json().tickets.some((t) => t.id === ticket && !t.is_mine));
  await neighbour.get(`/tickets/${ticket}`);
  assert.equal((await neighbour.post(`/tickets/${ticket}/comments`, { text: 'Anche da me' }, { accept: 'application/json' })).status, 403);
  assert.equal((await stranger.get(`/tickets/${ticket}`, { accept: 'application/json' })).status, 404);
});

test('the transparency page: opened, resolved, median hours and share within target', async () => {
  const rows = (await new Client().get('/transparency', { accept: 'application/json' })).json().rows;
  const lamp = rows.find((r) => r.category.startsWith('Sicurezza') && r.neighbourhood === 'Corvetto');
  assert.deepEqual([lamp.opened, lamp.resolved, lamp.median_hours, lamp.within_target_permille], [1, 1, 60, 0],
    'the demo lamp: resolved after 60 hours against a 24-hour target');
  const mine = rows.find((r) => r.category.startsWith('Guasti') && r.neighbourhood === 'Corvetto');
  assert.ok(mine.opened >= 3 && mine.resolved >= 1);
  assert.match((await new Client().get('/transparency')).text, /<svg[^>]+role="img"/);
});
