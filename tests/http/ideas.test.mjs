// Ideas and needs: one support per resident (also when asked several times at once),
// comments, and the officers' answer that may attach a need to a call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, newTenant } from './helpers.mjs';

const officer = new Client();
const resident = new Client();
const neighbour = new Client();
let idea;

test('a resident raises a need; neighbours support it once each', async () => {
  await officer.login('officer');
  await resident.login('resident1');
  await newTenant(officer, neighbour);
  await resident.get('/ideas');
  const made = await resident.post('/ideas', { kind: 'need', title: 'Un doposcuola nel cortile', text: 'Mancano spazi per i compiti dei ragazzi.' }, { accept: 'application/json' });
  assert.equal(made.status, 200);
  idea = made.json().idea_id;
  await neighbour.get(`/ideas/${idea}`);
  const at_once = await Promise.all([1, 2, 3].map(() => neighbour.post(`/ideas/${idea}/support`, {}, { accept: 'application/json' })));
  assert.deepEqual(at_once.map((x) => x.status).sort(), [200, 409, 409]);
  await resident.get(`/ideas/${idea}`);
  assert.equal((await resident.post(`/ideas/${idea}/support`, {})).status, 303);
  const shown = (await new Client().get(`/ideas/${idea}`, { accept: 'application/json' })).json().idea;
  assert.equal(shown.supports, 2);
  assert.equal(shown.neighbourhood, 'Corvetto');
  assert.equal((await officer.post('/ideas', { kind: 'idea', title: 'x', text: 'y' }, { accept: 'application/json' })).status, 403);
});

test('comments, and the officers\' answer attaching the need to a call', async () => {
  await neighbour.get(`/ideas/${idea}`);
  assert.equal((await neighbour.post(`/ideas/${idea}/comments`, { text: 'Anche per i più piccoli' })).status, 303);
  await officer.get(`/ideas/${idea}`);
  const bad = await officer.post(`/ideas/${idea}/answer`, { state: 'taken_forward', answer: 'Nel prossimo avviso', call_id: '999999' }, { accept: 'application/json' });
  assert.equal(bad.status, 422);
  const calls = (await officer.get('/calls', { accept: 'application/json' })).json().calls;
  const open = calls.find((k) => k.title.startsWith('Portinerie di comunità 2027'));
  assert.equal((await officer.post(`/ideas/${idea}/answer`, { state: 'taken_forward', answer: 'Lo inseriamo tra i bisogni del prossimo avviso.', call_id: String(open.id) })).status, 303);
  const after = (await new Client().get(`/ideas/${idea}`, { accept: 'application/json' })).json().idea;
  assert.deepEqual([after.state, after.call_id, after.comments.length], ['taken_forward', open.id, 1]);
  const list = (await new Client().get('/ideas?neighbourhood=Corvetto', { accept: 'application/json' })).json().ideas;
  assert.ok(list.some((i) => i.id === idea && i.call_title === open.title));
});
