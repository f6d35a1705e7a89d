// Evaluation and ranking: admissibility, the commission, conflict of interest, scores, ties,
// admission within the area budget, and the published ranking (page, CSV, XLSX).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BASE, Client, cli, dbText, localIn, setClock, newEts, loginEmail } from './helpers.mjs';

const officer = new Client();
const ev1 = new Client();
const ev2 = new Client();
let callId;
let call;
const bodies = []; // {client, cf, proposalId}

async function propose(body, areaIndex, requested, cofinancing) {
  const c = new Client();
  await loginEmail(c, body.email, body.pw);
  await c.get(`/calls/${callId}/proposals/new`);
  const total = Number(requested) + Number(cofinancing);
  const pairs = [['area_id', String(call.areas[areaIndex].id)], ['title', `Proposta ${body.cf}`], ['summary', 's'],
    ['activities', 'a'], ['support_network', 'n'], ['sustainability', 'x'], ['requested', requested],
    ['cofinancing', cofinancing], ['target_group', 'Inquilini'], ['target_participants', '10'],
    ['line_category', 'Personale'], ['line_amount', String(total)]];
  const res = await c.multipart(`/calls/${callId}/proposals`, pairs);
  assert.equal(res.status, 303, res.text.slice(0, 300));
  const id = Number(res.headers.get('location').split('/').pop());
  await c.get(`/proposals/${id}`);
  const sub = await c.post(`/proposals/${id}/submit`, {}, { accept: 'application/json' });
  assert.equal(sub.status, 200, sub.text.slice(0, 300));
  bodies.push({ ...body, client: c, proposalId: id });
  return id;
}

async function score(c, pid, points, note = '') {
  await c.get(`/calls/${callId}/evaluation/${pid}`);
  const pairs = call.criteria.map((k, i) => [[`points_${k.id}`, String(points[i])], [`note_${k.id}`, note]]).flat();
  return c.post(`/calls/${callId}/evaluation/${pid}/scores`, pairs, { accept: 'application/json' });
}

test('setup: a call with two areas, five proposals, then the deadline', async () => {
  await officer.login('officer');
  await officer.get('/account');
  const ops = (await officer.get('/operations', { accept: 'application/json' })).json().operations;
  const op = ops.find((o) => o.local_code === 'MI3.3.1.b');
  const made = await officer.post('/calls', [['operation_id', String(op.id)], ['title', 'Avviso per la valutazione'],
    ['object', 'Prova'], ['total_budget', '150.000'], ['min_cofinancing', '10'], ['duration_months', '24'],
    ['threshold_points', '60'], ['publication', localIn(-60)], ['deadline', localIn(3600)], ['short_notice_reason', 'Prova'],
    ['area_name', 'Nord'], ['area_budget', '100.000'], ['area_name', 'Sud'], ['area_budget', '50.000'],
    ['criterion_name', 'Qualità'], ['criterion_points', '60'], ['criterion_name', 'Rete'], ['criterion_points', '40']]);
  assert.equal(made.status, 303);
  callId = Number(made.headers.get('location').split('/').pop());
  assert.equal((await officer.post(`/calls/${callId}/publish`, {})).status, 303);
  call = (await officer.get(`/calls/${callId}`, { accept: 'application/json' })).json().call;
  const e = [1, 2, 3, 4, 5].map(newEts);
  await propose(e[0], 0, '60000', '7000');
  await propose(e[1], 0, '50000', '6000');
  await propose(e[2], 0, '30000', '4000');
  await propose(e[3], 1, '40000', '5000');
  await propose(e[4], 1, '45000', '5000');
  // an evaluator who is also a member of the first applicant
  const conflicted = cli(['user', 'add', '--email', `conflict-${randomBytes(4).toString('hex')}@test.invalid`, '--name', 'Commissario in conflitto',
    '--role', 'evaluator', '--city', '015146', '--org', e[0].cf], 'password-in-conflitto\n');
  assert.equal(conflicted.status, 0, conflicted.stderr);
  bodies.conflictedEmail = conflicted.stdout.match(/created: (\S+)/)[1];
  await setClock(2 * 3600);
});

test('the officer decides admissibility; an exclusion needs a reason the ETS can read', async () => {
  try {
    const early = await officer.post(`/calls/${callId}/commission`, { user_id: '1' }, { accept: 'application/json' });
    assert.equal(early.status, 422, 'only evaluators can be appointed');
    for (const b of bodies.slice(0, 4)) {
      const r = await officer.post(`/calls/${callId}/admissibility`, { proposal_id: String(b.proposalId), decision: 'admitted' });
      assert.equal(r.status, 303);
    }
    const noReason = await officer.post(`/calls/${callId}/admissibility`, { proposal_id: String(bodies[4].proposalId), decision: 'excluded' }, { accept: 'application/json' });
    assert.equal(noReason.status, 422);
    const ex = await officer.post(`/calls/${callId}/admissibility`, { proposal_id: String(bodies[4].proposalId), decision: 'excluded', reason: 'Manca l\'iscrizione al RUNTS del partner' });
    assert.equal(ex.status, 303);
    const seen = (await bodies[4].client.get(`/proposals/${bodies[4].proposalId}`, { accept: 'application/json' })).json().proposal;
    assert.equal(seen.admissibility, 'excluded');
    assert.match(seen.exclusion_reason, /RUNTS/);
    // Each decision goes out in the protocol, to the body, with its text.
    const decided = (id) => dbText(`SELECT direction || '|' || kind || '|' || subject FROM protocol_entries WHERE ref_type = 'proposal' AND ref_id = ${id} AND direction = 'out'`);
    assert.match(decided(bodies[0].proposalId), /^out\|decision\|Ammissione della proposta n\. \d+/);
    assert.match(decided(bodies[4].proposalId), /^out\|decision\|Esclusione della proposta n\. \d+/);
    assert.equal((await officer.post(`/calls/${callId}/transition`, { to: 'evaluation' })).status, 303);
  } finally {
    await setClock(0);
  }
});

test('the commission: appointment, declaration before scoring, and the conflict-of-interest block', async () => {
  const dash = (await officer.get(`/calls/${callId}/evaluation`, { accept: 'application/json' })).json().dashboard;
  const id = (email) => dash.evaluators.find((u) => u.email === email).id;
  assert.equal((await officer.post(`/calls/${callId}/commission`, { user_id: String(id('evaluator1@demo.invalid')), president: '1' })).status, 303);
  assert.equal((await officer.post(`/calls/${callId}/commission`, { user_id: String(id('evaluator2@demo.invalid')) })).status, 303);
  assert.equal((await officer.post(`/calls/${callId}/commission`, { user_id: String(id(bodies.conflictedEmail)) })).status, 303);
  await ev1.login('evaluator1');
  await ev2.login('evaluator2');
  const p = bodies[0].proposalId;
  const before = await score(ev1, p, [50, 30]);
  assert.equal(before.status, 409, 'scores need the declaration first');
  await ev1.get(`/calls/${callId}/evaluation/${p}`);
  assert.equal((await ev1.post(`/calls/${callId}/evaluation/${p}/declare`, {})).status, 303);
  const over = await score(ev1, p, [61, 30]);
  assert.equal(over.status, 422);
  const c = new Client();
  await c.get('/login');
  await c.post('/login', { email: bodies.conflictedEmail, password: 'password-in-conflitto' });
  assert.equal((await c.get(`/calls/${callId}/evaluation/${p}`)).status, 403);
  await c.get(`/calls/${callId}/evaluation`);
  const blocked = await c.post(`/calls/${callId}/evaluation/${p}/declare`, {}, { accept: 'application/json' });
  assert.equal(blocked.status, 403);
  assert.match(blocked.json().error.message, /conflitto|partner/);
  const outsider = new Client();
  await outsider.login('controller');
  assert.equal((await outsider.get(`/calls/${callId}/evaluation/${p}`)).status, 403);
});

test('incomplete scores block the ranking; then ties, threshold and the area budget decide it', async () => {
  const early = await officer.post(`/calls/${callId}/ranking`, {}, { accept: 'application/json' });
  assert.equal(early.status, 409);
  assert.ok(early.json().error.missing_scores > 0);
  // Nord (100.000): A 60.000 and B 50.000 tie at 80; C 30.000 at 59 (below 60).
  const [a, b, c, d] = bodies.map((x) => x.proposalId);
  const plan = { [a]: [[50, 30], [50, 30]], [b]: [[50, 30], [50, 30]], [c]: [[40, 20], [39, 20]], [d]: [[45, 25], [45, 25]] };
  for (const [pid, [s1, s2]] of Object.entries(plan)) {
    for (const [cl, s] of [[ev1, s1], [ev2, s2]]) {
      await cl.get(`/calls/${callId}/evaluation/${pid}`);
      await cl.post(`/calls/${callId}/evaluation/${pid}/declare`, {});
      const r = await score(cl, pid, s, 'Proposta ben radicata');
      assert.equal(r.status, 200, r.text.slice(0, 200));
    }
  }
  let dash = (await officer.get(`/calls/${callId}/evaluation`, { accept: 'application/json' })).json().dashboard;
  const ev1row = dash.commission.find((m) => m.email === 'evaluator1@demo.invalid');
  assert.deepEqual([ev1row.scored, ev1row.declared, ev1row.to_score, ev1row.is_president], [4, 4, 4, true]);
  // Two members have scored everything, but the third, in conflict only on A, has not
  // declared or scored B, C and D: a mean of two is not the commission's score.
  const third = dash.commission.find((m) => m.email === bodies.conflictedEmail);
  assert.deepEqual([third.to_score, third.declared, third.scored, third.conflicts], [3, 0, 0, 1]);
  assert.equal(dash.gaps, 3 + 3 * 2);
  const notYet = await officer.post(`/calls/${callId}/ranking`, {}, { accept: 'application/json' });
  assert.equal(notYet.status, 409);
  assert.equal(notYet.json().error.missing_scores, 9);
  const page = await officer.get(`/calls/${callId}/evaluation`);
  assert.match(page.text, /La graduatoria si pubblica solo quando ogni componente/);
  assert.match(page.text, /ancora mancanti:\s*<strong>9<\/strong>/);
  // The member is replaced, for a recorded reason, by another evaluator of the city.
  const sub = cli(['user', 'add', '--email', `sostituto-${randomBytes(4).toString('hex')}@test.invalid`, '--name', 'Commissario sostituto',
    '--role', 'evaluator', '--city', '015146'], 'password-sostituto\n');
  assert.equal(sub.status, 0, sub.stderr);
  const subEmail = sub.stdout.match(/created: (\S+)/)[1];
  dash = (await officer.get(`/calls/${callId}/evaluation`, { accept: 'application/json' })).json().dashboard;
  const subId = dash.evaluators.find((u) => u.email === subEmail).id;
  const ev2Id = dash.evaluators.find((u) => u.email === 'evaluator2@demo.invalid').id;
  const noReason = await officer.post(`/calls/${callId}/commission/replace`, { member_id: String(third.id), replacement_id: String(subId), reason: '' }, { accept: 'application/json' });
  assert.equal(noReason.status, 422);
  const byMember = await officer.post(`/calls/${callId}/commission/replace`, { member_id: String(third.id), replacement_id: String(ev2Id), reason: 'x' }, { accept: 'application/json' });
  assert.equal(byMember.status, 422, 'an active member cannot replace another');
  const replaced = await officer.post(`/calls/${callId}/commission/replace`, { member_id: String(third.id), replacement_id: String(subId), reason: 'Dimissioni per motivi personali' });
  assert.equal(replaced.status, 303);
  dash = (await officer.get(`/calls/${callId}/evaluation`, { accept: 'application/json' })).json().dashboard;
  assert.equal(dash.commission.length, 3);
  assert.ok(!dash.commission.some((m) => m.email === bodies.conflictedEmail));
  assert.deepEqual(dash.replaced.map((x) => [x.replacement, x.reason]), [['Commissario sostituto', 'Dimissioni per motivi personali']]);
  assert.equal(dash.gaps, 4 + 4 * 2, 'the replacement declares and scores every admitted proposal');
  const gone = new Client();
  await loginEmail(gone, bodies.conflictedEmail, 'password-in-conflitto');
  assert.equal((await gone.get(`/calls/${callId}/evaluation/${b}`)).status, 403, 'a replaced member no longer scores');
  const sc = new Client();
  await loginEmail(sc, subEmail, 'password-sostituto');
  const third3 = { [a]: [50, 30], [b]: [50, 30], [c]: [38, 20], [d]: [45, 25] };
  for (const [pid, s] of Object.entries(third3)) {
    await sc.get(`/calls/${callId}/evaluation/${pid}`);
    assert.equal((await sc.post(`/calls/${callId}/evaluation/${pid}/declare`, {})).status, 303);
    if (pid === String(d)) {
      const half = await officer.post(`/calls/${callId}/ranking`, {}, { accept: 'application/json' });
      assert.equal(half.json().error.missing_scores, 2, 'one proposal left to score');
    }
    assert.equal((await score(sc, pid, s)).status, 200);
  }
  const pub = await officer.post(`/calls/${callId}/ranking`, {});
  assert.equal(pub.status, 303);
  const rk = (await new Client().get(`/calls/${callId}/ranking`, { accept: 'application/json' })).json().ranking;
  const nord = rk.areas[0].entries.map((e) => [e.proposal_id, e.position, e.score, e.is_above_threshold, e.is_admitted]);
  assert.deepEqual(nord, [
    [a, 1, '80,00', true, true], // tie with B, submitted earlier
    [b, 2, '80,00', true, false], // 60.000 + 50.000 > 100.000
    [c, 3, '59,00', false, false],
  ]);
  assert.deepEqual(rk.areas[1].entries.map((e) => [e.proposal_id, e.is_admitted]), [[d, true]]);
  const ranked = (await officer.get(`/calls/${callId}`, { accept: 'application/json' })).json().call;
  assert.equal(ranked.state, 'ranked');
  // The published ranking is a decision going out: registered, with the ranking's hash.
  const entries = (await officer.get(`/protocol?q=${encodeURIComponent(`Graduatoria dell'avviso "${ranked.title}"`)}`, { accept: 'application/json' })).json().entries;
  assert.equal(entries.length, 1);
  assert.equal(entries[0].direction, 'out');
  assert.equal(entries[0].kind, 'decision');
  assert.equal(entries[0].ref_type, 'call');
  assert.equal(entries[0].ref_id, callId);
  assert.match(entries[0].document_sha256, /^[0-9a-f]{64}$/);
});

test('the ranking exports as CSV and XLSX, and each ETS sees its own scores and notes', async () => {
  const csv = await fetch(`${BASE}/calls/${callId}/ranking.csv`);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  const lines = (await csv.text()).trim().split('\r\n');
  assert.equal(lines[0], 'area,position,organisation,tax_code,title,protocol,score,above_threshold,admitted,requested_eur');
  assert.equal(lines.length, 5);
  assert.match(lines[1], /^Nord,1,Cooperativa di prova 1 ETS,\d{11},.*,80\.00,yes,yes,60000\.00$/);
  const xlsx = await fetch(`${BASE}/calls/${callId}/ranking.xlsx`);
  const bytes = Buffer.from(await xlsx.arrayBuffer());
  assert.equal(bytes.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004', 'an XLSX is a zip');
  assert.ok(bytes.length > 3000);
  const own = (await bodies[0].client.get(`/proposals/${bodies[0].proposalId}`, { accept: 'application/json' })).json();
  assert.deepEqual(own.scores.map((s) => s.score), ['50,00', '30,00']);
  assert.ok(own.scores[0].notes.includes('Proposta ben radicata'));
  const other = await bodies[1].client.get(`/proposals/${bodies[0].proposalId}`);
  assert.equal(other.status, 404, 'not another body\'s scores');
  assert.equal((await fetch(`${BASE}/calls/${callId + 100000}/ranking.csv`)).status, 404);
});

test('agreed scores: only the president records them, and the ranking uses them', async () => {
  const ops = (await officer.get('/operations', { accept: 'application/json' })).json().operations;
  const op = ops.find((o) => o.local_code === 'MI3.3.1.b');
  const made = await officer.post('/calls', [['operation_id', String(op.id)], ['title', 'Avviso a punteggio concordato'],
    ['object', 'Prova'], ['total_budget', '100.000'], ['min_cofinancing', '10'], ['duration_months', '12'],
    ['threshold_points', '50'], ['publication', localIn(-60)], ['deadline', localIn(3600)], ['short_notice_reason', 'Prova'],
    ['score_mode', 'agreed'], ['area_name', 'Unico'], ['area_budget', '100.000'],
    ['criterion_name', 'Qualità'], ['criterion_points', '100']]);
  assert.equal(made.status, 303);
  callId = Number(made.headers.get('location').split('/').pop());
  await officer.post(`/calls/${callId}/publish`, {});
  call = (await officer.get(`/calls/${callId}`, { accept: 'application/json' })).json().call;
  bodies.length = 0;
  const pid = await propose(newEts(7), 0, '50000', '6000');
  try {
    await setClock(2 * 3600);
    await officer.get(`/calls/${callId}/evaluation`);
    await officer.post(`/calls/${callId}/admissibility`, { proposal_id: String(pid), decision: 'admitted' });
    await officer.post(`/calls/${callId}/transition`, { to: 'evaluation' });
  } finally {
    await setClock(0);
  }
  const dash = (await officer.get(`/calls/${callId}/evaluation`, { accept: 'application/json' })).json().dashboard;
  const id = (email) => dash.evaluators.find((u) => u.email === email).id;
  await officer.post(`/calls/${callId}/commission`, { user_id: String(id('evaluator1@demo.invalid')), president: '1' });
  await officer.post(`/calls/${callId}/commission`, { user_id: String(id('evaluator2@demo.invalid')) });
  for (const c of [ev1, ev2]) {
    await c.get(`/calls/${callId}/evaluation/${pid}`);
    assert.equal((await c.post(`/calls/${callId}/evaluation/${pid}/declare`, {})).status, 303);
  }
  const k = call.criteria[0].id;
  const notPresident = await ev2.post(`/calls/${callId}/evaluation/${pid}/scores`, { [`points_${k}`]: '90', agreed: '1' }, { accept: 'application/json' });
  assert.equal(notPresident.status, 403);
  const incomplete = await officer.post(`/calls/${callId}/ranking`, {}, { accept: 'application/json' });
  assert.equal(incomplete.status, 409, 'individual scores do not replace the agreed one');
  const agreed = await ev1.post(`/calls/${callId}/evaluation/${pid}/scores`, { [`points_${k}`]: '72', [`note_${k}`]: 'Concordato in seduta', agreed: '1' }, { accept: 'application/json' });
  assert.equal(agreed.status, 200, agreed.text.slice(0, 200));
  assert.equal((await officer.post(`/calls/${callId}/ranking`, {})).status, 303);
  const rk = (await new Client().get(`/calls/${callId}/ranking`, { accept: 'application/json' })).json().ranking;
  assert.deepEqual(rk.rows.map((r) => [r.proposal_id, r.score, r.is_admitted]), [[pid, '72,00', true]]);
});
