// Qualified signatures on agreements (issue 18): the PDF to sign frozen once; files signed with
// the real tools of this machine (OpenSSL `cms -cades` for CAdES, nested included; poppler's
// pdfsig with an NSS database for PAdES; tests/signatures/fixtures.sh) under a test CA that the
// administrator loads with its CRL; each failure gets its ETSI EN 319 102-1 verdict and changes
// nothing; an accepted file is kept, registered in the protocol register and counts as the
// party's signature. Runs on both engines.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import net from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE, api, cli, dbText, tokenFor } from './helpers.mjs';

const FIXTURES = fileURLToPath(new URL('../signatures/fixtures.sh', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'coprog-sign-'));
after(() => rmSync(work, { recursive: true, force: true }));

async function bytes(path, who) {
  const res = await fetch(BASE + path, { headers: who ? { Authorization: `Bearer ${tokenFor(who)}` } : {} });
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

async function upload(who, path, fields) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, new Blob([v.bytes]), v.name);
  const res = await fetch(BASE + path, { method: 'POST', body: fd, redirect: 'manual', headers: { Accept: 'application/json', Authorization: `Bearer ${tokenFor(who)}` } });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) };
}

const taxCode = async (who) => (await api(who, 'GET', '/account')).json().user.tax_code;
const file = (dir, name) => ({ name, bytes: readFileSync(join(dir, name)) });
const send = (who, agreement, dir, name) => upload(who, `/agreements/${agreement}/signed`, { file: file(dir, name) });

// Agreement 2 (active, legale.4's body) and 3 (signed by the body in coprog only, legale.6's).
const dirs = {};

test('the PDF to sign is frozen at its first download; the fixtures sign it with the real tools', async () => {
  const officerCf = await taxCode('officer');
  assert.match(officerCf, /^[A-Z0-9]{16}$/);
  for (const [id, rep] of [[2, 'legale.4'], [3, 'legale.6']]) {
    const first = await bytes(`/agreements/${id}/to-sign.pdf`, rep);
    const again = await bytes(`/agreements/${id}/to-sign.pdf`, 'officer');
    assert.ok(first.equals(again), 'the same bytes for every party');
    assert.equal(first.subarray(0, 5).toString('latin1'), '%PDF-');
    const dir = join(work, `a${id}`);
    writeFileSync(join(work, `a${id}.pdf`), first);
    execFileSync('sh', [FIXTURES, dir, join(work, `a${id}.pdf`), await taxCode(rep), officerCf], { stdio: ['ignore', 'ignore', 'pipe'] });
    dirs[id] = dir;
  }
});

test('the administrator loads the trusted CAs and their CRL; what is not PEM is refused', async () => {
  const bad = await upload('admin', '/admin/trust', { anchors: { name: 'x.pem', bytes: Buffer.from('not a certificate') } });
  assert.equal(bad.status, 422);
  assert.match(bad.json().error.message, /PEM/);
  assert.equal((await upload('officer', '/admin/trust', { anchors: file(dirs[2], 'trust.pem') })).status, 403);
  // Each fixture set has its own CA: the trusted list holds both, as a real one holds many.
  const both = (name) => ({ name, bytes: Buffer.concat([file(dirs[2], name).bytes, file(dirs[3], name).bytes]) });
  const ok = await upload('admin', '/admin/trust', { anchors: both('trust.pem'), crls: both('crl.pem') });
  assert.equal(ok.status, 200, ok.text.slice(0, 200));
  const page = (await api('admin', 'GET', '/admin/trust')).json();
  assert.equal(page.anchors.length, 2);
  assert.ok(page.anchors.every((a) => /^CA Qualificata di Prova [0-9a-f]{6} \(test\)$/.test(a.subject)), JSON.stringify(page.anchors));
  assert.notEqual(page.anchors[0].sha256, page.anchors[1].sha256);
  assert.deepEqual(page.crls.map((c) => c.revoked), [2, 2], 'two signers revoked by each (one after its time-stamp)');
});

test('every failing file gets its ETSI verdict and a reason a person can act on, and changes nothing', async () => {
  const cases = [
    ['tampered.p7m', 'TOTAL-FAILED', 'HASH_FAILURE', /non è superata/],
    ['badsig.p7m', 'TOTAL-FAILED', 'SIG_CRYPTO_FAILURE', /non è superata/],
    ['revoked.p7m', 'INDETERMINATE', 'REVOKED_NO_POE', /non è superata/],
    ['expired.p7m', 'INDETERMINATE', 'OUT_OF_BOUNDS_NO_POE', /non è superata/],
    ['unknown.p7m', 'INDETERMINATE', 'NO_CERTIFICATE_CHAIN_FOUND', /non è superata/],
    ['plain.p7m', 'TOTAL-PASSED', '', /non è qualificata/],
    ['other.p7m', 'TOTAL-PASSED', '', /un altro documento/],
    ['pades-appended.pdf', 'TOTAL-FAILED', 'HASH_FAILURE', /non è superata/],
    ['document.pdf', 'TOTAL-FAILED', 'FORMAT_FAILURE', /non contiene firme/],
  ];
  for (const [name, indication, sub, message] of cases) {
    const res = await send('legale.4', 2, dirs[2], name);
    assert.equal(res.status, 422, `${name}: ${res.text.slice(0, 200)}`);
    const { report, error } = res.json();
    assert.equal(report.indication, indication, name);
    assert.equal(report.sub_indication, sub, name);
    assert.match(error.message, message, name);
  }
  // A time-stamp made after the certificate expired proves nothing about the signature: the
  // page shows it, with the reason the signature stays refused.
  const stamped = await send('legale.4', 2, dirs[2], 'expired-t.p7m');
  assert.equal(stamped.status, 422);
  const sig = stamped.json().report.signatures[0];
  assert.equal(sig.sub_indication, 'OUT_OF_BOUNDS_NO_POE');
  assert.equal(sig.timestamp.indication, 'TOTAL-PASSED');
  assert.match(sig.timestamp.tsa, /^TSA di Prova [0-9a-f]{6} \(test\)$/);
  const fd = new FormData();
  fd.append('file', new Blob([file(dirs[2], 'expired-t.p7m').bytes]), 'expired-t.p7m');
  const res = await fetch(BASE + '/agreements/2/signed', { method: 'POST', body: fd, headers: { Authorization: `Bearer ${tokenFor('legale.4')}` } });
  assert.equal(res.status, 422);
  const page = await res.text();
  assert.match(page, /Marca temporale del \d{2}\/\d{2}\/\d{4} \d{2}:\d{2} · TSA di Prova/);
  const a = (await api('legale.4', 'GET', '/agreements/2')).json().agreement;
  assert.deepEqual(a.signed_files, [], 'nothing kept');
});

test('the body\'s qualified CAdES signature is accepted, kept as uploaded and registered; the same file twice is refused', async () => {
  const res = await send('legale.4', 2, dirs[2], 'cades.p7m');
  assert.equal(res.status, 200, res.text.slice(0, 300));
  const a = (await api('legale.4', 'GET', '/agreements/2')).json().agreement;
  assert.equal(a.signed_files.length, 1);
  const kept = a.signed_files[0];
  assert.equal(kept.party, 'ets');
  assert.equal(kept.format, 'CAdES');
  assert.equal(kept.signers, 'Lucia Legale (test)');
  assert.match(kept.register_label, /^\d{7}\/\d{4}$/);
  assert.ok((await bytes(`/agreements/2/signed/${kept.id}`)).equals(file(dirs[2], 'cades.p7m').bytes), 'kept as uploaded');
  const [num, year] = kept.register_label.split('/');
  const entry = (await api('officer', 'GET', `/protocol?year=${year}&q=${Number(num)}`)).json().entries.find((e) => e.label === kept.register_label);
  assert.equal(entry.kind, 'agreement');
  assert.equal(entry.direction, 'in');
  assert.equal((await send('legale.4', 2, dirs[2], 'cades.p7m')).status, 409);
  assert.equal((await send('legale.4', 2, dirs[2], 'cades-base64.p7m')).status, 200, 'base64 is read too');
});

test('a file with only the body\'s signature is refused to the city; the nested .p7m with both is the city\'s', async () => {
  const other = await send('officer', 2, dirs[2], 'cades.p7m');
  assert.equal(other.status, 422);
  assert.match(other.json().error.message, /nessuna firma qualificata del file è tua/);
  const res = await send('officer', 2, dirs[2], 'nested.p7m.p7m');
  assert.equal(res.status, 200, res.text.slice(0, 300));
  const files = (await api('officer', 'GET', '/agreements/2')).json().agreement.signed_files;
  const city = files.find((f) => f.party === 'city');
  assert.equal(city.signers, 'Marco Bianchi, Comune (test), Lucia Legale (test)');
  assert.equal((await send('legale.1', 2, dirs[2], 'cades.p7m')).status, 403, 'another body has no power here');
  assert.equal((await send('resident1', 2, dirs[2], 'cades.p7m')).status, 403);
});

test('a PAdES file with both signatures is the city\'s signature of an agreement the body signed', async () => {
  assert.equal((await api('officer', 'GET', '/agreements/3')).json().agreement.state, 'signed_ets');
  const res = await send('officer', 3, dirs[3], 'pades-both.pdf');
  assert.equal(res.status, 200, res.text.slice(0, 300));
  const a = (await api('officer', 'GET', '/agreements/3')).json().agreement;
  assert.equal(a.state, 'signed_city', 'the qualified signature signs for the city');
  assert.deepEqual(a.signatures.map((s) => s.party), ['ets', 'city']);
  assert.equal(a.signed_files[0].format, 'PAdES');
  assert.equal((await send('legale.6', 3, dirs[3], 'pades.pdf')).status, 200, 'the body adds its own');
});

test('`coprog signature verify` gives the same verdicts offline, with its exit status', () => {
  const args = (name) => ['signature', 'verify', join(dirs[2], name), '--trust', join(dirs[2], 'trust.pem'), '--crl', join(dirs[2], 'crl.pem'), '--document', join(work, 'a2.pdf')];
  const ok = cli(args('pades-both.pdf'));
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).is_accepted, true);
  assert.equal(cli(args('tampered.p7m')).status, 1);
  assert.equal(cli(args('expired.p7m')).status, 3);
});

test('time-stamps (CAdES-T): one that holds proves the signature came before the revocation or the expiry; one of another signature or by an untrusted authority proves nothing', () => {
  const dir = dirs[2];
  const verify = (name, ...more) => {
    const r = cli(['signature', 'verify', join(dir, name), '--trust', join(dir, 'trust.pem'), '--crl', join(dir, 'crl.pem'), ...more]);
    const report = JSON.parse(r.stdout);
    return { status: r.status, sig: report.signatures[0] };
  };
  const good = verify('cades-t.p7m');
  assert.equal(good.status, 0);
  assert.equal(good.sig.timestamp.indication, 'TOTAL-PASSED');
  assert.ok(Math.abs(good.sig.timestamp.time_at / 1000 - Date.now()) < 3600e3, 'made by this run');
  // Signed and stamped, then revoked: the stamp proves the signature came first.
  assert.equal(verify('late.p7m').sig.sub_indication, 'REVOKED_NO_POE');
  const late = verify('late-t.p7m');
  assert.equal(late.status, 0, JSON.stringify(late.sig));
  assert.equal(late.sig.indication, 'TOTAL-PASSED');
  // Three years on, the signer's certificate has expired: only the stamped file still holds.
  const later = new Date(Date.now() + 3 * 365 * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
  assert.equal(verify('cades.p7m', '--at', later).sig.sub_indication, 'OUT_OF_BOUNDS_NO_POE');
  assert.equal(verify('cades-t.p7m', '--at', later).status, 0);
  // A token of another signature, or by a TSA nobody trusts: reported, and no proof.
  const other = verify('cades-t-other.p7m');
  assert.deepEqual([other.sig.timestamp.indication, other.sig.timestamp.sub_indication], ['TOTAL-FAILED', 'HASH_FAILURE']);
  assert.equal(verify('cades-t-other.p7m', '--at', later).sig.sub_indication, 'OUT_OF_BOUNDS_NO_POE');
  const stranger = verify('cades-t-stranger.p7m');
  assert.deepEqual([stranger.sig.timestamp.indication, stranger.sig.timestamp.sub_indication], ['INDETERMINATE', 'NO_CERTIFICATE_CHAIN_FOUND']);
  assert.equal(verify('cades-t-stranger.p7m', '--at', later).sig.sub_indication, 'OUT_OF_BOUNDS_NO_POE');
  assert.equal(cli(['signature', 'verify', join(dir, 'cades.p7m'), '--at', 'tomorrow']).status, 2);
});

test('without a CRL, the OCSP responder the certificate names decides: good, revoked, silent (ten seconds at most) or down', async () => {
  const free = () => new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
  const port = await free();
  const dir = join(work, 'ocsp');
  execFileSync('sh', [FIXTURES, dir, join(dirs[2], 'document.pdf')], { env: { ...process.env, OCSP_PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  const verify = (name) => {
    const r = cli(['signature', 'verify', join(dir, name), '--trust', join(dir, 'ocsp-trust.pem'), '--document', join(dir, 'document.pdf')]);
    return { status: r.status, report: JSON.parse(r.stdout || '{}') };
  };
  const sub = (r) => r.report.sub_indication;
  // A real responder: OpenSSL's, answering from the CA's own database.
  // It serves one connection at a time, so it is not probed: it says when it listens.
  const responder = spawn('openssl', ['ocsp', '-index', join(dir, 'ocspca/index.txt'), '-port', String(port), '-rsigner', join(dir, 'ocspca/ca.pem'), '-rkey', join(dir, 'ocspca/ca.key'), '-CA', join(dir, 'ocspca/ca.pem')], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    await new Promise((resolve, reject) => {
      let said = '';
      const hear = (d) => { said += d; if (said.includes('waiting for OCSP client connections')) resolve(); };
      responder.stdout.on('data', hear);
      responder.stderr.on('data', hear);
      responder.once('exit', () => reject(new Error(`openssl ocsp exited: ${said}`)));
      setTimeout(() => reject(new Error(`openssl ocsp silent: ${said}`)), 10000);
    });
    const good = verify('ocsp-good.p7m');
    assert.equal(good.status, 0, JSON.stringify(good.report));
    assert.equal(good.report.indication, 'TOTAL-PASSED');
    const revoked = verify('ocsp-revoked.p7m');
    assert.equal(revoked.status, 3);
    assert.equal(sub(revoked), 'REVOKED_NO_POE');
  } finally {
    responder.kill();
    await new Promise((r) => (responder.exitCode !== null ? r() : responder.once('exit', r)));
  }
  // The responder down: no answer, no verdict but TRY_LATER.
  const down = verify('ocsp-good.p7m');
  assert.equal(down.status, 3);
  assert.equal(sub(down), 'TRY_LATER');
  // A responder that takes the connection and never answers holds the verification ten seconds.
  const silent = net.createServer(() => {}).listen(port, '127.0.0.1');
  await new Promise((r) => silent.once('listening', r));
  try {
    const t0 = Date.now();
    const hung = verify('ocsp-good.p7m');
    const took = Date.now() - t0;
    assert.equal(sub(hung), 'TRY_LATER');
    assert.ok(took >= 9000 && took < 15000, `${took} ms`);
  } finally {
    silent.close();
  }
});

test('a session\'s minutes signed with a qualified signature: frozen to sign, verified, kept, registered; another document refused', async () => {
  const sid = Number(dbText('SELECT s.id FROM table_sessions s JOIN agreements a ON a.table_id = s.table_id WHERE a.id = 2 ORDER BY s.id LIMIT 1'));
  assert.ok(sid > 0);
  const page = `/sessions/${sid}/minutes/signed`;
  // Before anyone downloaded the PDF to sign, nobody can have signed it.
  const early = await upload('legale.4', page, { file: file(dirs[2], 'cades.p7m') });
  assert.equal(early.status, 409);
  assert.equal(early.json().error.code, 'agreements.not_ready');
  const first = await bytes(`/sessions/${sid}/minutes/to-sign.pdf`, 'legale.4');
  assert.ok(first.equals(await bytes(`/sessions/${sid}/minutes/to-sign.pdf`, 'officer')), 'the same bytes for every party');
  writeFileSync(join(work, 'minutes.pdf'), first);
  const dir = join(work, 'minutes');
  execFileSync('sh', [FIXTURES, dir, join(work, 'minutes.pdf'), await taxCode('legale.4'), await taxCode('officer')], { stdio: ['ignore', 'ignore', 'pipe'] });
  // This run's CA joins the trusted list, with its CRL.
  const all = (name) => ({ name, bytes: Buffer.concat([dirs[2], dirs[3], dir].map((d) => file(d, name).bytes)) });
  assert.equal((await upload('admin', '/admin/trust', { anchors: all('trust.pem'), crls: all('crl.pem') })).status, 200);
  // The agreement's signed file is another document; a stranger's session is not theirs.
  const other = await upload('legale.4', page, { file: file(dirs[2], 'cades.p7m') });
  assert.equal(other.status, 422);
  assert.equal(other.json().report.reason, 'other_document');
  // The partner (legale.6's body) is a party, but the signature in the file is not theirs.
  assert.equal((await upload('legale.6', page, { file: file(dir, 'cades.p7m') })).json().error.code, 'agreements.signed_by_other');
  assert.equal((await upload('legale.1', page, { file: file(dir, 'cades.p7m') })).status, 404, 'not a party of this table');
  assert.equal((await upload('resident1', page, { file: file(dir, 'cades.p7m') })).status, 403);
  const ok = await upload('legale.4', page, { file: file(dir, 'cades.p7m') });
  assert.equal(ok.status, 200, ok.text.slice(0, 300));
  assert.equal((await upload('legale.4', page, { file: file(dir, 'cades.p7m') })).json().error.code, 'agreements.signed_file_exists');
  const city = await upload('officer', page, { file: file(dir, 'nested.p7m.p7m') });
  assert.equal(city.status, 200, city.text.slice(0, 300));
  const kept = (await api('auditor', 'GET', page)).json().signed_files;
  assert.deepEqual(kept.map((f) => [f.party, f.format]), [['ets', 'CAdES'], ['city', 'CAdES']]);
  assert.ok(kept.every((f) => /^\d{7}\/\d{4}$/.test(f.register_label)));
  const directions = dbText(`SELECT direction FROM protocol_entries WHERE ref_type = 'session' AND ref_id = ${sid} ORDER BY id`).split('\n');
  assert.deepEqual(directions, ['in', 'out'], 'the body\'s comes in, the city\'s goes out');
  const back = await bytes(`${page}/${kept[0].id}`, 'auditor');
  assert.ok(back.equals(readFileSync(join(dir, 'cades.p7m'))), 'kept as uploaded');
});

test('the approved final project signed with a qualified signature: frozen to sign, verified, kept, registered', async () => {
  const tid = Number(dbText('SELECT table_id FROM agreements WHERE id = 2'));
  const page = `/tables/${tid}/project/signed`;
  const view = (await api('legale.4', 'GET', page)).json();
  assert.equal(view.may_sign, true);
  assert.equal(view.may_upload, true);
  assert.equal(view.base, `/tables/${tid}/project`);
  const first = await bytes(`/tables/${tid}/project/to-sign.pdf`, 'legale.4');
  assert.ok(first.equals(await bytes(`/tables/${tid}/project/to-sign.pdf`, 'officer')), 'the same bytes for every party');
  writeFileSync(join(work, 'project.pdf'), first);
  const dir = join(work, 'project');
  execFileSync('sh', [FIXTURES, dir, join(work, 'project.pdf'), await taxCode('legale.4'), await taxCode('officer')], { stdio: ['ignore', 'ignore', 'pipe'] });
  const all = (name) => ({ name, bytes: Buffer.concat([dirs[2], dirs[3], join(work, 'minutes'), dir].map((d) => file(d, name).bytes)) });
  assert.equal((await upload('admin', '/admin/trust', { anchors: all('trust.pem'), crls: all('crl.pem') })).status, 200);
  // The agreement's signed file is another document.
  const other = await upload('legale.4', page, { file: file(dirs[2], 'cades.p7m') });
  assert.equal(other.status, 422);
  assert.equal(other.json().report.reason, 'other_document');
  assert.equal((await upload('resident1', page, { file: file(dir, 'cades.p7m') })).status, 403);
  assert.equal((await upload('legale.1', page, { file: file(dir, 'cades.p7m') })).status, 404, 'not a party of this table');
  // Signed by the body (CAdES-T, time-stamped) and by the city (PAdES, both signatures).
  const ok = await upload('legale.4', page, { file: file(dir, 'cades-t.p7m') });
  assert.equal(ok.status, 200, ok.text.slice(0, 300));
  const city = await upload('officer', page, { file: file(dir, 'pades-both.pdf') });
  assert.equal(city.status, 200, city.text.slice(0, 300));
  const kept = (await api('auditor', 'GET', page)).json().signed_files;
  assert.deepEqual(kept.map((f) => [f.party, f.format]), [['ets', 'CAdES'], ['city', 'PAdES']]);
  assert.ok(kept.every((f) => /^\d{7}\/\d{4}$/.test(f.register_label)));
  // The table's entries: the project's approval (the city's decision, from the demo), then the two files.
  const entries = dbText(`SELECT direction || ' ' || subject FROM protocol_entries WHERE ref_type = 'table' AND ref_id = ${tid} AND kind = 'letter' ORDER BY id`).split('\n');
  assert.equal(entries.length, 2);
  assert.equal(dbText(`SELECT count(*) FROM protocol_entries WHERE ref_type = 'table' AND ref_id = ${tid} AND kind = 'decision'`), '1');
  assert.match(entries[0], /^in Progetto definitivo del tavolo n\. \d+ \(versione \d+\) firmato con firma qualificata CAdES/);
  assert.match(entries[1], /^out /);
  const back = await bytes(`${page}/${kept[0].id}`, 'auditor');
  assert.ok(back.equals(readFileSync(join(dir, 'cades-t.p7m'))), 'kept as uploaded');
  // The protocol entries lead back to the table; their metadata say signed, and time-stamped
  // for the body's CAdES-T, not for the city's PAdES.
  const ids = dbText(`SELECT id FROM protocol_entries WHERE ref_type = 'table' AND ref_id = ${tid} AND kind = 'letter' ORDER BY id`).split('\n');
  assert.equal((await api('officer', 'GET', `/protocol/${ids[0]}`)).json().entry.ref_path, `/tables/${tid}`);
  const verified = async (id) => (await api('officer', 'GET', `/protocol/${id}/metadata`)).json().Verifica;
  assert.deepEqual(await verified(ids[0]), { ConformitaCopieImmagineSuSupportoInformatico: false, FirmatoDigitalmente: true, MarcaturaTemporale: true, SigillatoElettronicamente: false });
  assert.deepEqual(await verified(ids[1]), { ConformitaCopieImmagineSuSupportoInformatico: false, FirmatoDigitalmente: true, MarcaturaTemporale: false, SigillatoElettronicamente: false });
});

test('the call notice, the city\'s act, signed by the city\'s signatory: frozen to sign in Italian, verified, kept, registered', async () => {
  const cid = Number(dbText('SELECT k.id FROM agreements a JOIN codesign_tables t ON t.id = a.table_id JOIN calls k ON k.id = t.call_id WHERE a.id = 2'));
  const page = `/calls/${cid}/signed`;
  const view = (await api('officer', 'GET', page)).json();
  assert.deepEqual([view.may_sign, view.may_upload, view.back], [true, true, `/calls/${cid}`]);
  assert.equal((await api('controller', 'GET', page)).json().may_upload, false, 'controllers read, officers sign');
  assert.equal((await api('legale.4', 'GET', page)).status, 403);
  const first = await bytes(`/calls/${cid}/to-sign.pdf`, 'officer');
  assert.ok(first.equals(await bytes(`/calls/${cid}/to-sign.pdf`, 'auditor')), 'the same bytes for everyone');
  writeFileSync(join(work, 'call.pdf'), first);
  const dir = join(work, 'call');
  // The city's signatory is the officer: the fixtures' signer carries the officer's codice fiscale.
  const officerCf = await taxCode('officer');
  execFileSync('sh', [FIXTURES, dir, join(work, 'call.pdf'), officerCf, officerCf], { stdio: ['ignore', 'ignore', 'pipe'] });
  const all = (name) => ({ name, bytes: Buffer.concat([dirs[2], dirs[3], join(work, 'minutes'), join(work, 'project'), dir].map((d) => file(d, name).bytes)) });
  assert.equal((await upload('admin', '/admin/trust', { anchors: all('trust.pem'), crls: all('crl.pem') })).status, 200);
  assert.equal((await upload('legale.4', page, { file: file(dir, 'cades.p7m') })).status, 403, 'a body does not sign the city\'s act');
  const other = await upload('officer', page, { file: file(join(work, 'project'), 'cades.p7m') });
  assert.equal(other.json().report.reason, 'other_document');
  const ok = await upload('officer', page, { file: file(dir, 'cades-t.p7m') });
  assert.equal(ok.status, 200, ok.text.slice(0, 300));
  const kept = (await api('auditor', 'GET', page)).json().signed_files;
  assert.deepEqual(kept.map((f) => [f.party, f.format]), [['city', 'CAdES']]);
  // The call's entries: its ranking (a decision, from the demo), then the signed notice.
  const [entry] = dbText(`SELECT id || ' ' || direction || ' ' || subject FROM protocol_entries WHERE ref_type = 'call' AND ref_id = ${cid} AND kind = 'letter'`).split('\n');
  assert.match(entry, new RegExp(`^\\d+ out Avviso pubblico n\\. ${cid} \\(versione 1\\) firmato con firma qualificata CAdES`));
  assert.equal((await api('officer', 'GET', `/protocol/${entry.split(' ')[0]}`)).json().entry.ref_path, `/calls/${cid}`);
  const meta = (await api('officer', 'GET', `/protocol/${entry.split(' ')[0]}/metadata`)).json();
  assert.equal(meta.Verifica.FirmatoDigitalmente, true);
  assert.equal(meta.Verifica.MarcaturaTemporale, true);
  const back = await bytes(`${page}/${kept[0].id}`, 'controller');
  assert.ok(back.equals(readFileSync(join(dir, 'cades-t.p7m'))), 'kept as uploaded');
});

test('the trusted list (ETSI TS 119 612): its XML signature checked, directly or through the EU list of the lists; its granted CAs become the anchors', async () => {
  const dir = dirs[2];
  const before = (await api('admin', 'GET', '/admin/trust')).json();
  const load = (fields) => upload('admin', '/admin/trust', Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, file(dir, v)])));
  // Each refusal says why, and loads nothing.
  const refusals = [
    [{ list: 'tsl-tampered.xml', list_signer: 'tl.pem' }, 'signatures.tsl.bad_signature'],
    [{ list: 'tsl-other.xml', list_signer: 'tl.pem' }, 'signatures.tsl.bad_signature'],
    [{ list: 'tsl-expired.xml', list_signer: 'tl.pem' }, 'signatures.tsl.expired'],
    [{ list: 'tsl.xml' }, 'signatures.tsl.no_signer'],
    [{ list: 'lotl.xml', list_signer: 'lotl.pem' }, 'signatures.tsl.is_lotl'],
    [{ list: 'tsl.xml', lotl: 'lotl.xml', lotl_signer: 'tl.pem' }, 'signatures.tsl.lotl_bad_signature'],
    [{ list: 'tsl-other.xml', lotl: 'lotl.xml', lotl_signer: 'lotl.pem' }, 'signatures.tsl.bad_signature'],
    [{ list: 'trust.pem', list_signer: 'tl.pem' }, 'signatures.tsl.bad_xml'],
  ];
  for (const [fields, code] of refusals) {
    const res = await load(fields);
    assert.equal(res.status, 422, `${JSON.stringify(fields)}: ${res.text.slice(0, 200)}`);
    assert.equal(res.json().error.code, code, JSON.stringify(fields));
    assert.ok(res.json().error.message.length > 20);
  }
  // A DTD is refused before anything is expanded or fetched.
  const dtd = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><tsl:TrustServiceStatusList xmlns:tsl="http://uri.etsi.org/02231/v2#"><tsl:SchemeInformation><tsl:TSLType>&b;</tsl:TSLType><tsl:SchemeTerritory>IT</tsl:SchemeTerritory></tsl:SchemeInformation></tsl:TrustServiceStatusList>';
  const withDtd = await upload('admin', '/admin/trust', { list: { name: 'l.xml', bytes: Buffer.from(dtd) }, list_signer: file(dir, 'tl.pem') });
  assert.equal(withDtd.json().error.code, 'signatures.tsl.bad_xml');
  assert.equal((await upload('officer', '/admin/trust', { list: file(dir, 'tsl.xml'), list_signer: file(dir, 'tl.pem') })).status, 403);
  assert.deepEqual((await api('admin', 'GET', '/admin/trust')).json(), before, 'nothing changed');
  // Through the LOTL: the list's signer is the one the LOTL's pointer for IT names (not the PDF pointer's).
  const ok = await load({ list: 'tsl.xml', lotl: 'lotl.xml', lotl_signer: 'lotl.pem', crls: 'crl.pem' });
  assert.equal(ok.status, 200, ok.text.slice(0, 300));
  const page = (await api('admin', 'GET', '/admin/trust')).json();
  assert.equal(page.list.territory, 'IT');
  assert.equal(page.list.sequence, '42');
  assert.equal(page.list.lotl_sequence, '300');
  assert.equal(page.list.operator, "Agenzia per l'Italia Digitale (test)");
  assert.equal(page.list.is_stale, false);
  assert.equal(page.list.sha256, execFileSync('sha256sum', [join(dir, 'tsl.xml')]).toString().split(' ')[0]);
  // The withdrawn CA is not trusted: only the granted one is an anchor.
  assert.deepEqual(page.list.services.map((s) => s.kind), ['CA/QC']);
  assert.equal(page.anchors.length, 1);
  assert.match(page.anchors[0].subject, /^CA Qualificata di Prova/);
  const html = await (await fetch(BASE + '/admin/trust', { headers: { Authorization: `Bearer ${tokenFor('admin')}` } })).text();
  assert.match(html, /Agenzia per l&#39;Italia Digitale \(test\) \(IT\)|Agenzia per l'Italia Digitale \(test\) \(IT\)/);
  // What the list trusts decides: this run's signer passes, the withdrawn CA's does not.
  const verify = (name) => cli(['signature', 'verify', join(dir, name), '--trust-list', join(dir, 'tsl.xml'), '--trust-list-signer', join(dir, 'tl.pem'), '--crl', join(dir, 'crl.pem')]);
  assert.equal(verify('cades.p7m').status, 0);
  const stranger = verify('unknown.p7m');
  assert.equal(JSON.parse(stranger.stdout).signatures[0].sub_indication, 'NO_CERTIFICATE_CHAIN_FOUND');
  const tampered = cli(['signature', 'verify', join(dir, 'cades.p7m'), '--trust-list', join(dir, 'tsl-tampered.xml'), '--trust-list-signer', join(dir, 'tl.pem')]);
  assert.equal(tampered.status, 2);
  assert.match(tampered.stderr, /bad_signature/);
  // Anchors given by hand replace the list's, and the page says no list is loaded.
  const all = (name) => ({ name, bytes: Buffer.concat([dirs[2], dirs[3], join(work, 'minutes'), join(work, 'project'), join(work, 'call')].map((d) => file(d, name).bytes)) });
  assert.equal((await upload('admin', '/admin/trust', { anchors: all('trust.pem'), crls: all('crl.pem') })).status, 200);
  const back = (await api('admin', 'GET', '/admin/trust')).json();
  assert.equal(back.list, null);
  assert.equal(back.anchors.length, 5);
});
