// SIGTERM: the server stops accepting, finishes the request in flight, and exits 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { DB, startCoprog } from './helpers.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('a request in flight is answered after SIGTERM, then the server exits 0', async () => {
  const { proc, port, exited, stop } = await startCoprog(['--db', DB]);
  try {
    const body = 'email=x%40y.it&password=' + 'p'.repeat(2000);
    const sock = net.connect(port, '127.0.0.1');
    await new Promise((r) => sock.on('connect', r));
    let answer = '';
    sock.on('data', (d) => { answer += d; });
    const closed = new Promise((r) => sock.on('close', r));
    sock.write(`POST /login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: application/json\r\n` +
      `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`);
    sock.write(body.slice(0, 1000)); // half the body: the request is in flight
    await sleep(200);
    proc.kill('SIGTERM');
    await sleep(300);
    assert.equal(proc.exitCode, null, 'the server waits for the request in flight');
    const refused = await new Promise((resolve) => {
      const probe = net.connect(port, '127.0.0.1');
      probe.on('connect', () => { probe.destroy(); resolve(false); });
      probe.on('error', (e) => resolve(e.code === 'ECONNREFUSED'));
    });
    assert.ok(refused, 'no new connections are accepted');
    sock.write(body.slice(1000));
    await closed;
    assert.match(answer, /^HTTP\/1\.1 403/, 'the request got its answer (403: no CSRF token)');
    assert.equal(await exited, 0);
  } finally {
    await stop(); // whatever failed above, nothing outlives the test
  }
});

test('headers larger than the limit are refused, not truncated', async () => {
  const { BASE } = await import('./helpers.mjs');
  const res = await fetch(`${BASE}/`, { headers: { 'X-Big': 'a'.repeat(100 * 1024) } });
  assert.ok(res.status === 431 || res.status === 413, `status ${res.status}`);
});
