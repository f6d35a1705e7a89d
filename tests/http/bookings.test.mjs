// Common rooms: half-hour slots under the room's rules; never two bookings for the same time,
// also when many try at once; a cancellation frees the time at once; rooms that need approval.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, newTenant } from './helpers.mjs';

const officer = new Client();
const people = Array.from({ length: 6 }, () => new Client());
let room;
let approvalRoom;
let rebooked; // who took the hour after the cancellation: it counts in their week

/** YYYY-MM-DD of the Monday two weeks from now plus n days, in Europe/Rome. */
function day(n) {
  const d = new Date(Date.now() + 14 * 86400e3);
  const wd = (d.getUTCDay() + 6) % 7;
  const t = new Date(d.getTime() + (n - wd) * 86400e3);
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(t);
}
const book = (c, r, at, slots, extra = {}) => c.post(`/rooms/${r}/bookings`, { starts_at: at, slots: String(slots), ...extra }, { accept: 'application/json' });

test('setup: the officer opens two rooms; six tenants', async () => {
  await officer.login('officer');
  await officer.get('/rooms');
  const a = await officer.post('/rooms', { name: 'Sala comune di prova', opens_hour: '8', closes_hour: '22', max_hours: '4', weekly_hours: '6' });
  assert.equal(a.status, 303);
  room = Number(a.headers.get('location').split('/').pop());
  await officer.get('/rooms');
  const b = await officer.post('/rooms', { name: 'Sala feste di prova', opens_hour: '9', closes_hour: '23', max_hours: '6', weekly_hours: '12', needs_approval: '1' });
  approvalRoom = Number(b.headers.get('location').split('/').pop());
  for (const p of people) await newTenant(officer, p);
  for (const p of people) await p.get(`/rooms/${room}`);
});

test('six tenants want the same hour at once: one gets it, five are told it is taken', async () => {
  const at = `${day(1)}T18:00`;
  const answers = await Promise.all(people.map((p) => book(p, room, at, 2)));
  const codes = answers.map((a) => a.status).sort();
  assert.deepEqual(codes, [200, 409, 409, 409, 409, 409]);
  assert.ok(answers.filter((a) => a.status === 409).every((a) => /già prenotato/.test(a.json().error.message)));
  const overlap = await book(people[0], room, `${day(1)}T18:30`, 2);
  const winner = answers.findIndex((a) => a.status === 200);
  if (winner !== 0) assert.equal(overlap.status, 409, 'half an hour later still overlaps');
  const booked = (await officer.get(`/rooms/${room}`, { accept: 'application/json' })).json().room.bookings;
  assert.equal(booked.filter((b) => b.starts_at_local.includes('18:00')).length, 1);
  // cancelling frees the time at once
  const w = people[winner];
  const mine = (await w.get(`/rooms/${room}`, { accept: 'application/json' })).json().room.bookings.find((b) => b.is_mine);
  await w.get(`/rooms/${room}`);
  assert.equal((await w.post(`/bookings/${mine.id}/cancel`, {})).status, 303);
  rebooked = (winner + 1) % people.length;
  const other = people[rebooked];
  assert.equal((await book(other, room, at, 2)).status, 200, 'free again');
});

test('the room\'s rules: half hours, opening hours, longest booking, hours per household per week', async () => {
  // A tenant with no hours in this week yet: not the one who rebooked the hour above
  // (one in six before this was chosen), not the two of the approval room.
  const p = people[[1, 2, 5].find((i) => i !== rebooked)];
  assert.equal((await book(p, room, `${day(2)}T10:15`, 2)).status, 422, 'not on a half hour');
  const early = await book(p, room, `${day(2)}T07:00`, 2);
  assert.equal(early.status, 422);
  assert.match(early.json().error.message, /chiusa/);
  assert.equal((await book(p, room, `${day(2)}T21:30`, 2)).status, 422, 'ends after closing');
  assert.equal((await book(p, room, `${day(2)}T10:00`, 9)).status, 422, 'longer than 4 hours');
  assert.equal((await book(p, room, `${day(2)}T10:00`, 8)).status, 200, '4 hours');
  assert.equal((await book(p, room, `${day(3)}T10:00`, 4)).status, 200, '2 more: 6 this week');
  const full = await book(p, room, `${day(4)}T10:00`, 1);
  assert.equal(full.status, 422);
  assert.match(full.json().error.message, /settimana/);
  assert.equal((await book(p, room, `${day(8)}T10:00`, 1)).status, 200, 'next week is another week');
});

test('a room that needs approval: pending until an officer decides; a refusal frees the time', async () => {
  const [p, q] = [people[3], people[4]];
  await p.get(`/rooms/${approvalRoom}`);
  const r1 = await book(p, approvalRoom, `${day(2)}T20:00`, 4, { purpose: 'Compleanno' });
  assert.equal(r1.status, 200);
  assert.equal(r1.json().state, 'pending');
  await q.get(`/rooms/${approvalRoom}`);
  assert.equal((await book(q, approvalRoom, `${day(2)}T21:00`, 2)).status, 409, 'a pending booking holds its time');
  const list = (await officer.get(`/rooms/${approvalRoom}`, { accept: 'application/json' })).json().room.bookings;
  assert.equal(list[0].purpose, 'Compleanno', 'staff see why');
  const seen = (await q.get(`/rooms/${approvalRoom}`, { accept: 'application/json' })).json().room.bookings;
  assert.equal(seen[0].booker, '', 'other residents see the time, not who');
  await officer.get(`/rooms/${approvalRoom}`);
  assert.equal((await officer.post(`/bookings/${r1.json().booking_id}/decide`, { decision: 'refuse' })).status, 303);
  assert.equal((await officer.post(`/bookings/${r1.json().booking_id}/decide`, { decision: 'approve' }, { accept: 'application/json' })).status, 409);
  const r2 = await book(q, approvalRoom, `${day(2)}T21:00`, 2);
  assert.equal(r2.status, 200, 'the refused time is free');
  assert.equal((await officer.post(`/bookings/${r2.json().booking_id}/decide`, { decision: 'approve' })).status, 303);
  const after = (await q.get(`/rooms/${approvalRoom}`, { accept: 'application/json' })).json().room.bookings;
  assert.deepEqual(after.map((b) => b.state), ['confirmed']);
});
