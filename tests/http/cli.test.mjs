// The command line: validators, audit verification on a tampered copy, user add errors, the
// housing import with progress.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, cli } from './helpers.mjs';

const run = (args, env = {}) => spawnSync(BIN, args, { encoding: 'utf8', env: { ...process.env, ...env } });

test('coprog validate: exit 0 with the normalised value, 1 with the reason', () => {
  const ok = run(['validate', 'iban', 'it60 x054 2811 1010 0000 0123 456']);
  assert.equal(ok.status, 0);
  assert.equal(ok.stdout.trim(), 'IT60X0542811101000000123456');
  const cf = run(['validate', 'cf', 'RSSMRA85T10A562S']);
  assert.equal(cf.status, 0);
  const bad = run(['validate', 'cf', 'RSSMRA85T10A562T']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /check character/);
  assert.equal(run(['validate', 'piva', '01199250158']).status, 0);
  assert.equal(run(['validate', 'cup', 'B41H20000000001']).status, 0);
  assert.equal(run(['validate', 'cig', '1234567CE8']).status, 1);
  assert.equal(run(['validate', 'nope', 'x']).status, 2);
});

test('coprog audit verify names the first altered row of a tampered database', { skip: !hasSqlite3() }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'coprog-audit-'));
  try {
    const db = `sqlite:${join(dir, 'a.db')}`;
    assert.equal(run(['demo', '--db', db, '--password', 'a-long-password']).status, 0);
    assert.equal(run(['demo', '--db', db, '--password', 'a-long-password']).status, 0, 'demo again: passwords reset');
    const good = run(['audit', 'verify', '--db', db]);
    assert.equal(good.status, 0, good.stderr);
    assert.match(good.stdout, /intact: \d+ rows/);
    const sql = 'DROP TRIGGER audit_log_no_update; UPDATE audit_log SET action = \'forged\' WHERE seq = 1;';
    assert.equal(spawnSync('sqlite3', [join(dir, 'a.db'), sql]).status, 0);
    const broken = run(['audit', 'verify', '--db', db]);
    assert.equal(broken.status, 1);
    assert.match(broken.stderr, /broken at row 1: row 1 was altered/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('coprog user add refuses bad input with a clear reason', () => {
  const dup = cli(['user', 'add', '--email', 'officer@demo.invalid', '--name', 'X'], 'long-enough-password\n');
  assert.equal(dup.status, 1);
  assert.match(dup.stderr, /already registered/);
  const short = cli(['user', 'add', '--email', 'new-user@demo.invalid', '--name', 'X'], 'short\n');
  assert.equal(short.status, 1);
  assert.match(short.stderr, /10 to 256 characters/);
  const city = cli(['user', 'add', '--email', 'new-user@demo.invalid', '--name', 'X', '--city', '999999'], 'long-enough-password\n');
  assert.equal(city.status, 1);
  assert.match(city.stderr, /no city with ISTAT code 999999/);
});

function hasSqlite3() {
  return spawnSync('sqlite3', ['-version']).status === 0;
}

test('coprog housing import: progress on stderr, codes in a private file; a bad file imports nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coprog-import-'));
  try {
    const tag = Date.now().toString(36).toUpperCase();
    const head = 'building_code;address;neighbourhood;municipio;managing_body;unit_code;full_name;tax_code\n';
    const rows = Array.from({ length: 2500 }, (_, i) => `CLI-${tag}-${Math.floor(i / 25)};via Riga ${Math.floor(i / 25)};Prova CLI;4;ALER (prova);U${i};Persona ${i};`).join('\n');
    writeFileSync(join(dir, 'ok.csv'), head + rows + '\n');
    const codes = join(dir, 'codes.csv');
    const ok = cli(['housing', 'import', '--city', '015146', '--file', join(dir, 'ok.csv'), '--out', codes]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stderr, /residents written: 1000 of 2500 \(40%\)/);
    assert.match(ok.stderr, /residents written: 2500 of 2500 \(100%\)/);
    assert.match(ok.stderr, /imported 2500 rows .*100 buildings and 2500 units new, 2500 residents invited/);
    assert.equal(statSync(codes).mode & 0o777, 0o600);
    const lines = readFileSync(codes, 'utf8').trim().split('\r\n');
    assert.equal(lines.length, 2501);
    assert.equal(lines[0], 'line;full_name;building_code;unit_code;invite_code', 'the same columns as the download from the page');
    assert.match(lines[1], /^2;Persona 0;CLI-.*-0;U0;[A-Z2-9]{10}$/);
    const again = cli(['housing', 'import', '--city', '015146', '--file', join(dir, 'ok.csv'), '--out', codes]);
    assert.equal(again.status, 1, 'an existing codes file is never overwritten');
    writeFileSync(join(dir, 'bad.csv'), head + `CLI-${tag}-X;;Prova CLI;4;ALER;U1;Nome;BADCF\n`);
    const bad = cli(['housing', 'import', '--city', '015146', '--file', join(dir, 'bad.csv'), '--out', join(dir, 'c2.csv')]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /line 2, tax_code: Il codice fiscale non è valido/);
    assert.match(bad.stderr, /nothing imported/);
    assert.ok(!existsSync(join(dir, 'c2.csv')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('coprog demo --scale builds a multiple of Milan\'s stock through the import, and refuses others', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coprog-scale-'));
  try {
    const db = `sqlite:${join(dir, 'scale.db')}`;
    const r = run(['demo', '--db', db, '--password', 'scale-pw-12345', '--scale', '0.01']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Milan scale x0\.01: 386 units, 472 residents imported/);
    assert.match(r.stdout, /tickets over the last 12 months\s+386\n/);
    const again = run(['demo', '--db', db, '--password', 'scale-pw-12345', '--scale', '0.01']);
    assert.equal(again.status, 0);
    assert.doesNotMatch(again.stdout, /Milan scale/, 'the stock is added only when the demo is created');
    for (const bad of ['1000', '0', 'rome', '2x']) {
      const b = run(['demo', '--db', `sqlite:${join(dir, 'bad.db')}`, '--scale', bad]);
      assert.equal(b.status, 2, bad);
      assert.match(b.stderr, /--scale is "milan" or a multiple of it from 0\.01 to 100/);
    }
    assert.equal(existsSync(join(dir, 'bad.db')), false, 'nothing created on a bad --scale');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
