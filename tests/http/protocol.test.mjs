// The protocol register (issue 18, DPR 445/2000 arts. 53-57): a document registered with its
// attachments gets the next number of the year, with the SHA-256 of every file; the register
// is searched and paged; an entry is cancelled only with a reason and stays, marked; the
// controllers read it and only the officers write; and after midnight the daily register is
// there by itself, a CSV whose hash is the one shown. Runs on both engines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, Client, api, cli, sleep, startCoprog, tokenFor } from './helpers.mjs';

const tag = randomBytes(3).toString('hex');
const sha = (b) => createHash('sha256').update(b).digest('hex');
const LETTER = { name: 'lettera.pdf', type: 'application/pdf', bytes: Buffer.from(`%PDF-1.4\nlettera ${tag}\n%%EOF\n`) };
const ANNEX = (i) => ({ name: `allegato-${i}.txt`, type: 'text/plain', bytes: Buffer.from(`allegato ${i} ${tag}`) });

const officer = new Client();

async function register(fields, files) {
  const pairs = Object.entries(fields);
  for (const f of files) pairs.push([f.field, f.file]);
  return officer.multipart('/protocol', pairs, { accept: 'application/json' });
}

test('a registration takes the next number with the hash of every file, and the files come back as filed', async () => {
  await officer.login('officer');
  await officer.get('/protocol');
  const before = (await api('officer', 'GET', '/protocol')).json();
  const res = await register({ direction: 'in', kind: 'letter', correspondent: `Associazione Prova ${tag}`, subject: `Richiesta di incontro ${tag}` },
    [{ field: 'document', file: LETTER }, { field: 'attachments', file: ANNEX(1) }, { field: 'attachments', file: ANNEX(2) }]);
  assert.equal(res.status, 200, res.text.slice(0, 300));
  const made = res.json();
  assert.match(made.location, /^\/protocol\/\d+$/);
  assert.match(made.label, /^\d{7}\/\d{4}$/);
  const last = before.years.find((y) => y.year === made.year)?.entries ?? 0;
  assert.equal(made.number, last + 1, 'the next number of the year, whoever registered before');
  const entry = (await api('controller', 'GET', made.location)).json().entry;
  assert.equal(entry.label, made.label);
  assert.equal(entry.direction, 'in');
  assert.equal(entry.is_cancelled, false);
  assert.deepEqual(entry.files.map((f) => [f.name, f.sha256]),
    [[LETTER.name, sha(LETTER.bytes)], [ANNEX(1).name, sha(ANNEX(1).bytes)], [ANNEX(2).name, sha(ANNEX(2).bytes)]]);
  const file = await fetch(`${BASE}${made.location}/files/2`, { headers: { Authorization: `Bearer ${tokenFor('controller')}` } });
  assert.equal(file.status, 200);
  assert.match(file.headers.get('content-disposition'), /allegato-1\.txt/);
  assert.ok(Buffer.from(await file.arrayBuffer()).equals(ANNEX(1).bytes));
  assert.equal((await fetch(`${BASE}${made.location}/files/9`, { headers: { Authorization: `Bearer ${tokenFor('controller')}` } })).status, 404);
  const page = await officer.get(made.location);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(made.label.replace('/', '\\/')));
});

test('a registration without its document, subject or a known direction is refused field by field, and takes no number', async () => {
  const before = (await api('officer', 'GET', '/protocol')).json().total;
  const none = await register({ direction: 'in', kind: 'letter', correspondent: 'X', subject: 'Senza documento' }, []);
  assert.equal(none.status, 422);
  assert.deepEqual(none.json().errors.map((e) => e.field), ['document']);
  assert.match(none.json().errors[0].message, /documento/);
  const bad = await register({ direction: 'sideways', kind: 'letter', correspondent: 'X', subject: '' }, [{ field: 'document', file: LETTER }]);
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.json().errors.map((e) => e.field).sort(), ['direction', 'subject']);
  const many = await register({ direction: 'out', kind: 'letter', correspondent: 'X', subject: 'Troppi allegati' },
    [{ field: 'document', file: LETTER }, ...Array.from({ length: 20 }, (_, i) => ({ field: 'attachments', file: ANNEX(i) }))]);
  assert.equal(many.status, 413, 'at most 20 files a form');
  assert.match(many.json().error.message, /20/);
  const two = await register({ direction: 'out', kind: 'letter', correspondent: 'X', subject: 'Due documenti' }, [{ field: 'document', file: LETTER }, { field: 'document', file: ANNEX(1) }]);
  assert.equal(two.status, 422, 'one main document');
  assert.equal(two.json().errors[0].field, 'document');
  assert.equal((await api('officer', 'GET', '/protocol')).json().total, before, 'no number was taken');
});

test('the register is searched by number, correspondent or subject, filtered by direction, and paged', async () => {
  for (let i = 0; i < 3; i++) {
    const res = await register({ direction: i ? 'out' : 'in', kind: 'decision', correspondent: `Destinatario ${tag}`, subject: `Determina ${i} ${tag}` }, [{ field: 'document', file: ANNEX(i) }]);
    assert.equal(res.status, 200, res.text.slice(0, 200));
  }
  const found = (await api('officer', 'GET', `/protocol?q=${encodeURIComponent(`destinatario ${tag}`)}`)).json();
  assert.equal(found.total, 3, 'case does not matter');
  assert.deepEqual(found.entries.map((e) => e.number), [...found.entries.map((e) => e.number)].sort((a, b) => b - a), 'newest first');
  assert.equal((await api('officer', 'GET', `/protocol?q=${tag}&direction=out`)).json().total, 2);
  const byNumber = (await api('officer', 'GET', `/protocol?q=${found.entries[0].number}`)).json().entries;
  assert.ok(byNumber.some((e) => e.id === found.entries[0].id));
  const byLabel = (await api('officer', 'GET', `/protocol?q=${encodeURIComponent(found.entries[0].label)}`)).json().entries;
  assert.deepEqual(byLabel.map((e) => e.id), [found.entries[0].id], 'the number as printed finds that entry');
  // Text that starts with digits is text, not a number.
  assert.equal((await api('officer', 'GET', `/protocol?q=${found.entries[0].number}zz${tag}`)).json().total, 0);
  const all = (await api('officer', 'GET', '/protocol')).json();
  assert.ok(all.entries.length <= 50);
  assert.equal(all.pages, Math.max(1, Math.ceil(all.total / 50)));
  assert.equal((await api('officer', 'GET', '/protocol?year=1800')).status, 422);
  assert.equal((await api('officer', 'GET', '/protocol?direction=up')).status, 422);
});

test('a cancellation needs a reason, keeps the entry and its history, and happens once', async () => {
  const made = (await register({ direction: 'out', kind: 'letter', correspondent: 'Ufficio X', subject: `Da annullare ${tag}` }, [{ field: 'document', file: LETTER }])).json();
  const url = `${made.location}/cancel`;
  const bare = await officer.post(url, { reason: ' ' }, { accept: 'application/json' });
  assert.equal(bare.status, 422);
  assert.equal(bare.json().errors[0].field, 'reason');
  assert.equal((await api('controller', 'POST', url, { reason: 'non sono un ufficio che protocolla' })).status, 403);
  const ok = await officer.post(url, { reason: 'Registrato due volte per errore' }, { accept: 'application/json' });
  assert.equal(ok.status, 200, ok.text.slice(0, 200));
  const entry = (await api('officer', 'GET', made.location)).json().entry;
  assert.equal(entry.is_cancelled, true);
  assert.equal(entry.cancel_reason, 'Registrato due volte per errore');
  assert.equal(entry.subject, `Da annullare ${tag}`, 'the entry stays as registered');
  assert.equal(entry.cancelled_by_name.length > 0, true);
  const again = await officer.post(url, { reason: 'ancora' }, { accept: 'application/json' });
  assert.equal(again.status, 409);
  assert.match(again.json().error.message, /già annullata/);
  const listed = (await api('officer', 'GET', `/protocol?q=${encodeURIComponent(`Da annullare ${tag}`)}`)).json().entries;
  assert.equal(listed.length, 1);
  assert.equal(listed[0].is_cancelled, true, 'the register still lists it, marked');
  assert.equal((await officer.post('/protocol/999999999/cancel', { reason: 'x' }, { accept: 'application/json' })).status, 404);
  const meta = await (await fetch(`${BASE}${made.location}/metadata`, { headers: { Authorization: `Bearer ${tokenFor('controller')}` } })).json();
  assert.equal(meta.TracciatureModificheDocumento[0].TipoModifica, 'annullamento', 'the metadata keep the change');
  assert.equal(meta.TracciatureModificheDocumento[0].Motivo, 'Registrato due volte per errore');
});

test('each document has AgID\'s metadata, and the package for conservation is checked with tar and sha256sum alone', async () => {
  const made = (await register({ direction: 'in', kind: 'letter', correspondent: `Conservazione ${tag}`, subject: `Da conservare ${tag}` },
    [{ field: 'document', file: LETTER }, { field: 'attachments', file: ANNEX(7) }])).json();
  const auth = { headers: { Authorization: `Bearer ${tokenFor('controller')}` } };
  const entry = (await api('controller', 'GET', made.location)).json().entry;
  const meta = await (await fetch(`${BASE}${made.location}/metadata`, auth)).json();
  assert.equal(meta.IdDoc.ImprontaCrittograficaDelDocumento.Impronta, createHash('sha256').update(LETTER.bytes).digest('base64'));
  assert.equal(meta.IdDoc.ImprontaCrittograficaDelDocumento.Algoritmo, 'SHA-256');
  assert.equal(meta.DatiDiRegistrazione.NumeroDocumento, made.label.split('/')[0]);
  assert.equal(meta.DatiDiRegistrazione.TipologiaDiFlusso, 'E');
  assert.equal(meta.ModalitaDiFormazione, 'b', 'a document received');
  assert.equal(meta.Allegati.NumeroAllegati, 1);
  assert.equal(meta.Allegati.IndiceAllegati[0].Descrizione, ANNEX(7).name);
  assert.equal(meta.ChiaveDescrittiva.Oggetto, `Da conservare ${tag}`);
  assert.deepEqual(meta.Soggetti[0], { Ruolo: 'Mittente', Denominazione: `Conservazione ${tag}` });

  for (const [q, why] of [[`from=${entry.day}`, 'no end'], [`from=2026-03-10&to=2026-03-09`, 'backwards'], [`from=2025-01-01&to=2026-02-01`, 'over a year']]) {
    assert.equal((await fetch(`${BASE}/protocol/export?${q}`, auth)).status, 422, why);
  }
  const res = await fetch(`${BASE}/protocol/export?from=${entry.day}&to=${entry.day}`, auth);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /application\/x-tar/);
  const tar = Buffer.from(await res.arrayBuffer());
  assert.equal(res.headers.get('repr-digest'), `sha-256=:${createHash('sha256').update(tar).digest('base64')}:`);
  const dir = mkdtempSync(join(tmpdir(), 'coprog-pdv-'));
  try {
    writeFileSync(join(dir, 'pdv.tar'), tar);
    execFileSync('tar', ['-xf', 'pdv.tar'], { cwd: dir });
    const checked = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
    const folder = `${made.year}-${made.label.split('/')[0]}`;
    assert.match(checked, new RegExp(`documenti/${folder}/0-lettera\\.pdf: OK`));
    assert.ok(readFileSync(join(dir, 'documenti', folder, '0-lettera.pdf')).equals(LETTER.bytes));
    assert.ok(readFileSync(join(dir, 'documenti', folder, '1-allegato-7.txt')).equals(ANNEX(7).bytes));
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'metadati', `${folder}.json`), 'utf8')), meta);
    const index = readFileSync(join(dir, 'indice.xml'), 'utf8');
    assert.match(index, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<sincro:IdC /);
    assert.ok(index.includes(`<sincro:Path>documenti/${folder}/0-lettera.pdf</sincro:Path>\n   <sincro:Hash sincro:function="SHA-256">${createHash('sha256').update(LETTER.bytes).digest('base64')}</sincro:Hash>`));
    const listed = (index.match(/<sincro:Path>/g) || []).length;
    assert.equal(listed, checked.trim().split('\n').length, 'the index lists every file SHA256SUMS checks');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('only the officers write the register; controllers read it; nobody else sees it', async () => {
  assert.equal((await api('controller', 'GET', '/protocol')).status, 200);
  for (const who of ['social', 'ets1', 'resident1', 'registry']) {
    assert.equal((await api(who, 'GET', '/protocol')).status, 403, who);
  }
  assert.equal((await new Client().get('/protocol', { accept: 'application/json' })).status, 401);
  const c = new Client();
  await c.login('controller');
  await c.get('/protocol');
  const res = await c.multipart('/protocol', [['direction', 'in'], ['kind', 'letter'], ['correspondent', 'X'], ['subject', 'Y'], ['document', LETTER]], { accept: 'application/json' });
  assert.equal(res.status, 403);
});

test('after midnight the daily register of the day is there by itself, once, with the hash of its file', async () => {
  // On a coprog and a database of the test's own: the clock moves here by days, and on the
  // suite's database the ticker would close the demo's open call that later tests use.
  const dir = mkdtempSync(join(tmpdir(), 'coprog-daily-'));
  const db = `sqlite:${join(dir, 'own.db')}`;
  let own;
  try {
    assert.equal(cli(['demo', '--db', db, '--password', 'password-giornaliero']).status, 0);
    const token = (who) => cli(['token', 'create', '--email', `${who}@demo.invalid`, '--db', db]).stdout.trim();
    const officerToken = token('officer'), adminToken = token('admin'), controllerToken = token('controller');
    own = await startCoprog(['--db', db], { env: { ...process.env, COPROG_TEST_CLOCK: '1' } });
    const call = async (path, tok, init = {}) => fetch(`${own.base}${path}`, { ...init, headers: { Accept: 'application/json', Authorization: `Bearer ${tok}`, ...(init.headers || {}) } });
    const clock = async (s) => assert.equal((await call('/_test/clock', adminToken, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ offset_s: s }) })).status, 200);
    const fd = new FormData();
    for (const [k, v] of Object.entries({ direction: 'in', kind: 'letter', correspondent: `Giornaliero ${tag}`, subject: `Per il registro giornaliero ${tag}` })) fd.append(k, v);
    fd.append('document', new Blob([LETTER.bytes]), LETTER.name);
    const res = await call('/protocol', officerToken, { method: 'POST', body: fd });
    assert.equal(res.status, 200);
    const made = await res.json();
    const day = (await (await call(made.location, officerToken)).json()).entry.day;
    assert.equal((await call(`/protocol/daily/${day}.csv`, officerToken)).status, 404, 'not before the day ends');
    await clock(86400);
    let listed;
    for (let i = 0; i < 100 && !listed; i++) {
      await sleep(200);
      listed = (await (await call(`/protocol/daily?year=${made.year}`, controllerToken)).json()).days.find((d) => d.day === day);
    }
    assert.ok(listed, 'the ticker made it within 20 seconds');
    const file = await call(`/protocol/daily/${day}.csv`, controllerToken);
    assert.equal(file.status, 200);
    assert.match(file.headers.get('content-type'), /text\/csv/);
    const body = Buffer.from(await file.arrayBuffer());
    assert.equal(sha(body), listed.sha256);
    assert.equal(file.headers.get('repr-digest'), `sha-256=:${createHash('sha256').update(body).digest('base64')}:`);
    const lines = body.toString('utf8').split('\r\n');
    assert.match(lines[0], /^operazione,numero,anno,registrata_il/);
    const mine = lines.filter((l) => l.startsWith('registrazione,'));
    assert.equal(mine.length, listed.entries);
    const line = mine.find((l) => l.startsWith(`registrazione,${made.label.split('/')[0]},${made.year},`));
    assert.ok(line, 'the entry is in its day');
    assert.ok(line.includes(sha(LETTER.bytes)));
    const again = (await (await call(`/protocol/daily?year=${made.year}`, controllerToken)).json()).days.filter((d) => d.day === day);
    assert.equal(again.length, 1, 'made once');
    assert.equal((await call('/protocol/daily/2026-02-30.csv', officerToken)).status, 404);
  } finally {
    await own?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
