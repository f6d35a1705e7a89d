// The network of local actors (issue 17), on each engine: derived from the records, never
// typed in. A body proposes a pact, the city signs it, a second body joins: the graph gains
// exactly the links those records make, with their kinds and weights, in the page, in the JSON
// (organisations and links) and in GraphML; a neighbourhood's view keeps only its records; only
// the city's officers and controllers see it. Profiles: a need meets others' offers of its kind
// and, for spaces, the goods on offer; only the body's representative edits its profile.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Client, dbText, loginEmail, newEts } from './helpers.mjs';

const J = { accept: 'application/json' };
const officer = new Client();
const body = new Client();
let saved;

before(async () => {
  await officer.login('officer');
  await body.login('ets1');
  saved = (await officer.get('/commons/rules', J)).json().mine;
  await officer.get('/commons/rules');
  // No publication period, so the pact is signed at once.
  const r = await officer.post('/commons/rules', { regulation: 'Regolamento di prova (rete)', answer_days: 30, comment_days: 0, max_months: 24, max_renewals: 1 }, J);
  assert.equal(r.status, 200);
});

after(async () => {
  await officer.get('/commons/rules');
  if (saved?.regulation) await officer.post('/commons/rules', saved, J);
});

const graph = async (hood) => (await officer.get(`/network.json${hood ? `?neighbourhood=${encodeURIComponent(hood)}` : ''}`, J)).json();
const linkOf = (g, a, b) => g.links.find((l) => (l.source === a && l.target === b) || (l.source === b && l.target === a));

test('a pact between two bodies and the city makes exactly its links, in the page, the JSON and GraphML', async () => {
  const hood = `Rione ${randomBytes(3).toString('hex')}`;
  await officer.get('/commons');
  const good = (await officer.post('/commons/goods', { kind: 'room', name: 'Sala di prova (rete)', address: 'via Rete 1', neighbourhood: hood }, J)).json().good_id;
  await body.get(`/commons/goods/${good}`);
  const res = await body.post('/commons/pacts', { good_id: good, title: 'Laboratori in sala', activities: 'Laboratori per ragazzi.', proposer_kind: 'body', months: 6, open: '1' }, J);
  assert.equal(res.status, 200, res.text.slice(0, 300));
  const pact = res.json().pact_id;
  const lead = (await body.get(`/commons/pacts/${pact}`, J)).json().pact;
  assert.equal(lead.proposer_kind, 'body');
  await officer.get(`/commons/pacts/${pact}`);
  assert.equal((await officer.post(`/commons/pacts/${pact}/publish`, {}, J)).status, 200);
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(new Date());
  assert.equal((await officer.post(`/commons/pacts/${pact}/sign`, { starts_on: today }, J)).status, 200);
  // A second body, new, joins: its only record is this pact.
  const other = newEts(7);
  const oc = new Client();
  await loginEmail(oc, other.email, other.pw);
  await oc.get(`/commons/pacts/${pact}`);
  assert.equal((await oc.post(`/commons/pacts/${pact}/join`, {}, J)).status, 200);

  const g = await graph();
  const aurora = g.organizations.find((o) => o.name === 'Cooperativa Sociale Esempio Aurora ETS (demo)');
  const newcomer = g.organizations.find((o) => o.tax_id === other.cf);
  assert.ok(aurora && newcomer, 'both bodies are actors');
  assert.equal(newcomer.id, `cf:${other.cf}`);
  const between = linkOf(g, aurora.id, newcomer.id);
  assert.deepEqual(between.kinds, { pact: 1 });
  assert.equal(between.weight, 1);
  assert.deepEqual(linkOf(g, newcomer.id, 'city').kinds, { pact: 1 }, 'the newcomer\'s only link to the city is this pact');
  assert.ok(linkOf(g, aurora.id, 'city').kinds.pact >= 1);
  assert.equal(g.links.filter((l) => l.source === newcomer.id || l.target === newcomer.id).length, 2);

  // The neighbourhood's view holds this pact's three actors and nothing else.
  const local = await graph(hood);
  assert.deepEqual(local.organizations.map((o) => o.id).sort(), [aurora.id, newcomer.id, 'city'].sort());
  assert.equal(local.links.length, 3);
  assert.equal((await graph('Nessun quartiere')).links.length, 0);

  // GraphML: the same nodes and edges.
  const xml = (await officer.get('/network.graphml')).text;
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<graphml xmlns="http:\/\/graphml.graphdrawing.org\/xmlns"/);
  assert.equal((xml.match(/<node id=/g) || []).length, g.organizations.length);
  assert.equal((xml.match(/<edge id=/g) || []).length, g.links.length);
  assert.match(xml, new RegExp(`<data key="tax_code">${other.cf}</data>`));
  // The page draws it and lists it.
  const page = (await officer.get(`/network?neighbourhood=${encodeURIComponent(hood)}`)).text;
  assert.equal((page.match(/<circle /g) || []).length, 3);
  assert.equal((page.match(/<line /g) || []).length, 3);
  assert.match(page, /Cooperativa di prova 7 ETS/);
});

test('only the city\'s officers and controllers see the network', async () => {
  const resident = new Client();
  await resident.login('resident1');
  assert.equal((await resident.get('/network', J)).status, 403);
  assert.notEqual((await new Client().get('/network.json', J)).status, 200);
  const controller = new Client();
  await controller.login('controller');
  assert.equal((await controller.get('/network.json', J)).status, 200);
});

test('a body\'s need meets others\' offers of the same kind and, for spaces, the goods on offer; only its representative edits it', async () => {
  const aurora = Number((await body.get('/network/actors', J)).json().actors.find((a) => a.tax_code === '97000000014').id);
  await body.get(`/network/actors/${aurora}`);
  const tag = randomBytes(3).toString('hex');
  assert.equal((await body.post(`/network/actors/${aurora}/profile`, { kind: 'ets', neighbourhood: 'Corvetto', description: 'Orti e cortili.' }, J)).status, 200);
  const need = await body.post(`/network/actors/${aurora}/items`, { direction: 'need', category: 'equipment', text: `Un furgone ${tag}` }, J);
  assert.equal(need.status, 200);
  assert.equal((await body.post(`/network/actors/${aurora}/items`, { direction: 'need', category: 'spaces', text: `Una sala ${tag}` }, J)).status, 200);
  // A new body offers the same kind of thing.
  const other = newEts(8);
  const oc = new Client();
  await loginEmail(oc, other.email, other.pw);
  const orgId = Number(dbText(`SELECT id FROM organisations WHERE tax_code = '${other.cf}'`));
  assert.ok(orgId);
  await oc.get(`/network/actors/${orgId}`);
  // Not its own: refused.
  assert.equal((await oc.post(`/network/actors/${aurora}/items`, { direction: 'offer', category: 'equipment', text: 'x' }, J)).status, 403);
  const offered = await oc.post(`/network/actors/${orgId}/items`, { direction: 'offer', category: 'equipment', text: `Furgone in prestito ${tag}` }, J);
  assert.equal(offered.status, 200, offered.text.slice(0, 200));
  const a = (await new Client().get(`/network/actors/${aurora}`, J)).json().actor;
  const van = a.needs.find((n) => n.text === `Un furgone ${tag}`);
  assert.ok(van.matches.some((m) => m.text === `Furgone in prestito ${tag}`), 'the offer meets the need');
  const room = a.needs.find((n) => n.text === `Una sala ${tag}`);
  assert.ok(room.goods.length >= 1, 'a need of space meets the goods offered for care');
  assert.ok(room.goods.every((g) => g.id > 0));
  // Withdrawn, it leaves the profile and the matches.
  const item = (await oc.get(`/network/actors/${orgId}`, J)).json().actor.items.find((x) => x.text === `Furgone in prestito ${tag}`);
  assert.equal((await oc.post(`/network/actors/${orgId}/items/${item.id}/withdraw`, {}, J)).status, 200);
  assert.equal((await oc.post(`/network/actors/${orgId}/items/${item.id}/withdraw`, {}, J)).status, 404);
  const after = (await new Client().get(`/network/actors/${aurora}`, J)).json().actor;
  assert.ok(!after.needs.find((n) => n.text === `Un furgone ${tag}`).matches.some((m) => m.text === `Furgone in prestito ${tag}`));
  // A resident cannot write a body's profile.
  const resident = new Client();
  await resident.login('resident1');
  await resident.get(`/network/actors/${aurora}`);
  assert.equal((await resident.post(`/network/actors/${aurora}/profile`, { kind: 'ets' }, J)).status, 403);
});
