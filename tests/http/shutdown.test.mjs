// SIGTERM: the server stops accepting, finishes the request in flight, and exits 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { BIN, DB } from './helpers.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitHealthy(port) {
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return; } catch { /* not yet */ }
    await sleep(100);
  }
  throw new Error('server did not start');
}

test('a request in flight is answered after SIGTERM, then the server exits 0', async () => {
  const port = 40000 + Math.floor(Math.random() * 20000);
  const proc = spawn(BIN, ['serve', '--db', DB, '--listen', `127.0.0.1:${port}`], { stdio: 'ignore' });
  const exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
  await waitHealthy(port);

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
});

test('headers larger than the limit are refused, not truncated', async () => {
  const { BASE } = await import('./helpers.mjs');
  const res = await fetch(`${BASE}/`, { headers: { 'X-Big': 'a'.repeat(100 * 1024) } });
  assert.ok(res.status === 431 || res.status === 413, `status ${res.status}`);
});
