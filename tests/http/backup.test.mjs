// coprog backup while tenants keep writing: the copy is consistent (every ticket with its
// opening event, the audit chain intact), holds what was there before the load began and no
// more than after it, and cannot be read by others. SQLite: the copy is a database file;
// PostgreSQL: pg_dump's custom format, restored with pg_restore into a new database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, Client, dbText, newTenant, sleep } from './helpers.mjs';

const DB = process.env.COPROG_DB;
const pg = !DB.startsWith('sqlite:');
const pgBin = pg ? join('/usr/lib/postgresql', readdirSync('/usr/lib/postgresql').sort().at(-1), 'bin') : '';
// postgresql://coprog@/NAME?host=DIR, as the suite uses them
const hostOf = (url) => decodeURIComponent(url.match(/[?&]host=([^&]+)/)[1]);

/** One number from the database's own CLI. */
const scalar = (url, sql) => Number(dbText(sql, url));

const run = (args) => new Promise((resolve) => {
  const p = spawn(BIN, args, { env: process.env });
  let err = '';
  p.stderr.on('data', (d) => { err += d; });
  p.on('close', (status) => resolve({ status, err }));
});

test('an online backup under write load is consistent and restores with an intact audit chain', async () => {
  const officer = new Client();
  await officer.login('officer');
  const writers = [new Client(), new Client(), new Client()];
  for (const w of writers) await newTenant(officer, w);
  const cat = (await writers[0].get('/tickets', { accept: 'application/json' })).json().categories[0];
  for (const w of writers) await w.get('/tickets');
  const before = scalar(DB, 'SELECT COUNT(*) FROM tickets');
  let writing = true;
  let written = 0;
  const load = Promise.all(writers.map(async (w) => {
    while (writing) {
      const res = await w.post('/tickets', { category_id: String(cat.id), description: 'Carico durante il backup' }, { accept: 'application/json' });
      assert.equal(res.status, 200);
      written += 1;
    }
  }));
  await sleep(300);
  const dir = mkdtempSync(join(tmpdir(), 'coprog-backup-'));
  try {
    const out = join(dir, pg ? 'copia.dump' : 'copia.db');
    const b = await run(['backup', '--db', DB, '--out', out]);
    await sleep(200);
    writing = false;
    await load;
    assert.equal(b.status, 0, b.err);
    assert.equal(statSync(out).mode & 0o777, 0o600, 'readable by its owner only');
    assert.ok(written > 0, 'the load wrote while the backup ran');
    const after = scalar(DB, 'SELECT COUNT(*) FROM tickets');
    let copy = `sqlite:${out}`;
    if (pg) {
      const name = `restored_${Date.now()}`;
      const host = hostOf(DB);
      assert.equal(spawnSync(join(pgBin, 'createdb'), ['-h', host, '-U', 'coprog', name]).status, 0);
      const r = spawnSync(join(pgBin, 'pg_restore'), ['-h', host, '-U', 'coprog', '-d', name, '--no-owner', out], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      copy = `postgresql://coprog@/${name}?host=${host}`;
    }
    const n = scalar(copy, 'SELECT COUNT(*) FROM tickets');
    assert.ok(n >= before && n <= after, `${before} <= ${n} <= ${after}`);
    assert.equal(scalar(copy, "SELECT COUNT(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = t.id AND e.kind = 'created')"), 0, 'no half-written ticket');
    const v = spawnSync(BIN, ['audit', 'verify', '--db', copy], { encoding: 'utf8' });
    assert.equal(v.status, 0, v.stderr);
    assert.match(v.stdout, /audit log intact/);
    const again = await run(['backup', '--db', DB, '--out', out]);
    assert.equal(again.status, 1, 'an existing file is never overwritten');
    assert.match(again.err, /exists already/);
  } finally {
    writing = false;
    rmSync(dir, { recursive: true, force: true });
  }
});
