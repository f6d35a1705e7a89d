// Submit-rate benchmark: C concurrent ETS clients (default 32), each repeatedly replacing a
// 1 MB attachment of its draft, submitting it (receipt signed) and withdrawing it, for D
// seconds. Prints one line of JSON. Never pass/fail.
// Usage: node bench/submit.mjs URL USERS_FILE SECONDS   (USERS_FILE: "email password" lines)
import { readFileSync } from 'node:fs';

const [url, usersFile, seconds = '10'] = process.argv.slice(2);
const users = readFileSync(usersFile, 'utf8').trim().split('\n').map((l) => l.split(' '));
const MB = Buffer.alloc(1 << 20, 0x20);
MB.write('%PDF-1.4\n', 0);

class C {
  constructor() { this.cookies = new Map(); this.csrf = ''; }
  async req(method, path, body, headers = {}) {
    const h = { ...headers, Cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    const res = await fetch(url + path, { method, body, headers: h, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) { const [p] = c.split(';'); const [k, v] = p.split('='); this.cookies.set(k, v); }
    const text = await res.text();
    const m = text.match(/name="_csrf" value="([^"]+)"/);
    if (m) this.csrf = m[1];
    return { status: res.status, text, headers: res.headers };
  }
  form(fields) { return new URLSearchParams({ _csrf: this.csrf, ...fields }); }
}

async function setup([email, password], call) {
  const c = new C();
  await c.req('GET', '/login');
  const r = await c.req('POST', '/login', c.form({ email, password }), { 'Content-Type': 'application/x-www-form-urlencoded' });
  if (r.status !== 303) throw new Error(`login ${email}: ${r.status}`);
  await c.req('GET', `/calls/${call.id}/proposals/new`);
  const fd = fields(c, call);
  fd.append(`document_${call.documents[1].id}`, new Blob([Buffer.from('%PDF-1.4 piano')]), 'piano.pdf');
  const made = await c.req('POST', `/calls/${call.id}/proposals`, fd);
  if (made.status !== 303) throw new Error(`draft: ${made.status} ${made.text.slice(0, 200)}`);
  c.proposal = made.headers.get('location').split('/').pop();
  await c.req('GET', `/proposals/${c.proposal}`);
  return c;
}

function fields(c, call) {
  const fd = new FormData();
  for (const [k, v] of Object.entries({ _csrf: c.csrf, area_id: String(call.areas[0].id), title: 'Bench', summary: 's', activities: 'a',
    support_network: 'n', sustainability: 'x', requested: '10000', cofinancing: '2000', target_group: 'Inquilini',
    target_participants: '5', line_category: 'Personale', line_amount: '12000' })) fd.append(k, v);
  return fd;
}

const call0 = await (await fetch(`${url}/calls`, { headers: { Accept: 'application/json' } })).json();
const open = call0.calls.find((k) => k.is_open);
const call = (await (await fetch(`${url}/calls/${open.id}`, { headers: { Accept: 'application/json' } })).json()).call;
const clients = await Promise.all(users.map((u) => setup(u, call)));
const latencies = [];
let submitted = 0;
let failed = 0;
const end = Date.now() + Number(seconds) * 1000;
const t0 = Date.now();
await Promise.all(clients.map(async (c) => {
  while (Date.now() < end) {
    const start = performance.now();
    const fd = fields(c, call);
    fd.append(`document_${call.documents[0].id}`, new Blob([MB]), 'proposta.pdf');
    const up = await c.req('POST', `/proposals/${c.proposal}`, fd);
    await c.req('GET', `/proposals/${c.proposal}`);
    const sub = await c.req('POST', `/proposals/${c.proposal}/submit`, c.form({}), { 'Content-Type': 'application/x-www-form-urlencoded' });
    if (up.status === 303 && sub.status === 303) { submitted++; latencies.push(performance.now() - start); } else failed++;
    await c.req('GET', `/proposals/${c.proposal}`);
    await c.req('POST', `/proposals/${c.proposal}/withdraw`, c.form({}), { 'Content-Type': 'application/x-www-form-urlencoded' });
    await c.req('GET', `/proposals/${c.proposal}`);
  }
}));
const secs = (Date.now() - t0) / 1000;
latencies.sort((a, b) => a - b);
const q = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(1) : null);
console.log(JSON.stringify({ clients: clients.length, seconds: Number(secs.toFixed(1)), submitted, failed,
  per_second: Number((submitted / secs).toFixed(1)), p50_ms: Number(q(0.5)), p99_ms: Number(q(0.99)) }));
