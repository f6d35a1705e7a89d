// Proposals: drafts with attachments, the submission rules, signed receipts, withdrawal and new
// versions, one body per area, and the deadline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, sign as cryptoSign } from 'node:crypto';
import { existsSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, BIN, Client, api, cli, localIn, setClock } from './helpers.mjs';

/** A receipt's canonical form, as coprog signs it (jansson): keys sorted, compact, ASCII only
 * with upper-case \u escapes. */
function canonical(v) {
  const sorted = (x) => (Array.isArray(x) ? x.map(sorted) : x && typeof x === 'object'
    ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, sorted(x[k])])) : x);
  return JSON.stringify(sorted(v)).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

const PDF = { name: 'proposta.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n') };
const PNG = { name: 'piano.png', type: 'image/png', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]) };
const FAKE = { name: 'finto.pdf', type: 'application/pdf', bytes: Buffer.from('MZ this is not a pdf') };

const ets = new Client();
const officer = new Client();
let call;

async function ready() {
  if (!call) {
    await ets.login('ets1');
    await officer.login('officer');
    await officer.get('/account');
    const calls = (await ets.get('/calls', { accept: 'application/json' })).json().calls;
    const open = calls.find((c) => c.is_open && c.title.includes('demo aperto'));
    call = (await ets.get(`/calls/${open.id}`, { accept: 'application/json' })).json().call;
    await ets.get(`/calls/${call.id}/proposals/new`);
  }
  return call;
}

function fields(k, { requested = '100.000', cofinancing = '12.000', lines = [['Personale', '80.000'], ['Spazi e attrezzature', '32.000']], area = 0, partners = [] } = {}) {
  const pairs = [
    ['area_id', String(k.areas[area].id)], ['title', 'Portineria di comunità Corvetto'],
    ['summary', 'Una portineria sociale al piano terra.'], ['activities', 'Ascolto, orientamento, piccole riparazioni.'],
    ['support_network', 'Comitato inquilini, parrocchia, scuola.'], ['sustainability', 'Quote associative e servizi a pagamento.'],
    ['requested', requested], ['cofinancing', cofinancing], ['space_id', String(k.spaces[0]?.id ?? 0)],
    ['target_group', 'Inquilini anziani soli'], ['target_participants', '120'],
    ['target_group', 'Famiglie con minori'], ['target_participants', '45'],
  ];
  for (const [cf, name, role] of partners) pairs.push(['party_role', role], ['party_tax_code', cf], ['party_name', name], ['party_runts', '']);
  for (const [cat, amount] of lines) pairs.push(['line_category', cat], ['line_description', ''], ['line_amount', amount]);
  return pairs;
}

const docs = (k) => [[`document_${k.documents[0].id}`, PDF], [`document_${k.documents[1].id}`, PNG]];

async function draft(pairs, files = []) {
  const k = await ready();
  const res = await ets.multipart(`/calls/${k.id}/proposals`, [...pairs, ...files]);
  assert.equal(res.status, 303, res.text.slice(0, 400));
  const id = Number(res.headers.get('location').split('/').pop());
  await ets.get(`/proposals/${id}`);
  return id;
}

const submit = (id) => ets.post(`/proposals/${id}/submit`, {}, { accept: 'application/json' });

test('a draft keeps attachments recognised by their content, and refuses disguised files', async () => {
  const k = await ready();
  const bad = await ets.multipart(`/calls/${k.id}/proposals`, [...fields(k), [`document_${k.documents[0].id}`, FAKE]], { accept: 'application/json' });
  assert.equal(bad.status, 422);
  assert.match(bad.json().errors[0].message, /PDF, JPEG o PNG/);
  const id = await draft(fields(k, { partners: [['01199250158', 'Fondazione Partner di prova', 'partner'], ['RSSMRA85T10A562S', 'Mario Rossi sostenitore', 'supporter']] }), docs(k));
  const p = (await ets.get(`/proposals/${id}`, { accept: 'application/json' })).json().proposal;
  assert.equal(p.status, 'draft');
  assert.equal(p.attachments.length, 2);
  assert.deepEqual(p.attachments.map((a) => a.mime).sort(), ['application/pdf', 'image/png']);
  assert.deepEqual(p.parties.map((x) => x.role), ['lead', 'partner', 'supporter']);
  assert.equal(p.total_cents, 11200000);
  const file = await fetch(`${BASE}/proposals/${id}/attachments/${p.attachments[0].id}`, { headers: { Cookie: ets.cookieHeader() } });
  assert.equal(file.status, 200);
  assert.match(file.headers.get('content-disposition'), /attachment/);
  assert.ok(Buffer.from(await file.arrayBuffer()).equals(p.attachments[0].mime === 'image/png' ? PNG.bytes : PDF.bytes));
  assert.equal((await new Client().get(`/proposals/${id}`, { accept: 'application/json' })).status, 401);
  const other = new Client();
  await other.login('resident1');
  assert.equal((await other.get(`/proposals/${id}`)).status, 403);
  const badcf = await ets.multipart(`/calls/${k.id}/proposals`, fields(k, { partners: [['RSSMRA85T10A562T', 'Errato', 'partner']] }), { accept: 'application/json' });
  assert.equal(badcf.status, 422);
  assert.equal(badcf.json().errors[0].field, 'party_tax_code');
  // clean up: this draft is never submitted, so it takes no place in the area
});

test('submission rules: co-financing share, area budget, budget lines, documents', async () => {
  const k = await ready();
  const low = await draft(fields(k, { cofinancing: '5.000', lines: [['Personale', '105.000']] }), docs(k));
  let res = await submit(low);
  assert.equal(res.status, 422);
  assert.deepEqual(res.json().errors.map((e) => e.field), ['cofinancing']);
  const above = await draft(fields(k, { requested: '160.000', cofinancing: '20.000', lines: [['Personale', '180.000']] }), docs(k));
  res = await submit(above);
  assert.deepEqual(res.json().errors.map((e) => e.field), ['requested']);
  const sum = await draft(fields(k, { lines: [['Personale', '50.000']] }), docs(k));
  res = await submit(sum);
  assert.deepEqual(res.json().errors.map((e) => e.field), ['line_amount']);
  const nodocs = await draft(fields(k));
  res = await submit(nodocs);
  assert.deepEqual(res.json().errors.map((e) => e.field), ['attachments']);
  assert.match(res.json().errors[0].message, /allegati obbligatori/);
});

test('a submission gets a protocol number and a signed receipt that verifies, and fails when changed', async () => {
  const k = await ready();
  const id = await draft(fields(k, { area: 1 }), docs(k));
  const res = await submit(id);
  assert.equal(res.status, 200, res.text.slice(0, 300));
  const { receipt } = res.json();
  assert.equal(receipt.algorithm, 'Ed25519');
  assert.equal(receipt.receipt.proposal_id, id);
  assert.equal(receipt.receipt.version, 1);
  assert.ok(receipt.receipt.protocol >= 1);
  assert.match(receipt.receipt.content_sha256, /^[0-9a-f]{64}$/);
  assert.equal(receipt.receipt.attachments.length, 2);
  // The receipt names the entry of the city's protocol register, whose hashes are the
  // submission's: the content as the document, the attachments after it.
  const reg = receipt.receipt.protocol_register;
  assert.match(reg.number, /^\d{7}\/\d{4}$/);
  assert.equal(reg.number, `${String(reg.progressive).padStart(7, '0')}/${reg.year}`);
  const listed = (await api('officer', 'GET', `/protocol?year=${reg.year}&q=${reg.progressive}`)).json().entries.find((e) => e.label === reg.number);
  assert.equal(listed.kind, 'proposal');
  assert.equal(listed.direction, 'in');
  const entry = (await api('officer', 'GET', `/protocol/${listed.id}`)).json().entry;
  assert.equal(entry.files[0].sha256, receipt.receipt.content_sha256);
  assert.deepEqual(entry.files.slice(1).map((f) => f.sha256), receipt.receipt.attachments.map((a) => a.sha256));
  const shown = (await ets.get(`/proposals/${id}`, { accept: 'application/json' })).json().proposal.submissions[0];
  assert.equal(shown.register_label, reg.number, 'the proposal page names it');
  const download = await fetch(`${BASE}/proposals/${id}/receipts/1`, { headers: { Cookie: ets.cookieHeader() } });
  const text = await download.text();
  assert.match(download.headers.get('content-disposition'), /ricevuta-\d+-v1-prot\d+\.json/);
  const page = (await new Client().get('/receipts', { accept: 'application/json' })).json();
  assert.equal(page.public_key, JSON.parse(text).public_key);

  const dir = mkdtempSync(join(tmpdir(), 'coprog-receipt-'));
  try {
    writeFileSync(join(dir, 'ok.json'), text);
    const ok = cli(['receipt', 'verify', join(dir, 'ok.json'), '--key', page.public_key]);
    assert.equal(ok.status, 0, ok.stderr);
    const changed = text.replace(`"protocol": ${receipt.receipt.protocol}`, `"protocol": ${receipt.receipt.protocol + 1}`);
    assert.notEqual(changed, text);
    writeFileSync(join(dir, 'changed.json'), changed);
    const bad = cli(['receipt', 'verify', join(dir, 'changed.json')]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /invalid/);
    // Without --key the instance's own key decides (from the test database).
    const own = cli(['receipt', 'verify', join(dir, 'ok.json')]);
    assert.equal(own.status, 0, own.stderr);
    assert.match(own.stdout, new RegExp(`signed by this instance's key \\(${page.public_key.replace(/[+/]/g, '\\$&')}\\)`));
    // Re-signed by someone else with their own key: consistent, but not ours.
    const doc = JSON.parse(text);
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    doc.public_key = publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('base64');
    doc.signature = cryptoSign(null, Buffer.from(canonical(doc.receipt)), privateKey).toString('base64');
    writeFileSync(join(dir, 'resigned.json'), JSON.stringify(doc));
    const resigned = cli(['receipt', 'verify', join(dir, 'resigned.json')]);
    assert.equal(resigned.status, 1, 'another key than the instance\'s');
    assert.match(resigned.stderr, /another key|invalid/);
    const elsewhere = spawnSync(BIN, ['receipt', 'verify', join(dir, 'resigned.json'), '--db', `sqlite:${join(dir, 'none.db')}`], { encoding: 'utf8' });
    assert.equal(elsewhere.status, 3, 'no trusted key at hand: never "valid"');
    assert.match(elsewhere.stderr, /not verified/);
    assert.ok(!existsSync(join(dir, 'none.db')), 'no database is created by a check');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const anon = new Client();
  await anon.get('/receipts');
  const valid = await anon.post('/receipts/verify', { receipt: text }, { accept: 'application/json' });
  assert.equal(valid.json().result.valid, true);
  const forged = await anon.post('/receipts/verify', { receipt: text.replace('"version": 1', '"version": 2') }, { accept: 'application/json' });
  assert.equal(forged.json().result.valid, false);
  assert.equal(forged.json().result.code, 'receipts.forged');
});

test('a submission is immutable; withdrawn, it can be edited and submitted again, every version kept', async () => {
  const k = await ready();
  const id = await draft(fields(k, { area: 0 }), docs(k));
  const first = await submit(id);
  assert.equal(first.status, 200);
  const p1 = first.json().receipt.receipt.protocol;
  const edit = await ets.multipart(`/proposals/${id}`, fields(k), { accept: 'application/json' });
  assert.equal(edit.status, 409);
  const again = await submit(id);
  assert.equal(again.status, 409);
  const w = await ets.post(`/proposals/${id}/withdraw`, {});
  assert.equal(w.status, 303);
  await ets.get(`/proposals/${id}`);
  const changed = await ets.multipart(`/proposals/${id}`, fields(k, { cofinancing: '15.000', lines: [['Personale', '115.000']] }));
  assert.equal(changed.status, 303);
  await ets.get(`/proposals/${id}`);
  const second = await submit(id);
  assert.equal(second.status, 200, second.text.slice(0, 300));
  assert.equal(second.json().receipt.receipt.version, 2);
  assert.ok(second.json().receipt.receipt.protocol > p1);
  assert.notEqual(second.json().receipt.receipt.content_sha256, first.json().receipt.receipt.content_sha256);
  const subs = (await ets.get(`/proposals/${id}`, { accept: 'application/json' })).json().proposal.submissions;
  assert.deepEqual(subs.map((s) => [s.version, s.is_live]), [[2, true], [1, false]]);
  // The same body cannot hold a second live proposal in this area.
  const twin = await draft(fields(k, { area: 0 }), docs(k));
  const refused = await submit(twin);
  assert.equal(refused.status, 409);
  assert.match(refused.json().error.message, /altra proposta per lo stesso ambito/);
  // The officer sees the submitted proposals of the city.
  const list = (await officer.get('/proposals', { accept: 'application/json' })).json().proposals;
  assert.ok(list.some((x) => x.id === id && x.status === 'submitted'));
});

test('after the deadline a submission is refused with 409 and the deadline', async () => {
  await ready();
  const ops = (await officer.get('/operations', { accept: 'application/json' })).json().operations;
  const op = ops.find((o) => o.local_code === 'MI3.3.1.b');
  const pairs = [['operation_id', String(op.id)], ['title', 'Avviso breve'], ['object', 'Prova'], ['total_budget', '50.000'],
    ['min_cofinancing', '10'], ['duration_months', '12'], ['threshold_points', '10'], ['publication', localIn(-60)],
    ['deadline', localIn(3600)], ['short_notice_reason', 'Prova del termine'], ['area_name', 'Unico'], ['area_budget', '50.000'],
    ['criterion_name', 'Qualità'], ['criterion_points', '100']];
  const made = await officer.post('/calls', pairs);
  assert.equal(made.status, 303);
  const cid = made.headers.get('location').split('/').pop();
  await officer.post(`/calls/${cid}/publish`, {});
  const k = (await ets.get(`/calls/${cid}`, { accept: 'application/json' })).json().call;
  await ets.get(`/calls/${cid}/proposals/new`);
  const res = await ets.multipart(`/calls/${cid}/proposals`, fields(k, { requested: '40.000', cofinancing: '5.000', lines: [['Personale', '45.000']] }));
  assert.equal(res.status, 303);
  const id = Number(res.headers.get('location').split('/').pop());
  await ets.get(`/proposals/${id}`);
  try {
    await setClock(2 * 3600);
    const late = await submit(id);
    assert.equal(late.status, 409);
    assert.match(late.json().error.message, /scaduto il \d\d\/\d\d\/\d{4} \d\d:\d\d/);
    const lateDraft = await ets.multipart(`/calls/${cid}/proposals`, fields(k, { requested: '40.000', cofinancing: '5.000', lines: [['Personale', '45.000']] }), { accept: 'application/json' });
    assert.equal(lateDraft.status, 409);
    assert.match(lateDraft.json().error.message, /scaduto il/, 'a late draft is told the deadline too');
  } finally {
    await setClock(0);
  }
});
