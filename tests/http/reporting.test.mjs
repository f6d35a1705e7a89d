// Implementation and reporting on the demo's active agreements: participants with their
// identities apart, expense claims and their checks under the separation of functions, sampled
// spot checks, payments in cents, the IGRUE files field by field and the XLSX per operation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, Client, cli, tokenFor } from './helpers.mjs';

/** A JSON request as a demo user, authenticated by an API token. */
async function api(who, method, path, body) {
  const res = await fetch(BASE + path, {
    method,
    headers: { Accept: 'application/json', Authorization: `Bearer ${tokenFor(who)}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    redirect: 'manual',
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* a file */ }
  return { status: res.status, json, text, headers: res.headers };
}

async function multipart(who, path, fields, file) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  if (file) fd.append('document', new Blob([file.bytes], { type: file.type }), file.name);
  const res = await fetch(BASE + path, { method: 'POST', headers: { Accept: 'application/json', Authorization: `Bearer ${tokenFor(who)}` }, body: fd, redirect: 'manual' });
  const text = await res.text();
  return { status: res.status, json: JSON.parse(text) };
}

// The demo's active agreements: n. 1 held by legale.1 (with claims), n. 2 by legale.4.
const A = 1, HOLDER_A = 'legale.1', B = 2, HOLDER = 'legale.4';
const PDF = { name: 'fattura.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.4\n% fattura di prova\n%%EOF\n') };
const euro = (cents) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
const person = (over = {}) => ({ full_name: 'Maria Prova', entry_date: '2023-02-01', employment: 'unemployed', age_band: 'over_54',
  education: 'isced_0_2', disability: 'no', migrant: 'no', homeless: 'yes', other_disadvantage: 'no', ...over });

test('participants: small counts withheld in public, identities apart and every opening logged', async () => {
  const before = (await new Client().get(`/agreements/${B}/participants`, { accept: 'application/json' })).json().counts;
  assert.equal(before.shown, '<5', 'the demo\'s 3 people are too few to show');
  assert.equal(before.count, null);
  for (const t of before.traits) for (const a of t.answers) {
    if (a.is_suppressed) assert.equal(a.shown, '<5');
    else assert.ok(a.count === 0 || a.count >= 5, `${t.trait}/${a.answer} shown as ${a.shown}`);
  }
  const inside = (await api('officer', 'GET', `/agreements/${B}/participants`)).json.counts;
  assert.equal(inside.count, 3, 'the city sees exact counts');
  assert.equal(inside.traits.length, 7);

  const missing = await api(HOLDER, 'POST', `/agreements/${B}/participants`, person({ homeless: undefined, full_name: 'Senza risposta' }));
  assert.equal(missing.status, 422);
  assert.ok(missing.json.errors.some((e) => e.field === 'homeless'));
  const one = await api(HOLDER, 'POST', `/agreements/${B}/participants`, person({ tax_code: 'RSSMRA80A41F205B' }));
  assert.equal(one.status, 200, one.text);
  assert.match(one.json.pseudonym, /^P[0-9A-F]{10}$/);
  const again = await api(HOLDER, 'POST', `/agreements/${B}/participants`, person({ tax_code: 'RSSMRA80A41F205B', full_name: 'Di nuovo' }));
  assert.equal(again.status, 409, 'one record per person and agreement');
  const two = await api(HOLDER, 'POST', `/agreements/${B}/participants`, person({ full_name: 'Ahmed Prova', disability: 'refused', migrant: 'refused' }));
  assert.equal(two.status, 200);
  assert.equal((await api('ets1', 'POST', `/agreements/${B}/participants`, person())).status, 403, 'only the holder records');

  const after = (await new Client().get(`/agreements/${B}/participants`, { accept: 'application/json' })).json().counts;
  assert.equal(after.count, 5, 'five people: shown');
  const refused = after.traits.find((t) => t.trait === 'disability').answers.find((a) => a.answer === 'refused');
  assert.equal(refused.shown, '<5', 'the refusal is recorded, and counted');

  const list = (await api(HOLDER, 'GET', `/agreements/${B}/participants`)).json.participants;
  const rec = list.find((p) => p.pseudonym === one.json.pseudonym);
  assert.ok(rec && rec.homeless === 'yes');
  assert.ok(!JSON.stringify(list).includes('Maria Prova'), 'the register carries no identity');
  const pub = await new Client().get(`/agreements/${B}/participants`);
  assert.ok(!pub.text.includes('Maria Prova') && !pub.text.includes(one.json.pseudonym), 'the public sees counts only');
  assert.equal((await api('officer', 'GET', `/agreements/${B}/participants`)).json.participants, undefined, 'the officer sees counts only');

  assert.equal((await api('officer', 'POST', `/participants/${rec.id}/identity`, {})).status, 403);
  assert.equal((await api('ets1', 'POST', `/participants/${rec.id}/identity`, {})).status, 403, 'another body');
  const seen = await api('controller', 'POST', `/participants/${rec.id}/identity`, {});
  assert.equal(seen.status, 200);
  assert.deepEqual([seen.json.identity.full_name, seen.json.identity.tax_code], ['Maria Prova', 'RSSMRA80A41F205B']);
  assert.equal((await api(HOLDER, 'POST', `/participants/${rec.id}/identity`, {})).status, 200);
  const log = (await api('controller', 'GET', `/agreements/${B}/participants`)).json.openings;
  assert.deepEqual(log.filter((o) => o.pseudonym === rec.pseudonym).map((o) => o.role), ['ets', 'controller']);
  const audit = cli(['audit', 'verify']);
  assert.equal(audit.status, 0, audit.stderr);

  assert.equal((await api(HOLDER, 'POST', `/participants/${rec.id}/exit`, { exit_date: '2023-01-01' })).status, 422, 'exit before entry');
  assert.equal((await api(HOLDER, 'POST', `/participants/${rec.id}/exit`, { exit_date: '2023-09-30' })).status, 200);
});

test('claims: documents required, a warning over a budget line, a block over the total', async () => {
  const ag = (await api('officer', 'GET', `/agreements/${B}`)).json.agreement;
  const budget = (await api(HOLDER, 'GET', `/agreements/${B}/claims`)).json.budget;
  assert.equal(budget.total_cents, ag.doc.total_cents);
  assert.equal(budget.claimed_cents, 0);
  const made = await api(HOLDER, 'POST', `/agreements/${B}/claims`, { label: 'T-2023-S1', starts_on: '2023-01-01', ends_on: '2023-06-30' });
  assert.equal(made.status, 200, made.text);
  const claim = made.json.claim_id;
  assert.equal((await api(HOLDER, 'POST', `/agreements/${B}/claims`, { label: 'T-2023-S1', starts_on: '2023-01-01', ends_on: '2023-06-30' })).status, 409);
  const line = { budget_line: '1', supplier: 'Fornitore Prova srl', doc_number: 'FT-1', doc_date: '2023-02-01', paid_on: '2023-02-10', amount: '1.000,00' };
  const nodoc = await multipart(HOLDER, `/claims/${claim}/lines`, line);
  assert.equal(nodoc.status, 422);
  assert.ok(nodoc.json.errors.some((e) => e.field === 'document'));
  const text = await multipart(HOLDER, `/claims/${claim}/lines`, line, { name: 'x.txt', type: 'text/plain', bytes: Buffer.from('ciao') });
  assert.equal(text.status, 422, 'a PDF or an image only');
  assert.equal((await multipart(HOLDER, `/claims/${claim}/lines`, { ...line, paid_on: '2023-07-01' }, PDF)).status, 422, 'paid outside the period');
  assert.equal((await multipart(HOLDER, `/claims/${claim}/lines`, { ...line, budget_line: '9' }, PDF)).status, 422, 'no such budget line');
  assert.equal((await multipart('ets1', `/claims/${claim}/lines`, line, PDF)).status, 403);

  const ok = await multipart(HOLDER, `/claims/${claim}/lines`, line, PDF);
  assert.equal(ok.status, 200);
  assert.equal(ok.json.is_over_line, false);
  const lineBudget = budget.lines[0].amount_cents;
  const over = await multipart(HOLDER, `/claims/${claim}/lines`, { ...line, doc_number: 'FT-2', amount: euro(lineBudget - 100000 + 50000) }, PDF);
  assert.equal(over.status, 200, 'over a budget line: allowed, with a warning');
  assert.equal(over.json.is_over_line, true);
  const mid = (await api(HOLDER, 'GET', `/agreements/${B}/claims`)).json.budget;
  assert.equal(mid.claimed_cents, lineBudget + 50000);
  assert.equal(mid.lines[0].is_over, true);
  const rest = ag.doc.total_cents - mid.claimed_cents;
  const block = await multipart(HOLDER, `/claims/${claim}/lines`, { ...line, budget_line: '2', doc_number: 'FT-3', amount: euro(rest + 1) }, PDF);
  assert.equal(block.status, 422, 'one cent over the total is refused');
  assert.match(block.json.error.message, /costo totale/);
  assert.equal((await api(HOLDER, 'GET', `/agreements/${B}/claims`)).json.budget.claimed_cents, mid.claimed_cents, 'nothing was added');

  const doc = await fetch(`${BASE}/lines/${ok.json.line_id}/document`, { headers: { Authorization: `Bearer ${tokenFor('controller')}` } });
  assert.ok(Buffer.from(await doc.arrayBuffer()).equals(PDF.bytes), 'the controller reads the document as filed');
  assert.equal((await api(HOLDER, 'POST', `/claims/${claim}/submit`, {})).status, 200);
  // The submitted claim is an incoming document of the city's protocol register: the claim
  // as the document, each line's receipt an attachment with its hash.
  const filed = (await api(HOLDER, 'GET', `/claims/${claim}`)).json.claim;
  assert.match(filed.register_label, /^\d{7}\/\d{4}$/);
  const [num, year] = filed.register_label.split('/');
  const listed = (await api('officer', 'GET', `/protocol?year=${year}&q=${Number(num)}`)).json.entries.find((e) => e.label === filed.register_label);
  assert.equal(listed.kind, 'claim');
  assert.equal(listed.ref_id, claim);
  const entry = (await api('officer', 'GET', `/protocol/${listed.id}`)).json.entry;
  assert.deepEqual(entry.files.slice(1).map((f) => f.sha256), filed.lines.map((l) => l.document_sha256));
  assert.equal((await multipart(HOLDER, `/claims/${claim}/lines`, { ...line, doc_number: 'FT-4' }, PDF)).status, 409, 'a submitted claim is closed');
  assert.equal((await api(HOLDER, 'POST', `/lines/${ok.json.line_id}/delete`, {})).status, 409);
});

test('checks: a controller who managed the operation is refused; each line decided with its reason', async () => {
  const claim = (await api(HOLDER, 'GET', `/agreements/${B}/claims`)).json.claims.find((c) => c.label === 'T-2023-S1');
  const lines = (await api('controller', 'GET', `/claims/${claim.id}`)).json.claim.lines;
  // A second officer of the city, who is also made a controller, approves one of the
  // operation's indicator periods: from then on they manage it.
  const email = `doppio-${randomBytes(4).toString('hex')}@test.invalid`;
  assert.equal(cli(['user', 'add', '--email', email, '--name', 'Doppio ruolo', '--role', 'officer', '--city', '015146'], 'password-doppio-1\n').status, 0);
  assert.equal(cli(['user', 'grant', '--email', email, '--role', 'controller', '--city', '015146']).status, 0);
  const both = email.replace('@test.invalid', '');
  const tok = cli(['token', 'create', '--email', email]).stdout.trim();
  const as = (method, path, body) => fetch(BASE + path, { method, headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: `Bearer ${tok}` }, body: JSON.stringify(body ?? {}) });
  assert.equal((await as('POST', `/lines/${lines[0].id}/check`, { decision: 'admitted' })).status, 200, `${both} has managed nothing yet`);
  assert.equal((await api(HOLDER, 'POST', `/agreements/${B}/periods`, { label: 'T-2023', starts_on: '2023-01-01', ends_on: '2023-12-31' })).status, 200);
  const period = (await api(HOLDER, 'GET', `/agreements/${B}/indicators`)).json.progress.periods.find((p) => p.label === 'T-2023');
  assert.equal((await api(HOLDER, 'POST', `/periods/${period.id}/submit`, {})).status, 200);
  const recorded = (await api(HOLDER, 'GET', `/agreements/${B}/indicators`)).json.progress.periods.find((p) => p.label === 'T-2023');
  assert.equal(recorded.values.find((v) => v.code === 'CO-PART').achieved, 2, 'the two people recorded in 2023');
  assert.equal((await as('POST', `/periods/${period.id}/decide`, { decision: 'approve' })).status, 200);
  const refused = await as('POST', `/lines/${lines[1].id}/check`, { decision: 'admitted' });
  assert.equal(refused.status, 403, 'separation of functions');
  assert.match((await refused.json()).error.message, /Separazione delle funzioni/);

  assert.equal((await api('controller', 'POST', `/lines/${lines[1].id}/check`, { decision: 'reduced', admitted: '100,00' })).status, 422, 'a reduction needs its reason');
  assert.equal((await api('controller', 'POST', `/lines/${lines[1].id}/check`, { decision: 'reduced', admitted: euro(lines[1].amount_cents), reason: 'x' })).status, 422, 'a reduction is below the amount');
  assert.equal((await api('controller', 'POST', `/claims/${claim.id}/check`, {})).status, 409, 'a line is still to decide');
  assert.equal((await api('controller', 'POST', `/lines/${lines[1].id}/check`, { decision: 'reduced', admitted: '4.321,09', reason: 'Quota non pertinente' })).status, 200);
  assert.equal((await api('ets1', 'POST', `/lines/${lines[1].id}/check`, { decision: 'admitted' })).status, 403);
  const closed = await api('controller', 'POST', `/claims/${claim.id}/check`, { eligible_period: 'yes', documents_complete: 'yes', payment_traceable: 'yes', no_double_funding: 'yes', procurement_rules: 'no', note: 'Una riduzione' });
  assert.equal(closed.status, 200);
  const done = (await api('auditor', 'GET', `/claims/${claim.id}`)).json.claim;
  assert.equal(done.state, 'checked');
  assert.deepEqual(done.checklist, { documents_complete: true, eligible_period: true, no_double_funding: true, payment_traceable: true, procurement_rules: false });
  assert.deepEqual(done.lines.map((l) => [l.decision, l.admitted_cents]), [['admitted', 100000], ['reduced', 432109]]);
  assert.equal((await api('controller', 'POST', `/lines/${lines[0].id}/check`, { decision: 'rejected', reason: 'ripensamento' })).status, 409, 'a checked claim is closed');
});

test('payments follow the schedule in cents, co-financing kept at its share', async () => {
  const ag = (await api('officer', 'GET', `/agreements/${B}`)).json.agreement.doc;
  const [advance, interim] = ag.payments.map((p) => p.amount_cents);
  let pay = (await api(HOLDER, 'GET', `/agreements/${B}/claims`)).json.payments;
  assert.deepEqual(pay.requests.map((p) => [p.instalment, p.amount_cents, p.state]), [['advance', advance, 'paid']], 'the demo paid the advance');
  const admitted = 100000 + 432109;
  assert.equal(pay.admitted_cents, admitted);
  const share = (BigInt(admitted) * BigInt(ag.funding_cents)) / BigInt(ag.total_cents);
  const due = Math.min(Number(share), advance + interim) - advance;
  if (due <= 0) {
    assert.equal(pay.next.is_requestable, false);
    assert.equal((await api(HOLDER, 'POST', `/agreements/${B}/payments`, { instalment: 'interim' })).status, 409, 'nothing due yet');
    // More admitted expenses: one more claim, checked in full.
    const c2 = (await api(HOLDER, 'POST', `/agreements/${B}/claims`, { label: 'T-2023-S2', starts_on: '2023-07-01', ends_on: '2023-12-31' })).json.claim_id;
    const l = await multipart(HOLDER, `/claims/${c2}/lines`, { budget_line: '2', supplier: 'Affitti Prova', doc_number: 'R-1', doc_date: '2023-07-01', paid_on: '2023-07-05', amount: '33.333,33' }, PDF);
    assert.equal(l.status, 200);
    await api(HOLDER, 'POST', `/claims/${c2}/submit`, {});
    assert.equal((await api('controller', 'POST', `/lines/${l.json.line_id}/check`, { decision: 'admitted' })).status, 200);
    assert.equal((await api('controller', 'POST', `/claims/${c2}/check`, { note: 'ok' })).status, 200);
  }
  pay = (await api(HOLDER, 'GET', `/agreements/${B}/claims`)).json.payments;
  const expected = Math.min(Number((BigInt(pay.admitted_cents) * BigInt(ag.funding_cents)) / BigInt(ag.total_cents)), advance + interim) - advance;
  assert.ok(expected > 0);
  assert.equal(pay.next.instalment, 'interim');
  assert.equal(pay.next.due_cents, expected);
  assert.equal((await api(HOLDER, 'POST', `/agreements/${B}/payments`, { instalment: 'balance' })).status, 409, 'in order');
  const req = await api(HOLDER, 'POST', `/agreements/${B}/payments`, { instalment: 'interim' });
  assert.equal(req.status, 200);
  assert.equal(req.json.amount_cents, expected, 'admitted × funding ÷ total, rounded down, less the advance');
  assert.equal((await api(HOLDER, 'POST', `/agreements/${B}/payments`, { instalment: 'interim' })).status, 409, 'once');
  // An open claim holds the balance back.
  assert.equal((await api(HOLDER, 'POST', `/agreements/${B}/claims`, { label: 'T-aperto', starts_on: '2024-01-01', ends_on: '2024-06-30' })).status, 200);
  const bal = (await api(HOLDER, 'GET', `/agreements/${B}/claims`)).json.payments.next;
  assert.deepEqual([bal.instalment, bal.is_requestable, bal.reason], ['balance', false, 'claims_open']);
  assert.equal((await api(HOLDER, 'POST', `/agreements/${B}/payments`, { instalment: 'balance' })).status, 409);
  assert.equal((await api('officer', 'POST', `/payments/${req.json.payment_id}/paid`, { paid_on: '2024-02-29' })).status, 200);
  assert.equal((await api('officer', 'POST', `/payments/${req.json.payment_id}/paid`, { paid_on: '2024-03-01' })).status, 409);
  // The request came in and the payment went out through the protocol register, each once.
  const kept = (await api(HOLDER, 'GET', `/agreements/${B}/claims`)).json.payments.requests.find((p) => p.id === req.json.payment_id);
  assert.match(kept.request_label, /^\d{7}\/\d{4}$/);
  assert.match(kept.paid_label, /^\d{7}\/\d{4}$/);
  assert.notEqual(kept.request_label, kept.paid_label);
  const found = (label) => api('officer', 'GET', `/protocol?q=${encodeURIComponent(`convenzione n. ${B}`)}`).then((r) => r.json.entries.filter((e) => e.label === label));
  const [inbound] = await found(kept.request_label);
  assert.equal(inbound.direction, 'in');
  assert.match(inbound.subject, /^Richiesta di pagamento della quota intermedia di .* €, convenzione n\. \d+$/);
  const [outbound] = await found(kept.paid_label);
  assert.equal(outbound.direction, 'out');
  assert.match(outbound.subject, /pagato il 2024-02-29$/);
  const fn06 = (await api('officer', 'GET', '/monitoring/igrue/FN06.txt?date=2024-12-31')).text;
  const cents = String(expected).padStart(3, '0');
  assert.ok(fn06.split('\r\n').includes(`MI3.3.1.b|PAG-${req.json.payment_id}|P|29/02/2024|${cents.slice(0, -2)},${cents.slice(-2)}|INTERMEDIO|N`), fn06);
});

test('sample draws are recorded with their seed and anyone can repeat them', async () => {
  const drawn = await api('controller', 'POST', '/controls/draws', { rate: '50', seed: 'seme-di-prova' });
  assert.equal(drawn.status, 200, drawn.text);
  const view = (await api('controller', 'GET', '/controls')).json;
  const d = view.draws.find((x) => x.id === drawn.json.draw_id);
  assert.equal(d.seed, 'seme-di-prova');
  const key = (id) => createHash('sha256').update(`${d.seed}:${id}`).digest('hex');
  const order = [...d.population].sort((a, b) => (key(a) < key(b) ? -1 : 1));
  assert.deepEqual(d.selected, order.slice(0, Math.ceil(d.population.length * 0.5)));
  const next = await api('controller', 'POST', '/controls/draws', { rate: '100', seed: 'altro' });
  if (next.status === 200) {
    const d2 = (await api('controller', 'GET', '/controls')).json.draws.find((x) => x.id === next.json.draw_id);
    assert.ok(d2.population.every((id) => !d.selected.includes(id)), 'a claim is drawn once');
  } else assert.equal(next.status, 409);
  const claim = d.selected[0];
  assert.equal((await api('controller', 'POST', `/claims/${claim}/spot-check`, { outcome: 'irregular', visited_on: '2024-03-01' })).status, 422, 'an irregular outcome needs its reason');
  assert.equal((await api('controller', 'POST', `/claims/${claim}/spot-check`, { outcome: 'regular', visited_on: '2024-03-01' })).status, 200);
  assert.equal((await api('controller', 'POST', `/claims/${claim}/spot-check`, { outcome: 'regular', visited_on: '2024-03-02' })).status, 409);
  assert.equal((await api('controller', 'POST', '/controls/draws', { rate: '0' })).status, 422);
});

test('IGRUE files: pipe-separated, dd/mm/yyyy, decimal comma, the deletion flag, as of a date', async () => {
  const page = (await api('officer', 'GET', '/monitoring/igrue')).json;
  assert.deepEqual(page.structures.map((s) => s.name), ['AP00', 'AP06', 'FN00', 'FN04', 'FN06', 'IN01', 'PR00', 'SC00']);
  const op = page.operations.find((o) => o.local_code === 'MI3.3.1.b');
  const file = async (s, date, ops = [op.id]) => {
    const res = await api('officer', 'GET', `/monitoring/igrue/${s}.txt?date=${date}${ops.map((o) => `&operation=${o}`).join('')}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-disposition'), new RegExp(`${s}-${date}\\.txt`));
    return res.text ? res.text.replace(/\r\n$/, '').split('\r\n').map((l) => l.split('|')) : [];
  };
  for (const s of page.structures) {
    const width = s.columns.split('|').length;
    for (const rec of await file(s.name, '2030-12-31')) {
      assert.equal(rec.length, width, `${s.name}: ${rec.join('|')}`);
      assert.equal(rec[0], 'MI3.3.1.b');
      assert.equal(rec.at(-1), 'N', 'the deletion flag');
      const cols = s.columns.split('|');
      rec.forEach((v, i) => {
        if (cols[i].startsWith('DATA_') && v) assert.match(v, /^\d\d\/\d\d\/\d{4}$/, `${s.name}.${cols[i]}`);
        if (cols[i].startsWith('IMPORTO') && v) assert.match(v, /^\d+,\d\d$/, `${s.name}.${cols[i]}`);
      });
    }
  }
  const [ap00] = await file('AP00', '2030-12-31');
  assert.deepEqual([ap00[3], ap00[4], ap00[6], ap00[7]], ['2', 'B41H20000000022', '01/10/2020', '31/12/2023']);
  const fn00 = await file('FN00', '2030-12-31');
  assert.deepEqual(fn00[0].slice(1, 3), ['FSE', '516500,00']);
  const fn04 = await file('FN04', '2030-12-31');
  const demoAg = (await api('officer', 'GET', `/agreements/${A}`)).json.agreement;
  const conv = fn04.find((r) => r[1] === `CONV-${A}`);
  assert.deepEqual(conv.slice(2, 5), ['I', '30/06/2021', `${demoAg.doc.funding_cents / 100},00`]);
  assert.deepEqual(await file('FN04', '2021-06-29'), [], 'nothing committed before the city signed');
  const fn06early = await file('FN06', '2021-07-21');
  assert.deepEqual(fn06early.map((r) => [r[3], r[5]]), [['20/07/2021', 'ANTICIPO']], 'only what was paid by the date');
  const in01 = await file('IN01', '2030-12-31');
  const part = in01.find((r) => r[2] === 'CO-PART');
  assert.equal(part[1], 'O');
  assert.match(part[3], /^\d+$/);
  const sc00 = await file('SC00', '2030-12-31');
  assert.deepEqual(sc00.slice(0, 2).map((r) => [r[1], r[2], r[3]]), [['1', '01199250158', 'S'], ['2', '01199250158', 'S']]);
  assert.ok(sc00.some((r) => r[1] === '3' && r[2] === '97000000022' && r[3] === 'N'), 'the implementing body');
  const pr00 = await file('PR00', '2021-01-31');
  const avviso = pr00.find((r) => r[1] === 'AVVISO');
  assert.deepEqual(avviso.slice(2), ['14/12/2020', '14/12/2020', '15/02/2021', '', 'N'], 'the deadline had not come yet');
  const all = await file('AP00', '2030-12-31', []);
  assert.equal(all.length, page.operations.length, 'no operation chosen: all of the city\'s');
  // `coprog igrue` for the city writes the same eight files as the web gives for all its operations.
  const dir = mkdtempSync(join(tmpdir(), 'coprog-igrue-'));
  try {
    const out = cli(['igrue', '--city', '015146', '--date', '2030-12-31', '--out', dir]);
    assert.equal(out.status, 0, out.stderr);
    for (const s of page.structures) {
      const web = (await api('officer', 'GET', `/monitoring/igrue/${s.name}.txt?date=2030-12-31`)).text;
      assert.ok(web.length > 0, s.name);
      assert.equal(readFileSync(join(dir, `${s.name}.txt`), 'utf8'), web, `${s.name}: the command line and the web agree`);
    }
    const nowhere = cli(['igrue', '--city', '999999', '--date', '2030-12-31', '--out', dir]);
    assert.equal(nowhere.status, 1);
    assert.match(nowhere.stderr, /no city with ISTAT code 999999/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal((await api('officer', 'GET', '/monitoring/igrue/ZZ99.txt')).status, 404);
  assert.equal((await api('officer', 'GET', '/monitoring/igrue/AP00.txt?date=31-12-2023')).status, 422);
  assert.equal((await api(HOLDER, 'GET', '/monitoring/igrue/AP00.txt')).status, 403);
});

test('the operation\'s progress page and its XLSX workbook', async () => {
  const ops = (await new Client().get('/operations', { accept: 'application/json' })).json().operations;
  const op = ops.find((o) => o.local_code === 'MI3.3.1.b');
  const page = await new Client().get(`/operations/${op.id}/progress`, { accept: 'application/json' });
  assert.equal(page.status, 200);
  const v = page.json();
  const part = v.progress.indicators.find((i) => i.code === 'CO-PART');
  const opendata = await (await fetch(`${BASE}/opendata/indicators.json`)).json();
  const mine = opendata.filter((r) => r.operation === 'MI3.3.1.b' && r.code === 'CO-PART');
  assert.equal(part.planned, mine.reduce((s, r) => s + r.planned, 0), 'the page and the open data agree');
  assert.equal(part.achieved, mine.reduce((s, r) => s + r.achieved, 0));
  assert.ok(v.progress.agreements.length >= 2);
  assert.ok(v.counts.count === null || v.counts.count >= 5);
  assert.match((await new Client().get(`/operations/${op.id}/progress`)).text, /<svg[^>]+role="img"/);
  const x = await fetch(`${BASE}/operations/${op.id}/report.xlsx`, { headers: { Authorization: `Bearer ${tokenFor('officer')}` } });
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  const bytes = Buffer.from(await x.arrayBuffer());
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK');
  // zip entry names are stored uncompressed: six sheets
  assert.ok(bytes.includes(Buffer.from('xl/worksheets/sheet6.xml')) && !bytes.includes(Buffer.from('xl/worksheets/sheet7.xml')));
  assert.equal((await fetch(`${BASE}/operations/${op.id}/report.xlsx`, { headers: { Authorization: `Bearer ${tokenFor(HOLDER_A)}` } })).status, 403);
  assert.equal((await fetch(`${BASE}/operations/${op.id}/report.xlsx`, { headers: { Accept: 'application/json' } })).status, 401);
});

// What the published figures allow one to say about a withheld cell: the range of values it
// can take given every other published figure (a rounded count n stands for n-2..n+2, "<5"
// for 1..4, 0 for exactly 0). A cell is safe when at least two of 1..4 stay possible.
function hiddenRanges(counts) {
  const span = (c) => (c.is_suppressed ? [1, 4] : c.is_rounded ? [c.count - 2, c.count + 2] : [c.count, c.count]);
  const out = [];
  for (const t of counts.traits) {
    const hidden = t.answers.filter((a) => a.is_suppressed);
    if (hidden.length !== 1) continue;
    const [tlo, thi] = span(counts);
    const others = t.answers.filter((a) => !a.is_suppressed).map(span);
    const lo = Math.max(1, tlo - others.reduce((s, [, h]) => s + h, 0));
    const hi = Math.min(4, thi - others.reduce((s, [l]) => s + l, 0));
    out.push({ trait: t.trait, answer: hidden[0].answer, lo, hi });
  }
  return out;
}

test('no withheld count can be recovered by subtraction, within a table or across tables', async () => {
  // The review's case: agreement 1's "education: refused" was 14 - 12 = 2.
  const ops = (await new Client().get('/operations', { accept: 'application/json' })).json().operations;
  const op = ops.find((o) => o.local_code === 'MI3.3.1.b');
  const pages = [`/agreements/${A}/participants`, `/agreements/${B}/participants`];
  const tables = [];
  for (const path of pages) tables.push((await new Client().get(path, { accept: 'application/json' })).json().counts);
  tables.push((await new Client().get(`/operations/${op.id}/progress`, { accept: 'application/json' })).json().counts);
  const exact = (await api('officer', 'GET', `/agreements/${A}/participants`)).json.counts;
  assert.ok(exact.count >= 10, 'agreement 1 has enough people to publish');
  assert.equal(tables[0].count % 5, 0, 'the public total is rounded');
  let checked = 0;
  for (const counts of tables) {
    for (const t of counts.traits) for (const a of t.answers) {
      assert.ok(a.is_suppressed || a.count % 5 === 0, `${t.trait}/${a.answer}: ${a.shown} is neither withheld nor rounded`);
    }
    for (const r of hiddenRanges(counts)) {
      checked++;
      assert.ok(r.hi - r.lo >= 1, `${r.trait}/${r.answer} narrowed to ${r.lo}..${r.hi}`);
    }
  }
  assert.ok(checked > 0, 'the demo has tables with one withheld cell');
  // Across tables: the operation's cell minus the other agreements' never pins the first's.
  const page = await new Client().get(`/agreements/${A}/participants`);
  assert.match(page.text, /arrotondati al multiplo di 5/);
});
