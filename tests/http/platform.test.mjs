// The platform: health, negotiation, errors, headers, static files, limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import { BASE, ENGINE, Client } from './helpers.mjs';

test('healthz answers JSON with the database status', async () => {
  const res = await fetch(`${BASE}/healthz`);
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.status, 'ok');
  assert.equal(body.database.engine, ENGINE);
  assert.ok(body.database.schema_version >= 2);
});

test('the home page is HTML in Italian by default, JSON on request', async () => {
  const c = new Client();
  const html = await c.get('/');
  assert.equal(html.status, 200);
  assert.match(html.headers.get('content-type'), /text\/html/);
  assert.match(html.text, /<html lang="it">/);
  assert.match(html.text, /bootstrap-italia\.min\.css\?v=[0-9a-f]{12}/);
  assert.match(html.text, /Vai al contenuto principale/);
  assert.match(html.text, /Comune di Milano/);
  const json = await c.get('/', { accept: 'application/json' });
  assert.match(json.headers.get('content-type'), /application\/json/);
  assert.equal(json.json().signed_in, false);
  assert.ok(Array.isArray(json.json().cards));
});

test('the language switch sets a cookie and English follows', async () => {
  const c = new Client();
  const en = await c.get('/?lang=en');
  assert.match(en.text, /<html lang="en">/);
  assert.match(en.text, /Skip to main content/);
  assert.equal(c.cookies.get('coprog_lang'), 'en');
  const again = await c.get('/');
  assert.match(again.text, /<html lang="en">/);
});

test('unknown pages answer 404, wrong methods 405, in HTML and JSON', async () => {
  const c = new Client();
  const nf = await c.get('/no/such/page');
  assert.equal(nf.status, 404);
  assert.match(nf.text, /La pagina richiesta non esiste/);
  const nfj = await c.get('/no/such/page', { accept: 'application/json' });
  assert.equal(nfj.json().error.status, 404);
  const wm = await c.req('DELETE', '/');
  assert.equal(wm.status, 405);
});

test('every response carries the security headers', async () => {
  for (const path of ['/', '/login', '/healthz', '/nope']) {
    const res = await fetch(BASE + path);
    const csp = res.headers.get('content-security-policy');
    assert.match(csp, /script-src 'self'/, path);
    assert.match(csp, /frame-ancestors 'none'/, path);
    assert.doesNotMatch(csp, /unsafe-inline/, path);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('referrer-policy'), 'same-origin');
  }
});

test('pages contain no inline script or style', async () => {
  const c = new Client();
  for (const path of ['/', '/login']) {
    const { text } = await c.get(path);
    assert.doesNotMatch(text, /<script(?![^>]*\bsrc=)[^>]*>/, path);
    assert.doesNotMatch(text, /\sstyle="/, path);
    assert.doesNotMatch(text, /\son[a-z]+="/, path);
  }
});

test('static files: ETag and 304, long cache only for versioned URLs', async () => {
  const url = `${BASE}/static/bi/css/bootstrap-italia.min.css`;
  const first = await fetch(url);
  assert.equal(first.status, 200);
  assert.match(first.headers.get('content-type'), /text\/css/);
  const etag = first.headers.get('etag');
  assert.ok(etag);
  assert.equal(first.headers.get('cache-control'), 'no-cache');
  const again = await fetch(url, { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  const home = await (await fetch(`${BASE}/`)).text();
  const v = home.match(/\?v=([0-9a-f]{12})/)[1];
  const versioned = await fetch(`${url}?v=${v}`);
  assert.match(versioned.headers.get('cache-control'), /max-age=31536000, immutable/);
  assert.equal((await fetch(`${BASE}/static/bi/js/bootstrap-italia.bundle.min.js`)).status, 200);
  // The fonts the site's stylesheet declares come from here, kept long, with an ETag.
  const css = await (await fetch(`${BASE}/static/css/fonts.css`)).text();
  const font = css.match(/url\('(\/static\/bi\/fonts\/Titillium_Web\/[^']+\.woff2)'\)/)[1];
  const f = await fetch(`${BASE}${font}`);
  assert.equal(f.status, 200);
  assert.equal(f.headers.get('content-type'), 'font/woff2');
  assert.match(f.headers.get('cache-control'), /max-age=31536000/);
  assert.ok(f.headers.get('etag'));
  assert.doesNotMatch(css, /https?:\/\//, 'no request leaves the site');
  assert.equal((await fetch(`${BASE}/static/css/app.css`)).status, 200);
  assert.equal((await fetch(`${BASE}/static/../Makefile`)).status, 404);
  assert.equal((await fetch(`${BASE}/static/nothing.css`)).status, 404);
});

test('an oversized body gets 413 with a message, not a truncation', async () => {
  const big = 'x'.repeat(26 * 1024 * 1024);
  const res = await fetch(`${BASE}/login`, {
    method: 'POST', body: `email=${big}`, headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
  });
  assert.equal(res.status, 413);
  const body = await res.json();
  assert.match(body.error.message, /25 MB/);
});

test('malformed input is refused with 400 and a reason', async () => {
  const c = new Client();
  await c.get('/login');
  const bad = await c.req('POST', '/login', {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, accept: 'application/json',
    body: Buffer.from([0x65, 0x3d, 0xc3, 0x28]),
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.json().error.code, 'error.not_utf8');
  const badjson = await c.req('POST', '/login', { headers: { 'Content-Type': 'application/json' }, body: '{"email":', accept: 'application/json' });
  assert.equal(badjson.status, 400);
  assert.equal(badjson.json().error.code, 'error.bad_json');
  const other = await c.req('POST', '/login', { headers: { 'Content-Type': 'text/plain' }, body: 'hi', accept: 'application/json' });
  assert.equal(other.status, 415);
});

test('hostile shapes get their status and message: fields, parts, nesting, traversal', async () => {
  const c = new Client();
  await c.get('/login');
  const many = Array.from({ length: 501 }, (_, i) => `f${i}=x`).join('&');
  const fields = await c.req('POST', '/login', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: many, accept: 'application/json' });
  assert.equal(fields.status, 413);
  assert.equal(fields.json().error.code, 'error.too_many_fields');
  assert.match(fields.json().error.message, /al massimo 500/);
  const parts = await c.multipart('/login', Array.from({ length: 21 }, (_, i) => [`file${i}`, { name: `f${i}.pdf`, type: 'application/pdf', bytes: Buffer.from('%PDF-1.4') }]), { accept: 'application/json' });
  assert.equal(parts.status, 413);
  assert.equal(parts.json().error.code, 'error.too_many_fields');
  const deep = '['.repeat(100000) + ']'.repeat(100000);
  const nested = await c.req('POST', '/login', { headers: { 'Content-Type': 'application/json' }, body: deep, accept: 'application/json' });
  assert.equal(nested.status, 400);
  assert.equal(nested.json().error.code, 'error.bad_json');
  for (const path of ['/static/%2e%2e/Makefile', '/static/..%2fMakefile', '/static/css/../../coprog', '/%2e%2e/%2e%2e/etc/passwd']) {
    const res = await fetch(BASE + path);
    assert.equal(res.status, 404, path);
    assert.doesNotMatch(await res.text(), /^(CC|root:)/m, path);
  }
  const badPath = await fetch(`${BASE}/calls/%C3%28`, { headers: { Accept: 'application/json' } });
  assert.equal(badPath.status, 400, 'malformed UTF-8 in the path');
});

/** Sends raw bytes to the server under test (TLS when it is behind nginx) and returns all it
 * answers before closing, or what came within ms. */
function raw(bytes, ms = 3000) {
  const u = new URL(BASE);
  return new Promise((resolve) => {
    const opts = { host: u.hostname, port: Number(u.port), rejectUnauthorized: false };
    const s = u.protocol === 'https:' ? tls.connect(opts) : net.connect(opts);
    let out = '';
    const done = () => { clearTimeout(t); s.destroy(); resolve(out); };
    const t = setTimeout(done, ms);
    s.on(u.protocol === 'https:' ? 'secureConnect' : 'connect', () => s.write(bytes));
    s.on('data', (d) => { out += d.toString('latin1'); });
    s.on('close', done);
    s.on('error', done);
  });
}
const statuses = (text) => [...text.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => Number(m[1]));

test('request framing is strict: no second request hides in a body', async () => {
  const host = new URL(BASE).host;
  // Content-Length and chunked at once, a second request after the chunked end.
  const smuggle = await raw(`POST /login HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 64\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
  assert.deepEqual(statuses(smuggle), [400], smuggle.slice(0, 200));
  const twoLengths = await raw(`POST /login HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef`);
  assert.deepEqual(statuses(twoLengths), [400]);
  const coding = await raw(`POST /login HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n`);
  assert.equal(statuses(coding).length, 1, 'an unknown coding gets an answer');
  assert.ok([400, 501].includes(statuses(coding)[0]), coding.slice(0, 100));
  const odd = await raw(`POST /login HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: identity\r\n\r\n`);
  assert.ok([400, 501].includes(statuses(odd)[0]), odd.slice(0, 100));
});

test('an address with too many parameters is answered at once, 414 with a message', async () => {
  const q = Array.from({ length: 1000 }, (_, i) => `a${i}=1`).join('&');
  const t0 = Date.now();
  const res = await fetch(`${BASE}/calls?${q}`, { headers: { Accept: 'application/json' } });
  assert.equal(res.status, 414);
  assert.match((await res.json()).error.message, /al massimo 200/);
  assert.ok(Date.now() - t0 < 2000, 'no wait for a timeout');
  const fine = Array.from({ length: 200 }, (_, i) => `a${i}=1`).join('&');
  assert.equal((await fetch(`${BASE}/calls?${fine}`)).status, 200);
});

test('/favicon.ico, which browsers ask for whatever the page names, leads to the SVG icon', async () => {
  const res = await fetch(`${BASE}/favicon.ico`, { redirect: 'manual' });
  assert.equal(res.status, 301);
  assert.equal(res.headers.get('location'), '/static/favicon.svg');
  const icon = await fetch(`${BASE}/favicon.ico`);
  assert.equal(icon.status, 200);
  assert.match(icon.headers.get('content-type'), /image\/svg\+xml/);
});
