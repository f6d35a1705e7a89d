// The plan, the spaces registry and co-design calls: rules, states, the clock, clarifications.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, Client, localIn, setClock, sleep } from './helpers.mjs';

const officer = new Client();
const ets = new Client();
const anon = new Client();
let operationId;

async function signedIn(c, who) {
  if (!c.cookies.has('coprog_session')) {
    await c.login(who);
    await c.get('/account');
  }
  return c;
}

function callForm(overrides = {}) {
  const base = {
    operation_id: String(operationId), title: 'Avviso di prova', object: 'Oggetto di prova',
    total_budget: '100.000,00', min_cofinancing: '10', duration_months: '24', threshold_points: '60',
    publication: localIn(-3600), deadline: localIn(30 * 86400), tie_rule: 'earlier_submission', score_mode: 'mean',
  };
  const f = { ...base, ...overrides };
  const pairs = Object.entries(f).filter(([k]) => !k.startsWith('_'));
  for (const [name, budget] of f._areas ?? [['Ambito A', '60.000'], ['Ambito B', '40.000']]) {
    pairs.push(['area_name', name], ['area_budget', budget], ['area_description', '']);
  }
  for (const [name, points] of f._criteria ?? [['Qualità', '70'], ['Rete', '30']]) {
    pairs.push(['criterion_name', name], ['criterion_points', points], ['criterion_description', '']);
  }
  pairs.push(['document_name', 'Proposta firmata'], ['document_required', '1']);
  return pairs;
}

async function createCall(overrides) {
  await signedIn(officer, 'officer');
  const res = await officer.post('/calls', callForm(overrides));
  assert.equal(res.status, 303, res.text.slice(0, 300));
  return Number(res.headers.get('location').split('/').pop());
}

test('the public list shows the open call first, with the Milan demo', async () => {
  const res = await anon.get('/calls', { accept: 'application/json' });
  const { calls } = res.json();
  assert.ok(calls.length >= 2);
  assert.equal(calls[0].is_open, true);
  const qc = calls.find((c) => c.title.startsWith('Quartieri Connessi'));
  assert.equal(qc.state, 'codesign');
  assert.equal(qc.total_budget_eur, '516.500,00 €');
  const html = await anon.get('/calls');
  assert.match(html.text, /Quartieri Connessi/);
});

test('a call page shows areas adding up, criteria, spaces, time left; the text downloads', async () => {
  const list = (await anon.get('/calls', { accept: 'application/json' })).json().calls;
  const qc = list.find((c) => c.title.startsWith('Quartieri Connessi'));
  const { call } = (await anon.get(`/calls/${qc.id}`, { accept: 'application/json' })).json();
  assert.equal(call.areas.length, 3);
  assert.equal(call.areas.reduce((s, a) => s + a.budget_cents, 0), 51650000);
  assert.equal(call.min_cofinancing, '10%');
  assert.equal(call.duration_months, 24);
  assert.equal(call.spaces.length, 9);
  assert.equal(call.max_points, 100);
  assert.equal(call.deadline_at_local, '15/02/2021 12:00');
  assert.deepEqual(call.timeline.map((e) => e.state), ['draft', 'published', 'closed', 'evaluation', 'ranked', 'codesign']);
  assert.equal(call.timeline[2].user ?? null, null, 'closed by the clock, by no one');
  assert.equal(call.timeline[2].entered_at_local, '15/02/2021 12:00', 'at the deadline');
  const rk = (await anon.get(`/calls/${qc.id}/ranking`, { accept: 'application/json' })).json().ranking;
  assert.equal(rk.areas.length, 3);
  assert.equal(rk.rows.length, 7, '8 proposals, one excluded');
  const open = (await anon.get(`/calls/${list[0].id}`, { accept: 'application/json' })).json().call;
  assert.match(open.time_left, /^\d+ giorni, \d+ ore$/);
  const text = await fetch(`${BASE}/calls/${qc.id}/text`);
  assert.match(text.headers.get('content-disposition'), /attachment; filename="avviso-\d+\.txt"/);
  assert.match(await text.text(), /Dotazione complessiva: 516\.500,00 €/);
  const pdf = await fetch(`${BASE}/calls/${qc.id}/pdf`);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1'), '%PDF-');
});

test('operations: officers create them with a valid CUP and a unique local code', async () => {
  await signedIn(officer, 'officer');
  const form = await officer.get('/operations/new', { accept: 'application/json' });
  const action = form.json().actions.find((a) => a.code === '3.2.2');
  const base = { action_id: String(action.id), local_code: `MI3.2.2.${Date.now() % 100000}`, title: 'Centro diurno', fund: 'ESF', budget: '250.000,00', status: 'planned', start_date: '2026-01-01', end_date: '2027-12-31' };
  const bad = await officer.post('/operations', { ...base, cup: 'B41H2000' }, { accept: 'application/json' });
  assert.equal(bad.status, 422);
  assert.equal(bad.json().errors[0].field, 'cup');
  const order = await officer.post('/operations', { ...base, cup: 'B41H20000000999', end_date: '2025-01-01' }, { accept: 'application/json' });
  assert.equal(order.status, 422);
  assert.equal(order.json().errors[0].field, 'end_date');
  const ok = await officer.post('/operations', { ...base, cup: 'b41h 2000 0000 999' });
  assert.equal(ok.status, 303);
  const id = ok.headers.get('location').split('/').pop();
  const op = (await anon.get(`/operations/${id}`, { accept: 'application/json' })).json().operation;
  assert.equal(op.cup, 'B41H20000000999');
  assert.equal(op.budget_cents, 25000000);
  const dup = await officer.post('/operations', { ...base, cup: 'B41H20000000999' }, { accept: 'application/json' });
  assert.equal(dup.status, 422);
  assert.equal(dup.json().errors[0].field, 'local_code');
  operationId = Number(id);
});

test('spaces: officers register them; the list is public', async () => {
  await signedIn(officer, 'officer');
  const bad = await officer.post('/spaces', { name: 'Locale', address: '', works_state: 'ready', municipio: '42x' }, { accept: 'application/json' });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.json().errors.map((e) => e.field).sort(), ['address', 'municipio']);
  const ok = await officer.post('/spaces', { name: 'Ex portineria di prova', address: 'via Prova 1', municipio: '5', area_m2: '33', works_state: 'in_works' });
  assert.equal(ok.status, 303);
  const spaces = (await anon.get('/spaces', { accept: 'application/json' })).json().spaces;
  assert.ok(spaces.some((s) => s.name === 'Ex portineria di prova' && s.area_m2 === 33));
  assert.ok(spaces.length >= 10);
});

test('a draft call must add up, and a short deadline needs a recorded reason', async () => {
  await signedIn(officer, 'officer');
  const sum = await officer.post('/calls', callForm({ _areas: [['A', '60.000'], ['B', '30.000']] }), { accept: 'application/json' });
  assert.equal(sum.status, 422);
  assert.ok(sum.json().errors.some((e) => e.field === 'area_budget' && /somma/.test(e.message)));
  const short = await officer.post('/calls', callForm({ deadline: localIn(5 * 86400) }), { accept: 'application/json' });
  assert.equal(short.status, 422);
  assert.equal(short.json().errors[0].field, 'short_notice_reason');
  const threshold = await officer.post('/calls', callForm({ threshold_points: '101' }), { accept: 'application/json' });
  assert.equal(threshold.json().errors[0].field, 'threshold_points');
  const before = await officer.post('/calls', callForm({ deadline: localIn(-7200) }), { accept: 'application/json' });
  assert.equal(before.json().errors[0].field, 'deadline_at');
  const reason = await officer.post('/calls', callForm({ deadline: localIn(5 * 86400), short_notice_reason: 'Urgenza per la stagione invernale' }));
  assert.equal(reason.status, 303);
});

test('drafts are private until published; published calls cannot be edited', async () => {
  const id = await createCall();
  assert.equal((await anon.get(`/calls/${id}`)).status, 404);
  assert.ok(!(await anon.get('/calls', { accept: 'application/json' })).json().calls.some((c) => c.id === id));
  assert.equal((await officer.get(`/calls/${id}`)).status, 200);
  const pub = await officer.post(`/calls/${id}/publish`, {});
  assert.equal(pub.status, 303);
  const seen = (await anon.get(`/calls/${id}`, { accept: 'application/json' })).json().call;
  assert.equal(seen.state, 'published');
  assert.equal(seen.is_open, true);
  const again = await officer.post(`/calls/${id}/publish`, {}, { accept: 'application/json' });
  assert.equal(again.status, 409);
  const edit = await officer.post(`/calls/${id}`, callForm(), { accept: 'application/json' });
  assert.equal(edit.status, 409);
  const other = new Client();
  await other.login('evaluator1');
  assert.equal((await other.get('/calls/new')).status, 403);
});

test('at the deadline the call closes by the clock, with no one acting', async () => {
  const id = await createCall({ deadline: localIn(3600), short_notice_reason: 'Prova della scadenza' });
  await officer.post(`/calls/${id}/publish`, {});
  await signedIn(ets, 'ets1');
  try {
    await setClock(2 * 3600);
    const seen = (await anon.get(`/calls/${id}`, { accept: 'application/json' })).json().call;
    assert.equal(seen.state, 'closed', 'closed as soon as the deadline passes');
    assert.equal(seen.is_open, false);
    const late = await ets.post(`/calls/${id}/questions`, { question: 'Si può ancora chiedere?' }, { accept: 'application/json' });
    assert.equal(late.status, 409);
    let timeline = [];
    for (let i = 0; i < 30 && !timeline.includes('closed'); i++) {
      await sleep(200);
      timeline = (await anon.get(`/calls/${id}`, { accept: 'application/json' })).json().call.timeline.map((e) => e.state);
    }
    assert.deepEqual(timeline, ['draft', 'published', 'closed']);
    const auditor = new Client();
    await auditor.login('auditor');
    const entries = (await auditor.get('/audit', { accept: 'application/json' })).json().entries;
    assert.ok(entries.some((e) => e.action === 'call_closed' && e.entity_id === id && !e.user));
  } finally {
    await setClock(0);
  }
  const to = await officer.post(`/calls/${id}/transition`, { to: 'codesign' }, { accept: 'application/json' });
  assert.equal(to.status, 409, 'co-design cannot start before evaluation');
  const ev = await officer.post(`/calls/${id}/transition`, { to: 'evaluation' });
  assert.equal(ev.status, 303);
  const state = (await anon.get(`/calls/${id}`, { accept: 'application/json' })).json().call.state;
  assert.equal(state, 'evaluation');
});

test('clarifications: an ETS asks, the officer answers, the answer is public', async () => {
  const id = await createCall();
  await officer.post(`/calls/${id}/publish`, {});
  await signedIn(ets, 'ets1');
  await ets.get(`/calls/${id}`);
  const asked = await ets.post(`/calls/${id}/questions`, { question: 'Gli spazi sono arredati?' });
  assert.equal(asked.status, 303);
  const hidden = (await anon.get(`/calls/${id}`, { accept: 'application/json' })).json().call.questions;
  assert.equal(hidden.length, 0, 'unanswered questions are not public');
  const mine = (await officer.get(`/calls/${id}`, { accept: 'application/json' })).json().call.questions;
  assert.equal(mine.length, 1);
  const answered = await officer.post(`/calls/${id}/questions/${mine[0].id}/answer`, { answer: 'Sì, con arredi di base.' });
  assert.equal(answered.status, 303);
  const pub = (await anon.get(`/calls/${id}`, { accept: 'application/json' })).json().call.questions;
  assert.equal(pub.length, 1);
  assert.equal(pub[0].answer, 'Sì, con arredi di base.');
  const text = await (await fetch(`${BASE}/calls/${id}/text`)).text();
  assert.match(text, /Gli spazi sono arredati\?/);
});

test('the path of a call: planned and actual dates as an SVG chart with the same data in a table', async () => {
  const list = (await anon.get('/calls', { accept: 'application/json' })).json().calls;
  const qc = list.find((c) => c.title.startsWith('Quartieri Connessi'));
  const page = await anon.get(`/calls/${qc.id}/timeline`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<svg[^>]+role="img"/);
  assert.match(page.text, /<title id="timeline-title">/);
  const rows = (await anon.get(`/calls/${qc.id}/timeline`, { accept: 'application/json' })).json().milestones;
  const closed = rows.find((r) => r.key === 'closed');
  assert.equal(closed.planned_at_local, '15/02/2021 12:00');
  assert.equal(closed.actual_at_local, '15/02/2021 12:00');
  assert.equal(rows.filter((r) => r.key === 'agreement' && r.actual_at).length, 2, 'signed by both parties: two of three');
  assert.equal(rows.filter((r) => r.key === 'final_project' && r.actual_at).length, 3);
  const circles = (page.text.match(/<circle /g) || []).length;
  assert.equal(circles, rows.reduce((n, r) => n + (r.planned_at ? 1 : 0) + (r.actual_at ? 1 : 0), 0), 'one mark per date');
});

test('spaces: works dates in order, photos with a description, the list by municipio and neighbourhood', async () => {
  await signedIn(officer, 'officer');
  const order = await officer.post('/spaces', { name: 'Locale lavori', address: 'via Lavori 1', municipio: '3', works_state: 'in_works',
    works_started_on: '2026-05-01', works_ready_on: '2026-04-01' }, { accept: 'application/json' });
  assert.equal(order.status, 422);
  assert.equal(order.json().errors[0].field, 'works_ready_on');
  const ok = await officer.post('/spaces', { name: 'Locale lavori', address: 'via Lavori 1', municipio: '3', neighbourhood: 'Lambrate',
    works_state: 'in_works', works_started_on: '2026-04-01', works_ready_on: '2026-09-30' });
  assert.equal(ok.status, 303);
  const id = ok.headers.get('location').split('/').pop();
  await officer.get(`/spaces/${id}`);
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
  const pdf = Buffer.from('%PDF-1.4 non una foto');
  const bad = await officer.multipart(`/spaces/${id}/photos`, [['caption', 'Ingresso'], ['photo', { name: 'x.png', type: 'image/png', bytes: pdf }]], { accept: 'application/json' });
  assert.equal(bad.status, 422);
  const up = await officer.multipart(`/spaces/${id}/photos`, [['caption', 'Ingresso su strada'], ['photo', { name: 'ingresso.png', type: 'image/png', bytes: png }]]);
  assert.equal(up.status, 303);
  const s = (await anon.get(`/spaces/${id}`, { accept: 'application/json' })).json().space;
  assert.equal(s.works_ready_on, '2026-09-30');
  assert.equal(s.photos[0].caption, 'Ingresso su strada');
  const img = await fetch(`${BASE}/spaces/${id}/photos/${s.photos[0].id}`);
  assert.equal(img.headers.get('content-type'), 'image/png');
  assert.ok(Buffer.from(await img.arrayBuffer()).equals(png));
  const page = await anon.get(`/spaces/${id}`);
  assert.match(page.text, /<img src="\/spaces\/\d+\/photos\/\d+" alt="Ingresso su strada"/);
  const groups = (await anon.get('/spaces?municipio=3', { accept: 'application/json' })).json().groups;
  assert.ok(groups.length >= 1);
  assert.ok(groups.every((g) => g.municipio === 3));
  assert.ok(groups.some((g) => g.neighbourhood === 'Lambrate' && g.spaces.some((x) => x.name === 'Locale lavori')));
});
