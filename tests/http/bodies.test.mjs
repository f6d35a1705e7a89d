// The bytes of request bodies all requests may hold at once (--body-memory-mb): a coprog of the
// test's own with 3 MB. A client that announces 2 MB and sends it slowly holds its room; a
// second 2 MB upload meanwhile is told 503 with Retry-After and a message, before a byte of it
// is kept; once the first is gone, the same upload is let in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { BIN, fetchFrom, sleep, startCoprog } from './helpers.mjs';

const DB = process.env.COPROG_DB;

test('uploads beyond the memory for bodies wait their turn: 503 with Retry-After, nothing kept', async () => {
  const env = { ...process.env };
  delete env.COPROG_TEST_CLOCK;
  const server = await startCoprog(['--db', DB, '--body-memory-mb', '3'], { env });
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

    const bad = spawnSync(BIN, ['serve', '--db', DB, '--listen', '127.0.0.1:1', '--body-memory-mb', '0'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--body-memory-mb wants megabytes from 1 to 1048576/);
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
  const server = await startCoprog(['--db', DB, '--body-memory-mb', '64'], { env });
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
