// A resident downloads everything held about them, then erases it: future places and slots go
// back to others, their texts are removed, the account cannot sign in again, the public record
// stays without them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, Client, api, localIn, newTenant } from './helpers.mjs';

const officer = new Client();
const ets = new Client();
const me = new Client();
let email;
let eventId;
let ticket;

test('setup: a tenant with a ticket, a registration and a post', async () => {
  await officer.login('officer');
  await ets.login('ets1');
  email = await newTenant(officer, me);
  await ets.get('/events');
  const ev = await ets.post('/events', { title: 'Merenda', place: 'Cortile', starts_at: localIn(86400), ends_at: localIn(90000), capacity: '1' });
  eventId = Number(ev.headers.get('location').split('/').pop());
  await me.get(`/events/${eventId}`);
  assert.equal((await me.post(`/events/${eventId}/register`, {}, { accept: 'application/json' })).json().state, 'confirmed');
  const cat = (await me.get('/tickets', { accept: 'application/json' })).json().categories[0];
  await me.get('/tickets');
  const t = await me.multipart('/tickets', [['category_id', String(cat.id)], ['description', 'Scrivo il mio numero: 333 0000000']]);
  ticket = Number(t.headers.get('location').split('/').pop());
  await me.get('/timebank');
  await me.post('/timebank/posts', { kind: 'offer', category: 'company', text: 'Due chiacchiere il martedì' });
  // A change to the ticket: a notice and an e-mail in the outbox, to the person's address.
  await officer.get(`/tickets/${ticket}`);
  await officer.post(`/tickets/${ticket}/state`, { state: 'acknowledged' });
  await me.get('/my/notifications');
  await me.post('/my/notifications', { prefs_form: '1', ticket_in_app: '1', ticket_email: '1' });
});

test('the download holds what the platform keeps about the person', async () => {
  const res = await fetch(`${BASE}/my/data.json`, { headers: { Cookie: me.cookieHeader() } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-disposition'), /i-miei-dati\.json/);
  const d = await res.json();
  assert.equal(d.account[0].email, email);
  assert.ok(d.tickets.some((t) => t.id === ticket));
  assert.ok(d.registrations.some((r) => r.event_id === eventId && r.state === 'confirmed'));
  assert.equal(d.help_posts[0].text, 'Due chiacchiere il martedì');
  assert.ok(d.home && d.home.unit);
  assert.ok(d.emails.some((m) => m.recipient === email && m.message_key === 'tickets.notify_state'));
  assert.deepEqual(d.notification_preferences.find((p) => p.topic === 'event'), { topic: 'event', in_app: 0, email: 0 });
  assert.deepEqual([d.committees, d.flags], [[], []]);
});

test('erasure: confirmed by typing, places freed, texts removed, no more sign-in', async () => {
  await me.get('/my/data');
  assert.equal((await me.post('/my/data/erase', { confirm: 'si' }, { accept: 'application/json' })).status, 422);
  assert.equal((await me.post('/my/data/erase', { confirm: 'CANCELLA' })).status, 303);
  assert.equal((await me.get('/my/home', { accept: 'application/json' })).status, 401, 'signed out');
  const again = new Client();
  await again.get('/login');
  assert.equal((await again.post('/login', { email, password: 'password-inquilino' })).status, 401);
  const ev = (await new Client().get(`/events/${eventId}`, { accept: 'application/json' })).json().event;
  assert.equal(ev.confirmed, 0, 'the place went back');
  const t = (await officer.get(`/tickets/${ticket}`, { accept: 'application/json' })).json().ticket;
  assert.equal(t.description, '[rimosso]');
  assert.equal(t.author, 'Persona cancellata');
  const mail = (await api('admin', 'GET', '/admin/outbox')).json().messages;
  assert.ok(!mail.some((m) => m.recipient === email), 'no e-mail address left in the outbox');
});
