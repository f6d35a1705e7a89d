// The time bank: neighbours post offers and requests; an exchange moves minutes once the other
// side confirms; balances across a neighbourhood always add up to zero.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Client, newTenant } from './helpers.mjs';

const officer = new Client();
const [a, b, c, far] = [new Client(), new Client(), new Client(), new Client()];
const hood = `Quartiere ${randomBytes(3).toString('hex')}`;
const home = (x) => x.get('/timebank', { accept: 'application/json' }).then((r) => r.json());

test('setup: three neighbours and one resident elsewhere', async () => {
  await officer.login('officer');
  const building = `TB-${randomBytes(2).toString('hex')}`;
  for (const x of [a, b, c]) await newTenant(officer, x, { building, address: 'via del Tempo 1', hood });
  await newTenant(officer, far);
  for (const x of [a, b, c, far]) await x.get('/timebank');
});

test('exchanges move minutes only when the other side confirms', async () => {
  const req = await a.post('/timebank/posts', { kind: 'request', category: 'errands', text: 'Spesa il sabato' }, { accept: 'application/json' });
  assert.equal(req.status, 200);
  const post = req.json().post_id;
  await c.get('/timebank');
  const offer = (await c.post('/timebank/posts', { kind: 'offer', category: 'digital', text: 'Aiuto con lo SPID' }, { accept: 'application/json' })).json().post_id;
  assert.equal((await a.post(`/timebank/posts/${post}/exchange`, { minutes: '30', done_on: '2026-11-20' }, { accept: 'application/json' })).status, 409, 'not with oneself');
  assert.equal((await far.post(`/timebank/posts/${post}/exchange`, { minutes: '30', done_on: '2026-11-20' }, { accept: 'application/json' })).status, 403, 'another neighbourhood');
  await b.get('/timebank');
  const ex = await b.post(`/timebank/posts/${post}/exchange`, { minutes: '90', done_on: '2026-11-21', note: 'Spesa fatta' }, { accept: 'application/json' });
  assert.equal(ex.status, 200);
  assert.equal((await home(b)).balance_minutes, 0, 'nothing moves before the confirmation');
  await b.get('/timebank');
  assert.equal((await b.post(`/exchanges/${ex.json().exchange_id}/decide`, { decision: 'confirm' }, { accept: 'application/json' })).status, 409, 'the proposer does not confirm');
  const waiting = (await home(a)).waiting;
  assert.deepEqual(waiting.map((w) => [w.minutes, w.is_helper]), [[90, false]], 'a was helped');
  await a.get('/timebank');
  assert.equal((await a.post(`/exchanges/${ex.json().exchange_id}/decide`, { decision: 'confirm' })).status, 303);
  assert.equal((await a.post(`/exchanges/${ex.json().exchange_id}/decide`, { decision: 'refuse' }, { accept: 'application/json' })).status, 409, 'once');
  // a answers c's offer: c helped a for 30 minutes
  await a.get('/timebank');
  const ex2 = (await a.post(`/timebank/posts/${offer}/exchange`, { minutes: '30', done_on: '2026-11-22' }, { accept: 'application/json' })).json().exchange_id;
  await c.get('/timebank');
  assert.equal((await c.post(`/exchanges/${ex2}/decide`, { decision: 'confirm' })).status, 303);
  // a refused exchange moves nothing
  await b.get('/timebank');
  const ex3 = (await b.post(`/timebank/posts/${offer}/exchange`, { minutes: '45', done_on: '2026-11-23' }, { accept: 'application/json' })).json().exchange_id;
  await c.get('/timebank');
  assert.equal((await c.post(`/exchanges/${ex3}/decide`, { decision: 'refuse' })).status, 303);
  const [ha, hb, hc] = [await home(a), await home(b), await home(c)];
  assert.deepEqual([ha.balance_minutes, hb.balance_minutes, hc.balance_minutes], [-120, 90, 30]);
  assert.equal(ha.balance_minutes + hb.balance_minutes + hc.balance_minutes, 0);
});

test('the report: minutes per category, and every neighbourhood\'s balances add up to zero', async () => {
  const rep = (await new Client().get('/timebank/report', { accept: 'application/json' })).json();
  const area = rep.areas.find((x) => x.neighbourhood === hood);
  assert.deepEqual([area.people, area.balance_sum], [3, 0]);
  assert.ok(rep.areas.every((x) => x.balance_sum === 0));
  const mine = rep.by_category.filter((x) => x.neighbourhood === hood).map((x) => [x.category, x.minutes]);
  assert.deepEqual(mine, [['digital', 30], ['errands', 90]]);
  assert.equal((await officer.get('/timebank', { accept: 'application/json' })).status, 403);
});
