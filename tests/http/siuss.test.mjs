// The SIUSS export (issue 16): the benefits each person received in a period, one line each in
// INPS's record of social benefits, under the codes the city set, the person a pseudonym; no
// name, codice fiscale or address, and every export logged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BASE, api, dbText, tokenFor } from './helpers.mjs';

const tag = () => randomBytes(3).toString('hex');
const HEAD = ['Pseudonimo', 'AnnoNascita', 'Genere', 'CategoriaETHOS', 'CodicePrestazione', 'DenominazionePrestazione', 'ProtocolloDomanda', 'DataInizioPrestazione', 'DataFinePrestazione', 'PresenzaProvaMezzi', 'CaratterePrestazione', 'PresaCarico', 'AreaUtenza'];

async function open(fields) {
  const res = await api('social', 'POST', '/people', fields);
  assert.equal(res.status, 200, res.text);
  return res.json().person_id;
}

async function exported(who, query = '') {
  const res = await fetch(`${BASE}/people/siuss.csv${query}`, { headers: { Authorization: `Bearer ${tokenFor(who)}` } });
  const text = await res.text();
  return { res, text, rows: res.status === 200 ? text.trim().split('\r\n').map((l) => l.split(',')) : [] };
}

test('the SIUSS export: a line per benefit under the city\'s codes, the person a pseudonym, nothing naming them', async () => {
  const family = `Siuss${tag()}`, hiddenFamily = `Riservata${tag()}`;
  const id = await open({ given_name: 'Ottavio', family_name: family, birth_date: '1968-03-09', gender: 'man', ethos: 'public_space' });
  const hidden = await open({ given_name: 'Rita', family_name: hiddenFamily, birth_year: 1990, gender: 'woman', restricted: true });
  for (const p of [id, hidden]) assert.equal((await api('social', 'POST', `/people/${p}/pathway`, { review_days: 30 })).status, 200);
  const pathwayOf = async (p) => (await api('social', 'GET', `/people/${p}/pathway`)).json().pathway.id;
  const [pw, pwHidden] = [await pathwayOf(id), await pathwayOf(hidden)];
  const contact = await api('social', 'POST', `/people/${id}/street-contacts`, { client_key: randomBytes(16).toString('hex'), place: `Piazza ${family}`, needs: ['food'], offered: 'Tè caldo' });
  assert.equal(contact.status, 200, contact.text);
  const rid = (await api('social', 'POST', `/people/${id}/address`)).json().request_id;
  assert.equal((await api('registry', 'POST', `/registry/${rid}/decide`, { decision: 'grant' })).status, 200);
  const mails = [];
  for (const sender of [`Mittente ${family}`, 'Comune']) mails.push((await api('social', 'POST', `/people/${id}/mail`, { kind: 'letter', sender })).json().mail_id);

  // The page: each kind with the code the city reports it under and the period's benefits.
  const page = (await api('officer', 'GET', '/people/siuss')).json();
  const kind = (k) => page.kinds.find((x) => x.kind === k);
  assert.deepEqual(page.kinds.map((k) => k.kind), ['charge', 'shelter', 'meal', 'shower', 'street', 'housing', 'address', 'mail']);
  assert.equal(kind('charge').has_code, true, 'the demo city set its codes');
  assert.ok(kind('charge').benefits >= 2 && kind('mail').benefits >= 1 && kind('street').benefits >= 1);
  assert.equal(page.is_officer, true);

  // An officer sets a code, checked as INPS's table writes them; no one else does.
  const bad = await api('officer', 'POST', '/people/siuss/codes', { kind: 'nap', code: 'A1', name: 'corto' });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.json().errors.map((e) => e.field).sort(), ['code', 'kind', 'name']);
  assert.equal((await api('officer', 'POST', '/people/siuss/codes', { kind: 'shower', code: 'A1_02', name: 'Servizi igienici prova' })).status, 422, 'capitals, digits and dots');
  const accents = await api('officer', 'POST', '/people/siuss/codes', { kind: 'shower', code: 'E1.02', name: 'àèìòùàèìò' });
  assert.deepEqual(accents.json().errors?.map((e) => e.field), ['name'], 'nine characters, whatever their bytes');
  assert.equal((await api('social', 'POST', '/people/siuss/codes', { kind: 'shower', code: 'E1.02', name: 'Servizi igienici prova' })).status, 403);
  assert.equal((await api('officer', 'POST', '/people/siuss/codes', { kind: 'shower', code: 'e1.02', name: 'Servizi igienici prova' })).status, 200);
  const shower = (await api('social', 'GET', '/people/siuss')).json().kinds.find((x) => x.kind === 'shower');
  assert.deepEqual([shower.code, shower.name, shower.has_code], ['E1.02', 'Servizi igienici prova', true]);
  for (const who of ['ets1', 'registry', 'resident1']) {
    assert.equal((await api(who, 'GET', '/people/siuss')).status, 403, who);
    assert.equal((await exported(who)).res.status, 403, who);
  }

  // The export: the record's columns, one line per benefit, the person under one pseudonym.
  const logged = Number(dbText("SELECT count(*) FROM audit_log WHERE action = 'siuss_exported'"));
  const { res, text, rows } = await exported('social');
  assert.equal(res.status, 200, text);
  assert.match(res.headers.get('content-type'), /^text\/csv/);
  assert.match(res.headers.get('content-disposition'), /attachment; filename="siuss-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv"/);
  assert.deepEqual(rows[0], HEAD);
  assert.ok(rows.slice(1).every((r) => r.length === HEAD.length), 'every line has every column');
  const line = Object.fromEntries(rows.slice(1).map((r) => [r[6], r]));
  const mine = [`charge-${pw}`, `street-${contact.json().contact_id}`, `address-${rid}`, `mail-${Math.min(...mails)}`].map((p) => line[p]);
  mine.forEach((r, i) => assert.ok(r, `benefit ${i} exported`));
  assert.equal(new Set(mine.map((r) => r[0])).size, 1, 'one pseudonym for the person');
  assert.match(mine[0][0], /^P[0-9a-f]{16}$/);
  for (const r of mine) {
    assert.deepEqual(r.slice(1, 4), ['1968', '1', 'public_space']);
    assert.match(r[4], /^[A-Z0-9.]{5,10}$/);
    assert.ok(r[5].length >= 10);
    assert.match(r[7], /^\d{4}-\d{2}-\d{2}$/);
    assert.deepEqual([r[9], r[11], r[12]], ['4', '1', '3'], 'no means test, in charge, poverty');
  }
  assert.equal(mine[0][8], '', 'an open pathway has no end yet');
  assert.equal(mine[2][10], '2', 'a registration is granted once');
  assert.equal(mine[3][10], '1');
  assert.equal(rows.filter((r) => r[0] === mine[0][0] && r[6].startsWith('mail-')).length, 1, 'mail held: one benefit over the period');
  const other = line[`charge-${pwHidden}`];
  assert.ok(other, 'a restricted record is counted too');
  assert.notEqual(other[0], mine[0][0]);
  assert.deepEqual(other.slice(1, 4), ['1990', '2', '']);
  for (const s of [family, hiddenFamily, 'Ottavio', 'Rita', 'Comune']) assert.ok(!text.includes(s), `${s} left out`);
  assert.equal(Number(dbText("SELECT count(*) FROM audit_log WHERE action = 'siuss_exported'")), logged + 1, 'the export is logged');

  // The same pseudonym the next time; another period, none of these benefits; a wrong one, 422.
  assert.equal((await exported('officer')).rows.find((r) => r[6] === `charge-${pw}`)[0], mine[0][0]);
  const old = await exported('officer', '?from=2020-01-01&to=2020-01-31');
  assert.equal(old.res.status, 200);
  assert.ok(!old.rows.some((r) => r[6] === `charge-${pw}` || r[6] === `address-${rid}`));
  assert.equal((await exported('officer', '?from=2026-02-01&to=2025-01-01')).res.status, 422);
});
