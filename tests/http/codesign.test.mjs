// Co-design tables: opening for admitted proposals, sessions inside the window, minutes
// approved by each party with versions and diffs, decisions, and the frozen final project.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, Client, localIn, setClock, newEts, loginEmail } from './helpers.mjs';

const officer = new Client();
const ev = new Client();
let callId;
let tableId;
const ets = new Client();
const stranger = new Client();
let pid;
let pid2;
let space;

test('setup: a call ranked and moved to co-design', async () => {
  await officer.login('officer');
  await officer.get('/account');
  const op = (await officer.get('/operations', { accept: 'application/json' })).json().operations.find((o) => o.local_code === 'MI3.3.1.b');
  const made = await officer.post('/calls', [['operation_id', String(op.id)], ['title', 'Avviso per i tavoli'], ['object', 'Prova'],
    ['total_budget', '100.000'], ['min_cofinancing', '10'], ['duration_months', '24'], ['threshold_points', '10'],
    ['publication', localIn(-60)], ['deadline', localIn(3600)], ['short_notice_reason', 'Prova'],
    ['area_name', 'Unico'], ['area_budget', '100.000'], ['criterion_name', 'Qualità'], ['criterion_points', '100']]);
  callId = Number(made.headers.get('location').split('/').pop());
  await officer.post(`/calls/${callId}/publish`, {});
  const call = (await officer.get(`/calls/${callId}`, { accept: 'application/json' })).json().call;
  const a = newEts(8), b = newEts(9);
  await loginEmail(ets, a.email, a.pw);
  await loginEmail(stranger, b.email, b.pw);
  await ets.get(`/calls/${callId}/proposals/new`);
  const res = await ets.multipart(`/calls/${callId}/proposals`, [['area_id', String(call.areas[0].id)], ['title', 'Portineria'], ['summary', 's'],
    ['activities', 'a'], ['support_network', 'n'], ['sustainability', 'x'], ['requested', '50000'], ['cofinancing', '6000'],
    ['target_group', 'Inquilini'], ['target_participants', '30'], ['line_category', 'Personale'], ['line_amount', '56000']]);
  pid = Number(res.headers.get('location').split('/').pop());
  await ets.get(`/proposals/${pid}`);
  assert.equal((await ets.post(`/proposals/${pid}/submit`, {}, { accept: 'application/json' })).status, 200);
  await stranger.get(`/calls/${callId}/proposals/new`);
  const res2 = await stranger.multipart(`/calls/${callId}/proposals`, [['area_id', String(call.areas[0].id)], ['title', 'Laboratori'], ['summary', 's'],
    ['activities', 'a'], ['support_network', 'n'], ['sustainability', 'x'], ['requested', '40000'], ['cofinancing', '5000'],
    ['target_group', 'Giovani'], ['target_participants', '20'], ['line_category', 'Personale'], ['line_amount', '45000']]);
  pid2 = Number(res2.headers.get('location').split('/').pop());
  await stranger.get(`/proposals/${pid2}`);
  assert.equal((await stranger.post(`/proposals/${pid2}/submit`, {}, { accept: 'application/json' })).status, 200);
  try {
    await setClock(2 * 3600);
    await officer.post(`/calls/${callId}/admissibility`, { proposal_id: String(pid), decision: 'admitted' });
    await officer.post(`/calls/${callId}/admissibility`, { proposal_id: String(pid2), decision: 'admitted' });
    await officer.post(`/calls/${callId}/transition`, { to: 'evaluation' });
  } finally {
    await setClock(0);
  }
  const dash = (await officer.get(`/calls/${callId}/evaluation`, { accept: 'application/json' })).json().dashboard;
  await officer.post(`/calls/${callId}/commission`, { user_id: String(dash.evaluators.find((u) => u.email === 'evaluator1@demo.invalid').id), president: '1' });
  await ev.login('evaluator1');
  await ev.get(`/calls/${callId}/evaluation/${pid}`);
  await ev.post(`/calls/${callId}/evaluation/${pid}/declare`, {});
  await ev.post(`/calls/${callId}/evaluation/${pid}/scores`, { [`points_${call.criteria[0].id}`]: '70' });
  await ev.get(`/calls/${callId}/evaluation/${pid2}`);
  await ev.post(`/calls/${callId}/evaluation/${pid2}/declare`, {});
  await ev.post(`/calls/${callId}/evaluation/${pid2}/scores`, { [`points_${call.criteria[0].id}`]: '65' });
  assert.equal((await officer.post(`/calls/${callId}/ranking`, {})).status, 303);
  const early = await officer.post(`/calls/${callId}/tables`, { proposal_id: String(pid) }, { accept: 'application/json' });
  assert.equal(early.status, 409, 'tables open in co-design only');
  assert.equal((await officer.post(`/calls/${callId}/transition`, { to: 'codesign' })).status, 303);
});

test('a table opens once, for an admitted proposal, with the parties that approve', async () => {
  const res = await officer.post(`/calls/${callId}/tables`, { proposal_id: String(pid) });
  assert.equal(res.status, 303);
  tableId = Number(res.headers.get('location').split('/').pop());
  const again = await officer.post(`/calls/${callId}/tables`, { proposal_id: String(pid) }, { accept: 'application/json' });
  assert.equal(again.status, 409);
  const t = (await officer.get(`/tables/${tableId}`, { accept: 'application/json' })).json().table;
  assert.deepEqual(t.participants.map((p) => [p.party, p.is_approver]), [['city', true], ['ets', true]]);
  assert.equal(t.project.version, 1, 'the final project starts as the proposal');
  assert.equal(t.project.project.requested_cents, 5000000);
  // Before approval the final project reads as a PDF, but there is nothing to sign yet.
  const pdf = await officer.get(`/tables/${tableId}/project/pdf`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  assert.ok(pdf.text.startsWith('%PDF-'));
  const early = await officer.get(`/tables/${tableId}/project/to-sign.pdf`, { accept: 'application/json' });
  assert.equal(early.status, 409);
  assert.equal(early.json().error.code, 'agreements.project_not_approved');
  assert.equal((await officer.get(`/tables/${tableId}/project/signed`, { accept: 'application/json' })).json().may_sign, false);
  assert.equal((await stranger.get(`/tables/${tableId}/project/signed`)).status, 404);
  assert.equal((await stranger.get(`/tables/${tableId}/project/pdf`)).status, 404);
  assert.equal((await stranger.get(`/tables/${tableId}`)).status, 404);
  assert.equal((await officer.post(`/tables/${tableId}/guests`, { name: 'Comitato inquilini viale Omero' })).status, 303);
});

test('sessions inside the window; beyond it only with a reason', async () => {
  assert.equal((await officer.post(`/tables/${tableId}/sessions`, { starts_at: localIn(7 * 86400), place: 'viale Omero 15', agenda: 'Avvio' })).status, 303);
  const late = await officer.post(`/tables/${tableId}/sessions`, { starts_at: localIn(120 * 86400), agenda: 'Tardi' }, { accept: 'application/json' });
  assert.equal(late.status, 422);
  assert.equal((await officer.post(`/tables/${tableId}/sessions`, { starts_at: localIn(120 * 86400), agenda: 'Tardi', reason: 'Lavori nello spazio' })).status, 303);
});

test('minutes: each party approves; a change makes a new version to approve again, with a diff', async () => {
  const t = (await ets.get(`/tables/${tableId}`, { accept: 'application/json' })).json().table;
  const sid = t.sessions[0].id;
  await ets.get(`/tables/${tableId}`);
  assert.equal((await ets.post(`/sessions/${sid}/minutes`, { text: 'Presenti: Comune, ETS\nSi concorda il calendario' })).status, 303);
  assert.equal((await ets.post(`/sessions/${sid}/approve`, {})).status, 303);
  await officer.get(`/tables/${tableId}`);
  assert.equal((await officer.post(`/sessions/${sid}/approve`, {})).status, 303);
  let m = (await officer.get(`/tables/${tableId}`, { accept: 'application/json' })).json().table.sessions[0].minutes;
  assert.equal(m.version, 1);
  assert.equal(m.is_approved, true);
  const same = await officer.post(`/sessions/${sid}/minutes`, { text: 'Presenti: Comune, ETS\nSi concorda il calendario' }, { accept: 'application/json' });
  assert.equal(same.status, 409);
  assert.equal((await officer.post(`/sessions/${sid}/minutes`, { text: 'Presenti: Comune, ETS, Comitato\nSi concorda il calendario' })).status, 303);
  m = (await officer.get(`/tables/${tableId}`, { accept: 'application/json' })).json().table.sessions[0].minutes;
  assert.equal(m.version, 2);
  assert.equal(m.is_approved, false, 'the change needs approval again');
  assert.deepEqual(m.changes.map((c) => c.op), ['removed', 'added', 'same']);
  await stranger.get('/proposals');
  const outsider = await stranger.post(`/sessions/${sid}/approve`, {}, { accept: 'application/json' });
  assert.equal(outsider.status, 403);
  assert.equal((await ets.post(`/tables/${tableId}/decisions`, { text: 'Apertura il martedì e il giovedì' })).status, 303);
  const v1 = Buffer.from('%PDF-1.4 calendario v1'), v2 = Buffer.from('%PDF-1.4 calendario v2');
  for (const bytes of [v1, v2]) {
    const up = await ets.multipart(`/tables/${tableId}/documents`, [['name', 'Calendario'], ['file', { name: 'calendario.pdf', type: 'application/pdf', bytes }]]);
    assert.equal(up.status, 303);
    await ets.get(`/tables/${tableId}`);
  }
  const docs = (await ets.get(`/tables/${tableId}`, { accept: 'application/json' })).json().table.documents;
  assert.deepEqual(docs.map((d) => [d.name, d.version]), [['Calendario', 2], ['Calendario', 1]]);
  const first = await fetch(`${BASE}/tables/${tableId}/documents/${docs[1].document_id}/1`, { headers: { Cookie: officer.cookieHeader() } });
  assert.ok(Buffer.from(await first.arrayBuffer()).equals(v1), 'every version is kept');
  // Each version came in through the protocol register, as the file itself with its metadata.
  const reg = (await officer.get(`/protocol?q=${encodeURIComponent(`"Calendario" (versione`)}`, { accept: 'application/json' })).json().entries
    .filter((e) => e.subject.endsWith(`tavolo di co-progettazione n. ${tableId}`));
  assert.deepEqual(reg.map((e) => e.direction).sort(), ['in', 'in']);
  const entry = (await officer.get(`/protocol/${reg[0].id}`, { accept: 'application/json' })).json().entry;
  assert.equal(entry.files[0].name, 'calendario.pdf');
  assert.equal(entry.files[0].sha256, createHash('sha256').update(reg[0].subject.includes('versione 1') ? v1 : v2).digest('hex'));
  assert.equal(entry.ref_path, `/tables/${tableId}`);
  const meta = (await officer.get(`/protocol/${reg[0].id}/metadata`, { accept: 'application/json' })).json();
  assert.equal(meta.IdDoc.ImprontaCrittograficaDelDocumento.Impronta, Buffer.from(entry.files[0].sha256, 'hex').toString('base64'));
  assert.equal(meta.Verifica.FirmatoDigitalmente, false);
  const people = (await officer.get(`/tables/${tableId}`, { accept: 'application/json' })).json().table.participants;
  const att = await officer.post(`/sessions/${sid}/attendance`, people.slice(0, 2).map((p) => ['participant_id', String(p.id)]));
  assert.equal(att.status, 303);
  const s0 = (await officer.get(`/tables/${tableId}`, { accept: 'application/json' })).json().table.sessions[0];
  assert.deepEqual(s0.attendance.map((p) => p.id), people.slice(0, 2).map((p) => p.id));
  assert.deepEqual(s0.choices.map((c) => c.checked), people.map((_, i) => i < 2));
});

test('the final project keeps the call rules, and once approved it is frozen and the table closed', async () => {
  await ets.get(`/tables/${tableId}`);
  const base = [['title', 'Portineria di comunità'], ['summary', 's'], ['activities', 'a'], ['requested', '50000'],
    ['target_group', 'Inquilini'], ['target_participants', '40'], ['indicator_code', 'CO01'], ['indicator_name', 'Partecipanti'],
    ['indicator_unit', 'persone'], ['indicator_planned', '120']];
  const low = await ets.post(`/tables/${tableId}/project`, [...base, ['cofinancing', '1000'], ['line_category', 'Personale'], ['line_amount', '51000']], { accept: 'application/json' });
  assert.equal(low.status, 422);
  assert.equal(low.json().errors[0].field, 'cofinancing');
  space = (await officer.get('/spaces', { accept: 'application/json' })).json().spaces.find((x) => x.name === 'Spazio via Palmanova');
  const split = await ets.post(`/tables/${tableId}/project`, [...base, ['cofinancing', '8000'], ['line_category', 'Personale'], ['line_amount', '40000'], ['line_public', '40000'],
    ['line_category', 'Spazi'], ['line_amount', '18000'], ['line_public', '9000']], { accept: 'application/json' });
  assert.equal(split.status, 422, 'public shares 49.000 against 50.000 requested');
  assert.equal(split.json().errors[0].field, 'line_public');
  const phases = await ets.post(`/tables/${tableId}/project`, [...base, ['cofinancing', '8000'], ['line_category', 'Personale'], ['line_amount', '58000'],
    ['phase_name', 'Avvio'], ['phase_from', '2026-06-01'], ['phase_to', '2026-05-01']], { accept: 'application/json' });
  assert.equal(phases.status, 422);
  const ok = await ets.post(`/tables/${tableId}/project`, [...base, ['cofinancing', '8000'], ['line_category', 'Personale'], ['line_amount', '40000'], ['line_public', '40000'],
    ['line_category', 'Spazi'], ['line_amount', '18000'], ['line_public', '10000'], ['phase_name', 'Avvio'], ['phase_from', '2026-06-01'],
    ['phase_to', '2026-08-31'], ['space_id', String(space.id)]]);
  assert.equal(ok.status, 303);
  const approved = await officer.post(`/tables/${tableId}/approve`, {});
  assert.equal(approved.status, 303);
  const t = (await officer.get(`/tables/${tableId}`, { accept: 'application/json' })).json().table;
  assert.equal(t.state, 'closed');
  assert.equal(t.project.version, 2);
  assert.ok(t.project.approved_at > 0);
  assert.match(t.project.content_sha256, /^[0-9a-f]{64}$/);
  assert.deepEqual(t.project.project.indicators, [{ code: 'CO01', name: 'Partecipanti', unit: 'persone', planned: 120 }]);
  assert.deepEqual(t.project.project.schedule, [{ phase: 'Avvio', from: '2026-06-01', to: '2026-08-31' }]);
  assert.deepEqual(t.project.project.budget_lines.map((l) => l.public_cents), [4000000, 1000000]);
  // The approval is the city's decision, registered in the protocol once, going out to the body.
  const reg = (await officer.get(`/protocol?q=${encodeURIComponent(`tavolo di co-progettazione n. ${tableId}`)}`, { accept: 'application/json' })).json().entries
    .filter((e) => e.subject.startsWith('Approvazione'));
  assert.deepEqual(reg.map((e) => [e.direction, e.kind]), [['out', 'decision']]);
  assert.match(reg[0].subject, /^Approvazione del progetto definitivo ".+" \(versione 2\)/);
  // Approved, the version to sign is this one.
  assert.equal((await officer.get(`/tables/${tableId}/project/signed`, { accept: 'application/json' })).json().may_sign, true);
  assert.equal((await officer.get(`/tables/${tableId}/project/to-sign.pdf`)).status, 200);
  const frozen = await ets.post(`/tables/${tableId}/project`, [...base, ['cofinancing', '9000'], ['line_category', 'Personale'], ['line_amount', '59000']], { accept: 'application/json' });
  assert.equal(frozen.status, 409);
});

async function agreementFor(table, party, projectLines) {
  const created = await officer.post(`/tables/${table}/agreement`, { advance: '30', interim: '50', balance: '20' });
  assert.equal(created.status, 303, created.text.slice(0, 200));
  return Number(created.headers.get('location').split('/').pop());
}

test('agreements: generated from the approved project, signed in order by those with the power', async () => {
  await officer.get(`/tables/${tableId}`);
  const bad = await officer.post(`/tables/${tableId}/agreement`, { advance: '30', interim: '50', balance: '30' }, { accept: 'application/json' });
  assert.equal(bad.status, 422);
  const id = await agreementFor(tableId);
  let a = (await officer.get(`/agreements/${id}`, { accept: 'application/json' })).json().agreement;
  assert.equal(a.state, 'draft');
  assert.deepEqual(a.doc.payments.map((p) => p.amount_cents), [1500000, 2500000, 1000000]);
  assert.equal(a.doc.space.id, space.id);
  assert.equal((await new Client().get(`/agreements/${id}`)).status, 404, 'a draft is not public');
  const cityFirst = await officer.post(`/agreements/${id}/sign`, { document_sha256: a.document_sha256 }, { accept: 'application/json' });
  assert.equal(cityFirst.status, 403, 'the body signs first; the officer has no power for it');
  await ets.get(`/agreements/${id}`);
  const stale = await ets.post(`/agreements/${id}/sign`, { document_sha256: '0'.repeat(64) }, { accept: 'application/json' });
  assert.equal(stale.status, 409);
  assert.equal((await ets.post(`/agreements/${id}/sign`, { document_sha256: a.document_sha256 })).status, 303);
  await stranger.get('/agreements');
  const outsider = await stranger.post(`/agreements/${id}/sign`, { document_sha256: a.document_sha256 }, { accept: 'application/json' });
  assert.equal(outsider.status, 403);
  assert.equal((await officer.post(`/agreements/${id}/sign`, { document_sha256: a.document_sha256 })).status, 303);
  a = (await new Client().get(`/agreements/${id}`, { accept: 'application/json' })).json().agreement;
  assert.equal(a.state, 'signed_city', 'signed agreements are public');
  assert.deepEqual(a.signatures.map((s) => s.party), ['ets', 'city']);
  assert.ok(a.signatures.every((s) => s.document_sha256 === a.document_sha256));
  const pdf = Buffer.from(await (await fetch(`${BASE}/agreements/${id}/pdf`)).arrayBuffer());
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  const dir = mkdtempSync(join(tmpdir(), 'coprog-pdf-'));
  try {
    writeFileSync(join(dir, 'a.pdf'), pdf);
    const png = spawnSync('pdftoppm', ['-png', '-r', '40', '-f', '1', '-l', '1', join(dir, 'a.pdf'), join(dir, 'page')]);
    assert.equal(png.status, 0, 'pdftoppm renders it');
    const text = spawnSync('pdftotext', [join(dir, 'a.pdf'), '-'], { encoding: 'utf8' }).stdout;
    assert.match(text, /comodato d’uso gratuito|comodato d'uso gratuito/);
    assert.match(text, /Firmato per l’ente|Firmato per l'ente/);
    assert.match(text, /Anticipo: 30% \(15\.000,00 €\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const minutes = await fetch(`${BASE}/sessions/${(await officer.get(`/tables/${tableId}`, { accept: 'application/json' })).json().table.sessions[0].id}/minutes/pdf`, { headers: { Cookie: officer.cookieHeader() } });
  assert.equal(Buffer.from(await minutes.arrayBuffer()).subarray(0, 5).toString('latin1'), '%PDF-');
});

test('one space, one active assignment: 500 activations of two agreements at once, exactly one wins', async () => {
  const first = (await officer.get('/agreements', { accept: 'application/json' })).json().agreements.find((x) => x.state === 'signed_city');
  // a second table and agreement for the other admitted proposal, asking for the same space
  const t2 = await officer.post(`/calls/${callId}/tables`, { proposal_id: String(pid2) });
  const table2 = Number(t2.headers.get('location').split('/').pop());
  await stranger.get(`/tables/${table2}`);
  const base = [['title', 'Laboratori'], ['requested', '40000'], ['cofinancing', '5000'], ['target_group', 'Giovani'],
    ['target_participants', '20'], ['line_category', 'Personale'], ['line_amount', '45000'], ['space_id', String(space.id)]];
  assert.equal((await stranger.post(`/tables/${table2}/project`, base)).status, 303);
  await officer.get(`/tables/${table2}`);
  assert.equal((await officer.post(`/tables/${table2}/approve`, {})).status, 303);
  const id2 = await agreementFor(table2);
  const a2 = (await officer.get(`/agreements/${id2}`, { accept: 'application/json' })).json().agreement;
  await stranger.get(`/agreements/${id2}`);
  assert.equal((await stranger.post(`/agreements/${id2}/sign`, { document_sha256: a2.document_sha256 })).status, 303);
  await officer.get(`/agreements/${id2}`);
  assert.equal((await officer.post(`/agreements/${id2}/sign`, { document_sha256: a2.document_sha256 })).status, 303);
  // 500 attempts, 250 for each agreement, 100 in flight (within the connection limits).
  const answers = new Array(500);
  let next = 0;
  await Promise.all(Array.from({ length: 100 }, async () => {
    while (next < answers.length) {
      const i = next++;
      answers[i] = await officer.post(`/agreements/${i % 2 ? id2 : first.id}/activate`, {}, { accept: 'application/json' });
    }
  }));
  assert.equal(answers.filter((r) => r.status === 200).length, 1, 'exactly one activation');
  assert.equal(answers.filter((r) => r.status === 409).length, 499, 'every other attempt: 409');
  const winner = answers.findIndex((r) => r.status === 200) % 2 ? id2 : first.id;
  const loser = answers.find((r, i) => r.status === 409 && (i % 2 ? id2 : first.id) !== winner);
  assert.match(loser.json().error.message, /già assegnato/);
  const sp = (await new Client().get(`/spaces/${space.id}`, { accept: 'application/json' })).json().space;
  assert.equal(sp.works_state, 'assigned');
});

test('monitoring: indicators from the final project, periods submitted, returned, approved and locked', async () => {
  const list = (await officer.get('/agreements', { accept: 'application/json' })).json().agreements;
  const active = list.find((a) => a.state === 'active' && a.call_title === 'Avviso per i tavoli');
  const holder = active.organisation.includes('8 ETS') ? ets : stranger;
  const other = holder === ets ? stranger : ets;
  const page = await new Client().get(`/agreements/${active.id}/indicators`, { accept: 'application/json' });
  assert.equal(page.status, 200);
  const ind = page.json().progress.indicators;
  assert.ok(ind.some((i) => i.code === 'CO-PART' && i.planned > 0 && i.is_common));
  assert.ok(ind.some((i) => i.code === 'CO-SPAZ' && i.planned === 58), 'the space\'s m²');
  await holder.get(`/agreements/${active.id}/indicators`);
  assert.equal((await other.post(`/agreements/${active.id}/periods`, { label: 'X', starts_on: '2026-01-01', ends_on: '2026-06-30' }, { accept: 'application/json' })).status, 403);
  const bad = await holder.post(`/agreements/${active.id}/periods`, { label: '2026-S1', starts_on: '2026-06-30', ends_on: '2026-01-01' }, { accept: 'application/json' });
  assert.equal(bad.status, 422);
  assert.equal((await holder.post(`/agreements/${active.id}/periods`, { label: '2026-S1', starts_on: '2026-01-01', ends_on: '2026-06-30' })).status, 303);
  let mine = (await holder.get(`/agreements/${active.id}/indicators`, { accept: 'application/json' })).json().progress;
  const period = mine.periods[0];
  const part = ind.find((i) => i.code === 'CO-SERV');
  assert.equal((await holder.post(`/periods/${period.id}/values`, { [`value_${part.id}`]: '15' })).status, 303);
  // participants are counted from the records of people who entered in the period
  for (const [name, entry] of [['Persona Uno', '2026-02-01'], ['Persona Due', '2026-05-31'], ['Persona Tre', '2026-07-01']]) {
    await holder.get(`/agreements/${active.id}/participants`);
    assert.equal((await holder.post(`/agreements/${active.id}/participants`, { full_name: name, entry_date: entry, employment: 'unemployed',
      age_band: 'over_54', education: 'isced_0_2', disability: 'no', migrant: 'refused', homeless: 'no', other_disadvantage: 'no' })).status, 303);
  }
  await holder.get(`/agreements/${active.id}/indicators`);
  assert.equal((await holder.post(`/periods/${period.id}/submit`, {})).status, 303);
  await officer.get(`/agreements/${active.id}/indicators`);
  assert.equal((await officer.post(`/periods/${period.id}/decide`, { decision: 'return' }, { accept: 'application/json' })).status, 422, 'a return needs its reason');
  assert.equal((await officer.post(`/periods/${period.id}/decide`, { decision: 'return', note: 'Allegare i fogli firme' })).status, 303);
  await holder.get(`/agreements/${active.id}/indicators`);
  assert.equal((await holder.post(`/periods/${period.id}/values`, { [`value_${part.id}`]: '18' })).status, 303);
  assert.equal((await holder.post(`/periods/${period.id}/submit`, {})).status, 303);
  assert.equal((await new Client().get(`/agreements/${active.id}/indicators`, { accept: 'application/json' })).json().progress.periods.length, 0, 'the public sees approved periods only');
  await officer.get(`/agreements/${active.id}/indicators`);
  assert.equal((await officer.post(`/periods/${period.id}/decide`, { decision: 'approve' })).status, 303);
  await holder.get(`/agreements/${active.id}/indicators`);
  const locked = await holder.post(`/periods/${period.id}/values`, { [`value_${part.id}`]: '99' }, { accept: 'application/json' });
  assert.equal(locked.status, 409, 'an approved period is locked');
  const pub = (await new Client().get(`/agreements/${active.id}/indicators`, { accept: 'application/json' })).json().progress;
  assert.equal(pub.indicators.find((i) => i.code === 'CO-SERV').achieved, 18);
  assert.equal(pub.indicators.find((i) => i.code === 'CO-PART').achieved, 2, 'the two who entered in the period, from the records');
  const html = await new Client().get(`/agreements/${active.id}/indicators`);
  assert.match(html.text, /<svg[^>]+role="img"/);
});

test('the progress overview sums the common indicators by city and by call', async () => {
  const sum = (await new Client().get('/monitoring', { accept: 'application/json' })).json();
  const milan = sum.cities.find((c) => c.name === 'Comune di Milano');
  assert.ok(milan.agreements >= 3, 'the demo\'s two and this file\'s one');
  const mine = sum.calls.find((c) => c.title === 'Avviso per i tavoli');
  assert.equal(mine.agreements, 1);
  assert.equal(mine.participants_achieved, 2, 'only the approved period counts');
  assert.ok(mine.participants_planned > 0);
  assert.equal(mine.m2_planned, 58);
  const html = await new Client().get('/monitoring');
  assert.match(html.text, /<svg[^>]+role="img"/);
});
