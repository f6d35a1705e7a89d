// Shared by the HTTP tests: the server under test is started by scripts/test.sh, once per
// database engine, and described by these variables.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';

export const BASE = process.env.COPROG_URL;
export const DB = process.env.COPROG_DB;
export const BIN = process.env.COPROG_BIN || './coprog';
export const PASSWORD = process.env.COPROG_DEMO_PASSWORD;
export const ENGINE = DB && DB.startsWith('sqlite:') ? 'sqlite' : 'postgres';
if (!BASE || !DB || !PASSWORD) throw new Error('run through scripts/test.sh (COPROG_URL, COPROG_DB, COPROG_DEMO_PASSWORD)');

export const ROLES = ['admin', 'officer', 'evaluator1', 'controller', 'ets1', 'resident1', 'auditor', 'housing', 'social', 'registry'];
/** What the database's own CLI prints for sql (sqlite3, or psql on postgresql://coprog@/NAME?host=DIR). */
export function dbText(sql, url = DB) {
  let r;
  if (url.startsWith('sqlite:')) {
    r = spawnSync('sqlite3', [url.slice(7), sql], { encoding: 'utf8' });
  } else {
    const pgBin = join('/usr/lib/postgresql', readdirSync('/usr/lib/postgresql').sort().at(-1), 'bin');
    const host = decodeURIComponent(url.match(/[?&]host=([^&]+)/)[1]);
    r = spawnSync(join(pgBin, 'psql'), ['-h', host, '-U', 'coprog', '-d', url.match(/@\/([^?]+)/)[1], '-qAtc', sql], { encoding: 'utf8' });
  }
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}
export const roleOf = (who) => who.replace(/\d+$/, '');

/** Runs the coprog binary with the test database; returns {status, stdout, stderr}. */
export function cli(args, input) {
  const r = spawnSync(BIN, args, { input, encoding: 'utf8', env: { ...process.env, COPROG_DB: DB } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tokens = new Map();
/** A personal API token for a demo user, made with `coprog token create`. */
export function tokenFor(who) {
  if (!tokens.has(who)) {
    const out = execFileSync(BIN, ['token', 'create', '--email', `${who}@demo.invalid`, '--label', 'http-tests'],
      { encoding: 'utf8', env: { ...process.env, COPROG_DB: DB } });
    tokens.set(who, out.trim());
  }
  return tokens.get(who);
}

/** fetch from a chosen loopback source address (127.0.0.2, ...), so that tests can be several
 * clients: node's fetch cannot choose it. Strings and buffers as bodies only. */
export function fetchFrom(localAddress, url, { method = 'GET', headers = {}, body } = {}) {
  const u = new URL(url);
  const mod = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(u, { method, headers, localAddress, rejectUnauthorized: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const pairs = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
        const buf = Buffer.concat(chunks);
        resolve(new Response([204, 304].includes(res.statusCode) ? null : buf, { status: res.statusCode, headers: pairs }));
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** A browser-like client: keeps cookies, reads the CSRF token from pages, never follows redirects.
 * With from, its requests leave from that loopback address. */
export class Client {
  constructor(base = BASE, { from } = {}) { this.base = base; this.from = from; this.cookies = new Map(); this.csrf = null; }
  cookieHeader() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
  async req(method, path, { form, json, headers = {}, body, accept } = {}) {
    const h = { ...headers };
    if (this.cookies.size) h.Cookie = this.cookieHeader();
    if (accept) h.Accept = accept;
    let payload = body;
    if (form) {
      h['Content-Type'] = 'application/x-www-form-urlencoded';
      payload = new URLSearchParams(form).toString();
    } else if (json) {
      h['Content-Type'] = 'application/json';
      payload = JSON.stringify(json);
    }
    const res = this.from && !(payload instanceof FormData)
      ? await fetchFrom(this.from, this.base + path, { method, headers: h, body: payload })
      : await fetch(this.base + path, { method, headers: h, body: payload, redirect: 'manual',
        ...(payload instanceof ReadableStream ? { duplex: 'half' } : {}) });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const [k, v] = pair.split('=');
      if (attrs.some((a) => a.trim() === 'Max-Age=0')) this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
    const text = await res.text();
    const m = text.match(/name="_csrf" value="([^"]+)"/);
    if (m) this.csrf = m[1];
    return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
  }
  get(path, opts) { return this.req('GET', path, opts); }
  post(path, form, opts = {}) {
    // form: an object, or a list of [name, value] pairs for repeated fields
    const fields = Array.isArray(form) ? [['_csrf', this.csrf ?? ''], ...form] : { _csrf: this.csrf ?? '', ...form };
    return this.req('POST', path, { ...opts, form: fields });
  }
  /** multipart/form-data: pairs of [name, value]; a value may be {name, type, bytes} for a file. */
  async multipart(path, pairs, opts = {}) {
    const fd = new FormData();
    fd.append('_csrf', this.csrf ?? '');
    for (const [k, v] of pairs) {
      if (v && typeof v === 'object') fd.append(k, new Blob([v.bytes], { type: v.type ?? 'application/octet-stream' }), v.name);
      else fd.append(k, v);
    }
    return this.req('POST', path, { ...opts, body: fd });
  }
  async login(who, password = PASSWORD) {
    await this.get('/login');
    return this.post('/login', { email: `${who}@demo.invalid`, password });
  }
}

/** Moves the server clock (coprog runs with COPROG_TEST_CLOCK in tests). */
export async function setClock(offsetSeconds) {
  const res = await fetch(`${BASE}/_test/clock`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${tokenFor('admin')}` },
    body: JSON.stringify({ offset_s: offsetSeconds }),
  });
  if (res.status !== 200) throw new Error(`clock not moved: ${res.status}`);
}

/** A Europe/Rome datetime-local string for now + seconds. */
export function localIn(seconds) {
  const d = new Date(Date.now() + seconds * 1000);
  const parts = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(d);
  return parts.replace(' ', 'T');
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function piva(base10) { // check digit of an organisation's tax code (DOMAIN.md §5)
  let t = 0;
  for (let i = 0; i < 10; i++) {
    let d = Number(base10[i]);
    if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
    t += d;
  }
  return base10 + ((10 - (t % 10)) % 10);
}

export function newEts(n) {
  const cf = piva(`96${String(Date.now() % 1e8).padStart(8, '0')}`.slice(0, 9) + n);
  const email = `ets-${randomBytes(4).toString('hex')}@test.invalid`;
  const pw = `pw-${randomBytes(8).toString('hex')}`;
  const r = cli(['user', 'add', '--email', email, '--name', `Legale ETS ${n}`, '--role', 'ets', '--city', '015146',
    '--org', cf, '--org-name', `Cooperativa di prova ${n} ETS`, '--runts', `T-${n}`, '--legal-rep'], `${pw}\n`);
  assert.equal(r.status, 0, r.stderr);
  return { email, pw, cf };
}

export async function loginEmail(c, email, pw) {
  await c.get('/login');
  const res = await c.post('/login', { email, password: pw });
  assert.equal(res.status, 303);
  await c.get('/account');
}


/** A new tenant: the officer imports a unit for them in the building (with its real address and
 * neighbourhood, so nothing else changes), they join with the code and sign in on client c. */
export async function newTenant(officer, c, { building = `ALTRO-${randomBytes(2).toString('hex')}`, address = 'via Prova', hood = 'Prova', email: wanted } = {}) {
  const tag = randomBytes(3).toString('hex');
  await officer.get('/housing');
  const file = `building_code;address;neighbourhood;municipio;managing_body;unit_code;full_name;tax_code\r\n${building};${address};${hood};4;ALER Milano (demo);U-${tag};Inquilino ${tag};\r\n`;
  const res = await officer.multipart('/housing/import', [['file', { name: 't.csv', type: 'text/csv', bytes: Buffer.from(file) }]], { accept: 'application/json' });
  assert.equal(res.status, 200, res.text.slice(0, 200));
  const code = res.json().report.codes[0].code;
  await c.get('/join');
  const email = wanted ?? `inquilino-${tag}@test.invalid`;
  assert.equal((await c.post('/join', { code, email, name: `Inquilino ${tag}`, password: 'password-inquilino' })).status, 303);
  await c.get('/login');
  assert.equal((await c.post('/login', { email, password: 'password-inquilino' })).status, 303);
  await c.get('/account');
  return email;
}

/** JSON over HTTP with a bearer token (API clients such as a body's representative). */
export async function api(who, method, path, body) {
  const res = await fetch(BASE + path, { method, redirect: 'manual', headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: `Bearer ${tokenFor(who)}` },
    body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) };
}

/** Starts a coprog of the test's own (`coprog serve` with args) on a free loopback port and
 * waits until /healthz answers: 30 s at most, which a loaded 2-core machine under the
 * sanitizers needs. A port found taken (coprog exits saying so) is replaced by another (or, when
 * the caller names the port, tried again), up to three times; any other early exit fails at once with coprog's last words. On failure the
 * process is killed, so nothing outlives the test. Returns {proc, port, base, exited, stop}. */
export async function startCoprog(args, { env = process.env, port: fixed } = {}) {
  for (let attempt = 0; attempt < 3; attempt++) {
    // A given port (a restart that clients must find again) is tried again after a moment.
    if (fixed && attempt) await sleep(1000);
    // Below the kernel's ephemeral range (32768 and up), where the suite's own client
    // connections would otherwise hold the port now and then.
    const port = fixed ?? 10000 + Math.floor(Math.random() * 20000);
    // The suite's own servers leave the second factor optional unless a test asks for it.
    const factor = args.includes('--second-factor') ? [] : ['--second-factor', 'optional'];
    const proc = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`, ...factor, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env });
    let said = '';
    proc.stderr.on('data', (d) => { said = (said + d).slice(-4000); if (process.env.DEBUG_STDERR) process.stderr.write(d); });
    let gone = false;
    const exited = new Promise((resolve) => proc.on('exit', (code, signal) => { gone = true; resolve(code ?? signal); }));
    const stop = async (signal = 'SIGKILL') => {
      if (!gone) proc.kill(signal);
      return exited;
    };
    const t0 = Date.now();
    while (!gone && Date.now() - t0 < 30000) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200) {
          return { proc, port, base: `http://127.0.0.1:${port}`, exited, stop, startedInMs: Date.now() - t0 };
        }
      } catch { /* not listening yet */ }
      await sleep(100);
    }
    await stop();
    if (/Address already in use/.test(said)) continue;
    throw new Error(`coprog did not become healthy on port ${port} in ${Date.now() - t0} ms: ${said.slice(-600)}`);
  }
  throw new Error('coprog found no free port in three tries');
}
