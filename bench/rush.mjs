// Deadline rush: C concurrent clients (default 200) submit P proposals (one per body, default
// 1,000) to the open call, each with a 2 MB attachment of its own bytes: the draft is created
// with its documents, then submitted for a signed receipt. Then every receipt is checked at
// POST /receipts/verify (as the body, since a bearer request needs no CSRF token) and against the SHA-256 of the bytes sent. Prints one line of JSON.
// Never pass/fail: errors are counted and shown.
// Usage: node bench/rush.mjs URL TOKENS_FILE [CLIENTS]   (TOKENS_FILE: one body's API token a line)
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

const [url, tokensFile, clients = '200'] = process.argv.slice(2);
const tokens = readFileSync(tokensFile, 'utf8').trim().split('\n');
const TWO_MB = 2 << 20;

const json = async (path) => (await fetch(url + path, { headers: { Accept: 'application/json' } })).json();
const open = (await json('/calls')).calls.find((k) => k.is_open);
const call = (await json(`/calls/${open.id}`)).call;

// The main document: 2 MB whose first bytes name the body, so every attachment has its own hash.
function attachment(n) {
  const b = Buffer.alloc(TWO_MB, 0x20);
  b.write(`%PDF-1.4\n% proposta della corsa ${n}\n`, 0);
  return b;
}

function form(n) {
  const fd = new FormData();
  for (const [k, v] of Object.entries({ area_id: String(call.areas[n % call.areas.length].id), title: `Proposta di corsa ${n}`,
    summary: 'Sintesi', activities: 'Attività', support_network: 'Rete', sustainability: 'Sostenibilità',
    requested: '100.000', cofinancing: '12.000', target_group: 'Inquilini', target_participants: '10',
    line_category: 'Personale', line_amount: '112.000' })) fd.append(k, v);
  return fd;
}

const results = []; // { n, sha, receipt } of each acknowledged submission
const errors = new Map(); // "step status" -> count
const latencies = [];
const fail = (what) => errors.set(what, (errors.get(what) ?? 0) + 1);
let next = 0;
const t0 = performance.now();
await Promise.all(Array.from({ length: Number(clients) }, async () => {
  while (next < tokens.length) {
    const n = next++;
    const auth = { Authorization: `Bearer ${tokens[n]}` };
    const start = performance.now();
    try {
      const bytes = attachment(n);
      const fd = form(n);
      call.documents.forEach((d, i) => fd.append(`document_${d.id}`,
        new Blob([i === 0 ? bytes : Buffer.from(`%PDF-1.4 documento ${i} della corsa ${n}`)], { type: 'application/pdf' }), `doc-${d.id}.pdf`));
      const made = await fetch(`${url}/calls/${call.id}/proposals`, { method: 'POST', body: fd, headers: auth, redirect: 'manual' });
      await made.arrayBuffer();
      if (made.status !== 303) { fail(`draft ${made.status}`); continue; }
      const id = made.headers.get('location').split('/').pop();
      const sub = await fetch(`${url}/proposals/${id}/submit`, { method: 'POST', headers: { ...auth, Accept: 'application/json' } });
      const body = await sub.text();
      if (sub.status !== 200) { fail(`submit ${sub.status}`); continue; }
      latencies.push(performance.now() - start);
      results.push({ n, token: tokens[n], sha: createHash('sha256').update(bytes).digest('hex'), receipt: JSON.parse(body).receipt });
    } catch (e) {
      fail(`network ${e.cause?.code ?? e.message}`);
    }
  }
}));
const seconds = (performance.now() - t0) / 1000;

// Every receipt: valid at /receipts/verify, and naming the hash of the bytes that were sent.
let valid = 0;
let hashes = 0;
const protocols = new Set();
let k = 0;
await Promise.all(Array.from({ length: 16 }, async () => {
  while (k < results.length) {
    const r = results[k++];
    const res = await fetch(`${url}/receipts/verify`, { method: 'POST', body: JSON.stringify(r.receipt),
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${r.token}` } });
    if (res.status === 200 && (await res.json()).result?.valid === true) valid++;
    if (r.receipt.receipt.attachments.some((a) => a.sha256 === r.sha)) hashes++;
    protocols.add(r.receipt.receipt.protocol);
  }
}));
latencies.sort((a, b) => a - b);
const q = (p) => (latencies.length ? Number(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(0)) : null);
console.log(JSON.stringify({ clients: Number(clients), proposals: tokens.length, seconds: Number(seconds.toFixed(1)),
  submitted: results.length, failed: tokens.length - results.length, errors: Object.fromEntries(errors),
  per_second: Number((results.length / seconds).toFixed(1)), mb_per_second: Number((results.length * 2 / seconds).toFixed(1)),
  p50_ms: q(0.5), p99_ms: q(0.99), receipts_valid: valid, hashes_match: hashes, distinct_protocols: protocols.size }));
