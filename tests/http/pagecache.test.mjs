// The page cache for anonymous readers of public pages (web/pagecache.h), on two coprog
// instances of the test's own sharing one demo database (real clock: the suite's server runs
// with the test clock, which turns the cache off). A kept page is identical to the rendered
// one; signed-in readers, query strings, sessions and flash messages never get it; a change
// shows at once on the instance that made it and within the time to live on the other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, sleep, startCoprog } from './helpers.mjs';


async function start(db, ms) {
  const env = { ...process.env };
  delete env.COPROG_TEST_CLOCK;
  return startCoprog(['--db', db, '--page-cache-ms', String(ms)], { env });
}

async function get(port, path, headers = {}) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers, redirect: 'manual' });
  return { status: res.status, hit: res.headers.get('x-coprog-cache') === 'hit', type: res.headers.get('content-type'), text: await res.text() };
}

test('anonymous readers of public pages get kept copies; nobody else does; changes show', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'coprog-pagecache-'));
  const db = `sqlite:${join(dir, 'cache.db')}`;
  const servers = [];
  try {
    assert.equal(spawnSync(BIN, ['demo', '--db', db, '--password', 'cache-pw-12345']).status, 0);
    const token = (email) => spawnSync(BIN, ['token', 'create', '--db', db, '--email', email], { encoding: 'utf8' }).stdout.trim();
    const ets = token('ets1@demo.invalid');
    const officer = token('officer@demo.invalid');
    servers.push(await start(db, 60000));
    servers.push(await start(db, 3000));
    const [A, B] = servers.map((x) => x.port);
    const calls = JSON.parse((await get(A, '/calls', { Accept: 'application/json' })).text).calls;
    const open = calls.find((k) => k.is_open);
    const page = `/calls/${open.id}`;

    const first = await get(A, page);
    const second = await get(A, page);
    assert.equal(first.hit, false);
    assert.equal(second.hit, true, 'the second anonymous read comes from the cache');
    assert.equal(second.text, first.text, 'byte for byte the page rendered');
    assert.equal(second.type, 'text/html; charset=utf-8');
    const json1 = await get(A, page, { Accept: 'application/json' });
    const json2 = await get(A, page, { Accept: 'application/json' });
    assert.equal(json1.hit, false, 'JSON is kept apart from HTML');
    assert.equal(json2.hit, true);
    assert.equal(json2.type, 'application/json');
    assert.equal(JSON.parse(json2.text).call.id, open.id);
    const en1 = await get(A, page, { Cookie: 'coprog_lang=en' });
    const en2 = await get(A, page, { Cookie: 'coprog_lang=en' });
    assert.equal(en1.hit, false, 'each language is kept apart');
    assert.match(en2.text, /<html lang="en">/);
    assert.equal(en2.hit, true);
    assert.match((await get(A, page)).text, /<html lang="it">/);

    for (const headers of [{ Authorization: `Bearer ${ets}` }, { Cookie: 'coprog_session=whatever' }, { Cookie: 'coprog_flash=login.welcome' }]) {
      await get(A, page, headers);
      const again = await get(A, page, headers);
      assert.equal(again.hit, false, `never kept for ${JSON.stringify(headers)}`);
    }
    await get(A, `${page}?lang=it`);
    assert.equal((await get(A, `${page}?lang=it`)).hit, false, 'a query string is never kept');
    await get(A, '/login');
    assert.equal((await get(A, '/login')).hit, false, 'a page with a form is not a cached route');

    // A question answered through A: A shows it at once, B only after its 3 s.
    await get(B, page);
    assert.equal((await get(B, page)).hit, true);
    const asked = await fetch(`http://127.0.0.1:${A}${page}/questions`, { method: 'POST', headers: { Authorization: `Bearer ${ets}`, 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify({ question: 'Lo spazio è aperto la sera?' }) });
    assert.equal(asked.status, 200, await asked.text());
    const mine = JSON.parse((await get(A, page, { Authorization: `Bearer ${officer}`, Accept: 'application/json' })).text).call.questions;
    const q = mine.find((x) => x.question === 'Lo spazio è aperto la sera?');
    const answer = 'Sì, fino alle 22 (risposta per la prova della cache).';
    const answered = await fetch(`http://127.0.0.1:${A}${page}/questions/${q.id}/answer`, { method: 'POST', headers: { Authorization: `Bearer ${officer}`, 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify({ answer }) });
    assert.equal(answered.status, 200, await answered.text());
    const fresh = await get(A, page);
    assert.equal(fresh.hit, false, 'a change on this instance makes every kept page stale');
    assert.ok(fresh.text.includes('fino alle 22'), 'the answer is on the page at once');
    const stale = await get(B, page);
    assert.equal(stale.hit, true);
    assert.ok(!stale.text.includes('fino alle 22'), 'the other instance keeps its copy for its time to live');
    await sleep(3100);
    const later = await get(B, page);
    assert.equal(later.hit, false);
    assert.ok(later.text.includes('fino alle 22'), 'and shows the change after it');

    // Turned off: never kept. A bad value is refused with the reason.
    servers.push(await start(db, 0));
    await get(servers[2].port, page);
    assert.equal((await get(servers[2].port, page)).hit, false);
    const bad = spawnSync(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:1', '--page-cache-ms', 'soon'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--page-cache-ms wants milliseconds from 0 \(off\) to 60000/);
  } finally {
    await Promise.all(servers.map((x) => x.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
});
