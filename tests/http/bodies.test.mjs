// The bytes of request bodies all requests may hold at once (--bodies-mb): a coprog of the
// test's own with 3 MB. A client that announces 2 MB and sends it slowly holds its room; a
// second 2 MB upload meanwhile is told 503 with Retry-After and a message, before a byte of it
// is kept; once the first is gone, the same upload is let in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, Client, fetchFrom, sleep, startCoprog } from './helpers.mjs';

const DB = process.env.COPROG_DB;

test('uploads beyond the memory for bodies wait their turn: 503 with Retry-After, nothing kept', async () => {
  const env = { ...process.env };
  delete env.COPROG_TEST_CLOCK;
  const server = await startCoprog(['--db', DB, '--bodies-mb', '3'], { env });
  const PORT = server.port;
  const BASE2 = server.base;
  let slow;
  try {
    const twoMb = 'receipt=' + 'x'.repeat((2 << 20) - 8);
    slow = net.connect(PORT, '127.0.0.1');
    await new Promise((r) => slow.on('connect', r));
    slow.write(`POST /receipts/verify HTTP/1.1\r\nHost: 127.0.0.1:${PORT}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${twoMb.length}\r\n\r\n`);
    slow.write(twoMb.slice(0, 1000));
    await sleep(300);

    const busy = await fetch(`${BASE2}/receipts/verify`, { method: 'POST', body: twoMb,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' } });
    assert.equal(busy.status, 503);
    assert.equal(busy.headers.get('retry-after'), '10');
    const why = (await busy.json()).error;
    assert.equal(why.code, 'error.bodies_busy');
    assert.match(why.message, /molti file insieme: riprova tra qualche secondo/);
    assert.equal((await fetch(`${BASE2}/healthz`)).status, 200, 'requests without a body go on');
    const small = await fetch(`${BASE2}/receipts/verify`, { method: 'POST', body: 'receipt=x',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' } });
    assert.notEqual(small.status, 503, 'a small body still fits beside the slow one');

    slow.destroy();
    await sleep(300);
    const later = await fetch(`${BASE2}/receipts/verify`, { method: 'POST', body: twoMb,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' } });
    assert.notEqual(later.status, 503, 'room again once the slow upload is gone');
    await later.arrayBuffer();

    const bad = spawnSync(BIN, ['serve', '--db', DB, '--listen', '127.0.0.1:1', '--bodies-mb', '0'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--bodies-mb wants megabytes from 1 to 1048576/);
  } finally {
    slow?.destroy();
    await server.stop();
  }
});

// The review's case: about 40 connections from one address announce large bodies and send a
// byte now and then. They may take no more than one client's share, small forms and other
// clients' uploads go on meanwhile, and after the grace (10 s) each trickle is cut off and its
// memory given back.
test('slow uploads from one address cannot take the memory for bodies from everyone', async () => {
  const env = { ...process.env };
  delete env.COPROG_TEST_CLOCK;
  const server = await startCoprog(['--db', DB, '--bodies-mb', '64'], { env });
  const { port, base } = server;
  const slow = [];
  try {
    const twoMb = 'receipt=' + 'x'.repeat((2 << 20) - 8);
    for (let i = 0; i < 40; i++) {
      const s = net.connect({ port, host: '127.0.0.1', localAddress: '127.0.0.6' });
      await new Promise((r) => s.on('connect', r));
      s.gone = new Promise((r) => s.on("close", r));
      s.on('error', () => {});
      s.write(`POST /receipts/verify HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${twoMb.length}\r\n\r\nreceipt=`);
      slow.push(s);
    }
    await sleep(300);
    const post = (body, from) => fetchFrom(from, `${base}/receipts/verify`, { method: 'POST', body,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' } });
    assert.notEqual((await post('receipt=x', '127.0.0.1')).status, 503, 'a small form goes through');
    assert.notEqual((await post(twoMb, '127.0.0.7')).status, 503, "another client's upload goes through");
    assert.equal((await post(twoMb, '127.0.0.6')).status, 503, 'the trickling address has used its share');
    await sleep(11000);
    for (const s of slow) s.write('x');
    const closed = await Promise.race([Promise.all(slow.map((s) => s.gone)).then(() => true), sleep(5000).then(() => false)]);
    assert.ok(closed, 'every trickling upload is cut off after the grace');
    assert.notEqual((await post(twoMb, '127.0.0.6')).status, 503, 'its memory is given back');
  } finally {
    for (const s of slow) s.destroy();
    await server.stop();
  }
});

// Uploads wait in the spool (--spool-dir), not in memory: a 3 MB attachment sent with a length
// and another sent chunked (no length known in advance) come back byte for byte, and the spool
// keeps no file behind; a spool that cannot be written is said at start.
test('uploads go through the spool intact, with or without a length, and leave no file', async () => {
  const spool = mkdtempSync(join(tmpdir(), 'coprog-spool-'));
  const server = await startCoprog(['--db', DB, '--spool-dir', spool]);
  try {
    const ets = new Client(server.base);
    await ets.login('ets1');
    const open = (await ets.get('/calls', { accept: 'application/json' })).json().calls.find((c) => c.is_open && c.title.includes('demo aperto'));
    const k = (await ets.get(`/calls/${open.id}`, { accept: 'application/json' })).json().call;
    await ets.get(`/calls/${k.id}/proposals/new`);
    const pdf = (seed) => {
      const b = randomBytes(3 << 20);
      b.write(`%PDF-1.4\n% ${seed}\n`, 0);
      return b;
    };
    const pairs = (bytes) => [['area_id', String(k.areas[0].id)], ['title', 'Allegato grande'], ['summary', 's'], ['activities', 'a'],
      ['support_network', 'r'], ['sustainability', 'x'], ['requested', '100.000'], ['cofinancing', '12.000'],
      ['space_id', String(k.spaces[0]?.id ?? 0)], ['target_group', 'Inquilini'], ['target_participants', '10'],
      ['line_category', 'Personale'], ['line_description', ''], ['line_amount', '112.000'],
      [`document_${k.documents[0].id}`, { name: 'grande.pdf', type: 'application/pdf', bytes }]];
    const sent = [pdf('length'), pdf('chunked')];
    const ids = [];
    const withLength = await ets.multipart(`/calls/${k.id}/proposals`, pairs(sent[0]));
    assert.equal(withLength.status, 303, withLength.text.slice(0, 300));
    ids.push(Number(withLength.headers.get('location').split('/').pop()));
    // The same form as a stream: sent chunked, its length unknown until the end.
    const fd = new FormData();
    fd.append('_csrf', ets.csrf);
    for (const [name, v] of pairs(sent[1])) {
      if (typeof v === 'object') fd.append(name, new Blob([v.bytes], { type: v.type }), v.name);
      else fd.append(name, v);
    }
    const asStream = new Response(fd);
    const chunked = await ets.req('POST', `/calls/${k.id}/proposals`, {
      body: asStream.body, headers: { 'Content-Type': asStream.headers.get('content-type') } });
    assert.equal(chunked.status, 303, chunked.text.slice(0, 300));
    ids.push(Number(chunked.headers.get('location').split('/').pop()));
    for (const [i, id] of ids.entries()) {
      const p = (await ets.get(`/proposals/${id}`, { accept: 'application/json' })).json().proposal;
      assert.equal(p.attachments.length, 1);
      const file = await fetch(`${server.base}/proposals/${id}/attachments/${p.attachments[0].id}`, { headers: { Cookie: ets.cookieHeader() } });
      assert.equal(file.status, 200);
      assert.ok(Buffer.from(await file.arrayBuffer()).equals(sent[i]), `attachment ${i} intact`);
    }
    assert.deepEqual(readdirSync(spool), [], 'the spool keeps nothing');
    const bad = spawnSync(BIN, ['serve', '--db', DB, '--listen', '127.0.0.1:1', '--spool-dir', join(spool, 'missing')], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--spool-dir .*missing: No such file or directory/);
  } finally {
    await server.stop();
    rmSync(spool, { recursive: true, force: true });
  }
});
