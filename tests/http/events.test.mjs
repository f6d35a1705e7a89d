// Activities in the spaces: never beyond capacity, also when everyone registers at once; the
// waiting list moves up by itself; attendance; the iCalendar feeds, public per body and private
// per resident.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, Client, localIn, newTenant, setClock, tokenFor } from './helpers.mjs';

const officer = new Client();
const ets = new Client();
const people = Array.from({ length: 8 }, () => new Client());
let eventId;

test('setup: a body publishes an activity with 3 places; 8 tenants', async () => {
  await officer.login('officer');
  await ets.login('ets1');
  await ets.get('/events');
  const bad = await ets.post('/events', { title: 'Passato', place: 'Cortile', starts_at: localIn(-3600), ends_at: localIn(3600), capacity: '3' }, { accept: 'application/json' });
  assert.equal(bad.status, 422, 'an activity starts in the future');
  const res = await ets.post('/events', { title: 'Laboratorio di riparazioni; biciclette, e altro', place: 'Ex portineria viale Omero 15',
    starts_at: localIn(2 * 86400), ends_at: localIn(2 * 86400 + 7200), capacity: '3', audience: 'Inquilini', description: 'Porta la tua bici.\nAttrezzi forniti.' });
  assert.equal(res.status, 303);
  eventId = Number(res.headers.get('location').split('/').pop());
  for (const p of people) await newTenant(officer, p);
  for (const p of people) await p.get(`/events/${eventId}`);
});

test('eight register at once for three places: three confirmed, five waiting, in order', async () => {
  const answers = await Promise.all(people.map((p) => p.post(`/events/${eventId}/register`, {}, { accept: 'application/json' })));
  assert.deepEqual(answers.map((a) => a.status), Array(8).fill(200));
  const states = answers.map((a) => a.json().state);
  assert.equal(states.filter((s) => s === 'confirmed').length, 3);
  assert.equal(states.filter((s) => s === 'waiting').length, 5);
  const e = (await new Client().get(`/events/${eventId}`, { accept: 'application/json' })).json().event;
  assert.deepEqual([e.confirmed, e.waiting], [3, 5]);
  const again = await people[0].post(`/events/${eventId}/register`, {}, { accept: 'application/json' });
  assert.equal(again.status, 409);
});

test('a cancelled place goes to the first in line; a waiting cancellation frees nothing', async () => {
  const regs = (await ets.get(`/events/${eventId}`, { accept: 'application/json' })).json().registrations;
  const confirmed = regs.filter((r) => r.state === 'confirmed');
  const waiting = regs.filter((r) => r.state === 'waiting');
  const first = waiting[0];
  const byName = async (name) => {
    for (const p of people) {
      const me = (await p.get('/account', { accept: 'application/json' })).json().user;
      if (me.name === name) return p;
    }
    throw new Error(name);
  };
  const leaver = await byName(confirmed[0].name);
  await leaver.get(`/events/${eventId}`);
  assert.equal((await leaver.post(`/events/${eventId}/cancel`, {})).status, 303);
  let after = (await ets.get(`/events/${eventId}`, { accept: 'application/json' })).json();
  assert.equal(after.registrations.find((r) => r.name === first.name).state, 'confirmed', 'moved up by itself');
  assert.deepEqual([after.event.confirmed, after.event.waiting], [3, 4]);
  const promoted = await byName(first.name);
  const notes = (await promoted.get('/notifications', { accept: 'application/json' })).json().notifications;
  assert.ok(notes.some((n) => n.entity === 'event' && n.entity_id === eventId && n.message_key === 'events.notify_promoted' && n.link === `/events/${eventId}`),
    'the one who moved up is told');
  const last = await byName(waiting.at(-1).name);
  await last.get(`/events/${eventId}`);
  assert.equal((await last.post(`/events/${eventId}/cancel`, {})).status, 303);
  after = (await ets.get(`/events/${eventId}`, { accept: 'application/json' })).json();
  assert.deepEqual([after.event.confirmed, after.event.waiting], [3, 3]);
  assert.equal((await last.post(`/events/${eventId}/cancel`, {}, { accept: 'application/json' })).status, 409);
});

test('the body records attendance of confirmed people only; another body cannot', async () => {
  const regs = (await ets.get(`/events/${eventId}`, { accept: 'application/json' })).json().registrations;
  const ids = regs.map((r) => String(r.user_id));
  assert.equal((await ets.post(`/events/${eventId}/attendance`, ids.map((id) => ['user_id', id]))).status, 303);
  const marked = (await ets.get(`/events/${eventId}`, { accept: 'application/json' })).json().registrations;
  assert.ok(marked.every((r) => Boolean(r.attended) === (r.state === 'confirmed')));
  const stranger = await fetch(`${BASE}/events/${eventId}/attendance`, { method: 'POST', body: '{}',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: `Bearer ${tokenFor('legale.1')}` } });
  assert.equal(stranger.status, 404);
});

test('calendars: a hub\'s feed (its body\'s activities) is public; a resident\'s is private and can be replaced', async () => {
  // The demo hub of viale Omero is run by the body whose representative is legale.1.
  const hub = (await new Client().get('/hubs', { accept: 'application/json' })).json().hubs.find((h) => h.address === 'viale Omero 15');
  const made = await fetch(`${BASE}/events`, { method: 'POST', headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: `Bearer ${tokenFor('legale.1')}` },
    body: JSON.stringify({ title: 'Laboratorio di riparazioni; biciclette, e altro', place: 'Ex portineria viale Omero 15',
      starts_at: localIn(3 * 86400), ends_at: localIn(3 * 86400 + 7200), capacity: '10', description: 'Porta la tua bici.\nAttrezzi forniti.' }) });
  assert.equal(made.status, 200);
  const hubEvent = (await made.json()).event_id;
  const res = await fetch(`${BASE}/hubs/${hub.id}.ics`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /text\/calendar/);
  const ics = await res.text();
  assert.ok(ics.startsWith('BEGIN:VCALENDAR\r\n') && ics.endsWith('END:VCALENDAR\r\n'));
  assert.ok(ics.split('\r\n').every((l) => Buffer.byteLength(l) <= 75), 'folded at 75 octets');
  const unfolded = ics.replace(/\r\n /g, '');
  assert.match(unfolded, /SUMMARY:Laboratorio di riparazioni\\; biciclette\\, e altro\r\n/);
  assert.match(unfolded, /DESCRIPTION:Porta la tua bici\.\\nAttrezzi forniti\.\r\n/);
  assert.match(unfolded, new RegExp(`UID:event-${hubEvent}@coprog`));
  assert.ok(!unfolded.includes(`UID:event-${eventId}@coprog`), 'another body\'s activity is not in this hub\'s feed');
  assert.equal((await fetch(`${BASE}/hubs/999999.ics`)).status, 404);
  const p = people[1];
  await p.get('/my/calendar');
  const mine0 = await p.post('/my/calendar', {}, { accept: 'application/json' });
  const url = mine0.json().url;
  const mine = await (await fetch(BASE + url)).text();
  const registered = (await p.get(`/events/${eventId}`, { accept: 'application/json' })).json().mine;
  assert.equal(mine.includes(`UID:event-${eventId}@coprog`), registered?.state === 'confirmed');
  await p.get('/my/calendar');
  await p.post('/my/calendar', {});
  assert.equal((await fetch(BASE + url)).status, 404, 'the old address stops working');
});

test('once the activity has started, registrations are closed', async () => {
  await ets.get('/events');
  const soon = await ets.post('/events', { title: 'Tra poco', place: 'Cortile', starts_at: localIn(3600), ends_at: localIn(5400), capacity: '5' });
  const id = Number(soon.headers.get('location').split('/').pop());
  await people[7].get(`/events/${id}`);
  try {
    await setClock(7200);
    const late = await people[7].post(`/events/${id}/register`, {}, { accept: 'application/json' });
    assert.equal(late.status, 409);
  } finally {
    await setClock(0);
  }
});
