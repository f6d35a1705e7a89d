// Moderation: residents flag offensive content once each; three flags hide it until an
// officer decides; kept content shows again and further flags no longer hide it; removed
// content stays hidden. Flags reach only content the person can see.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, api, newTenant } from './helpers.mjs';

const officer = new Client();
const author = new Client();
const flaggers = Array.from({ length: 4 }, () => new Client());
const outsider = new Client();
const hood = `Moderazione ${Date.now() % 100000}`;
let idea;
let comment;

test('setup: an author and four neighbours; one resident elsewhere', async () => {
  await officer.login('officer');
  await newTenant(officer, author, { building: `MOD-${hood.slice(-5)}`, address: 'via dei Moderati 1', hood });
  for (const f of flaggers) await newTenant(officer, f, { building: `MOD-${hood.slice(-5)}`, address: 'via dei Moderati 1', hood });
  await newTenant(officer, outsider);
  await author.get('/ideas');
  const res = await author.post('/ideas', { kind: 'idea', title: 'Titolo offensivo', text: 'Testo offensivo' }, { accept: 'application/json' });
  idea = res.json().idea_id;
  await author.get(`/ideas/${idea}`);
  await author.post(`/ideas/${idea}/comments`, { text: 'Un commento qualunque' });
  comment = (await author.get(`/ideas/${idea}`, { accept: 'application/json' })).json().idea.comments[0].id;
  assert.ok(idea && comment);
});

test('three different flags hide an idea; the same person cannot flag twice', async () => {
  const flag = (c, body) => c.post('/flags', { entity: 'idea', entity_id: String(idea), back: `/ideas/${idea}`, ...body }, { accept: 'application/json' });
  for (const f of flaggers) await f.get(`/ideas/${idea}`);
  let res = await flag(flaggers[0], { reason: 'Linguaggio offensivo' });
  assert.equal(res.status, 200);
  assert.equal(res.json().hidden, false);
  assert.equal((await flag(flaggers[0], {})).status, 409);
  assert.equal((await flag(flaggers[1], {})).json().hidden, false);
  res = await flag(flaggers[2], {});
  assert.equal(res.json().hidden, true, 'the third flag hides it');
  const shown = (await new Client().get(`/ideas/${idea}`, { accept: 'application/json' })).json().idea;
  assert.deepEqual([shown.hidden, shown.title, shown.text], [1, '', '']);
  assert.match((await new Client().get(`/ideas/${idea}`)).text, /Contenuto nascosto dalla moderazione/);
});

test('the officer keeps it: shown again, and later flags no longer hide it; then removes it', async () => {
  const q = (await officer.get('/moderation', { accept: 'application/json' })).json().items;
  const item = q.find((i) => i.entity === 'idea' && i.entity_id === idea);
  assert.deepEqual([item.flags, item.decision, item.text], [3, null, 'Titolo offensivo: Testo offensivo']);
  assert.deepEqual(item.reasons.map((r) => r.reason), ['Linguaggio offensivo']);
  await officer.get('/moderation');
  assert.equal((await officer.post('/moderation/decide', { entity: 'idea', entity_id: String(idea), decision: 'kept', note: 'Critica legittima' })).status, 303);
  assert.equal((await new Client().get(`/ideas/${idea}`, { accept: 'application/json' })).json().idea.title, 'Titolo offensivo');
  await flaggers[3].get(`/ideas/${idea}`);
  const res = await flaggers[3].post('/flags', { entity: 'idea', entity_id: String(idea) }, { accept: 'application/json' });
  assert.equal(res.json().hidden, false);
  assert.equal((await officer.post('/moderation/decide', { entity: 'idea', entity_id: String(idea), decision: 'removed' })).status, 303);
  assert.equal((await new Client().get(`/ideas/${idea}`, { accept: 'application/json' })).json().idea.hidden, 1);
  assert.equal((await officer.post('/moderation/decide', { entity: 'idea', entity_id: '999999', decision: 'kept' }, { accept: 'application/json' })).status, 404);
});

test('comments are flagged alone; bad or unseen content is refused', async () => {
  await flaggers[0].get(`/ideas/${idea}`);
  assert.equal((await flaggers[0].post('/flags', { entity: 'idea_comment', entity_id: String(comment) }, { accept: 'application/json' })).status, 200);
  assert.equal((await flaggers[0].post('/flags', { entity: 'something', entity_id: '1' }, { accept: 'application/json' })).status, 422);
  for (const [i, back] of ['//evil.example/x', '/\\evil.example/x', 'https://evil.example/'].entries()) {
    const res = await flaggers[i + 1].post('/flags', { entity: 'idea_comment', entity_id: String(comment), back });
    assert.equal(res.headers.get('location'), '/', `never back to ${back}`);
  }
  assert.equal((await flaggers[0].post('/flags', { entity: 'idea_comment', entity_id: '999999' }, { accept: 'application/json' })).status, 404);
  // a ticket comment in another building is not theirs to see
  const cat = (await author.get('/tickets', { accept: 'application/json' })).json().categories[0];
  await author.get('/tickets');
  const t = (await author.post('/tickets', { category_id: String(cat.id), description: 'Perdita' }, { accept: 'application/json' })).json().ticket_id;
  await author.get(`/tickets/${t}`);
  await author.post(`/tickets/${t}/comments`, { text: 'Ancora nessuno' });
  const ev = (await author.get(`/tickets/${t}`, { accept: 'application/json' })).json().ticket.events.find((e) => e.kind === 'comment');
  await outsider.get('/ideas');
  assert.equal((await outsider.post('/flags', { entity: 'ticket_comment', entity_id: String(ev.id) }, { accept: 'application/json' })).status, 404);
  assert.equal((await flaggers[1].post('/flags', { entity: 'ticket_comment', entity_id: String(ev.id) }, { accept: 'application/json' })).status, 200, 'a neighbour sees it');
  assert.equal((await api('officer', 'POST', '/flags', { entity: 'idea', entity_id: String(idea) })).status, 403, 'residents flag; officers decide');
});
