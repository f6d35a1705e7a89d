// Deadline rush: C concurrent clients (default 200) submit P proposals (one per body, default
// 1,000) to the open call, each with a 2 MB attachment of its own bytes: the draft is created
// with its documents, then submitted for a signed receipt. Then every receipt is checked at
// POST /receipts/verify (as the body, since a bearer request needs no CSRF token) and against the SHA-256 of the bytes sent. Prints one line of JSON.
// Each client sends from a local address of its own (127.0.1.1 and up), as 200 bodies would.
// Never pass/fail: errors are counted and shown.
// With ROUND=1 the bodies propose in the call's other area (a body has one submitted proposal
// per area), so a second rush can run on the same bodies. With KILL=1 the harness kills coprog
// with SIGKILL during the rush and starts it again: a request that meets no server is tried
// again for up to 30 s, and only receipts the clients got count as acknowledged.
// Then, in both cases: every acknowledged receipt is served again byte for byte, its main
// attachment downloads with the hash sent, and every proposal of every body has all its
// documents (nothing half-written).
// Usage: node bench/rush.mjs URL TOKENS_FILE [CLIENTS]   (TOKENS_FILE: one body's API token a line)
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';

const [url, tokensFile, clients = '200'] = process.argv.slice(2);
const tokens = readFileSync(tokensFile, 'utf8').trim().split('\n');
const TWO_MB = 2 << 20;
const ROUND = Number(process.env.ROUND ?? 0);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// One request, from a local address of its own when `from` is given (each client of the rush
// is a different body, as on the day: 127.0.1.1 and up, so no one address holds every upload).
function request(path, { method = 'GET', headers = {}, body } = {}, from) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(body);
    const h = { ...headers, ...(payload ? { 'Content-Length': String(payload.length) } : {}) };
    const req = http.request(url + path, { method, headers: h, localAddress: from }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode, headers: { get: (k) => res.headers[k.toLowerCase()] ?? null },
          text: async () => bytes.toString(), json: async () => JSON.parse(bytes), arrayBuffer: async () => bytes });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}
// A request that finds no server (killed, restarting) is sent again, for up to 30 s.
async function send(path, init = {}, from) {
  if (init.body instanceof FormData) {
    const r = new Response(init.body);
    init = { ...init, body: Buffer.from(await r.arrayBuffer()), headers: { ...init.headers, 'Content-Type': r.headers.get('content-type') } };
  }
  for (let tries = 0; ; tries++) {
    try {
      return await request(path, init, from);
    } catch (e) {
      if (tries >= 150) throw e;
      await sleep(200);
    }
  }
}

const json = async (path, headers = {}) => (await send(path, { headers: { Accept: 'application/json', ...headers } })).json();
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
  for (const [k, v] of Object.entries({ area_id: String(call.areas[(n + ROUND) % call.areas.length].id), title: `Proposta di corsa ${n}`,
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
await Promise.all(Array.from({ length: Number(clients) }, async (_, client) => {
  const from = `127.0.${1 + Math.floor(client / 250)}.${1 + (client % 250)}`;
  while (next < tokens.length) {
    const n = next++;
    const auth = { Authorization: `Bearer ${tokens[n]}` };
    const start = performance.now();
    try {
      const bytes = attachment(n);
      const fd = form(n);
      call.documents.forEach((d, i) => fd.append(`document_${d.id}`,
        new Blob([i === 0 ? bytes : Buffer.from(`%PDF-1.4 documento ${i} della corsa ${n}`)], { type: 'application/pdf' }), `doc-${d.id}.pdf`));
      const made = await send(`/calls/${call.id}/proposals`, { method: 'POST', body: fd, headers: auth }, from);
      await made.arrayBuffer();
      if (made.status !== 303) { fail(`draft ${made.status}`); continue; }
      const id = made.headers.get('location').split('/').pop();
      const sub = await send(`/proposals/${id}/submit`, { method: 'POST', headers: { ...auth, Accept: 'application/json' } }, from);
      const body = await sub.text();
      if (sub.status !== 200) { fail(`submit ${sub.status}`); continue; }
      latencies.push(performance.now() - start);
      results.push({ n, id, token: tokens[n], sha: createHash('sha256').update(bytes).digest('hex'), receipt: JSON.parse(body).receipt });
    } catch (e) {
      fail(`network ${e.code ?? e.cause?.code ?? e.message}`);
    }
  }
}));
const seconds = (performance.now() - t0) / 1000;

// Every receipt: valid at /receipts/verify, served again identical, naming the hash of the
// bytes sent, which the attachment still has; every proposal whole.
let valid = 0;
let hashes = 0;
let identical = 0;
let downloads = 0;
let whole = 0;
let stored = 0;
const protocols = new Set();
let k = 0;
await Promise.all(Array.from({ length: 16 }, async () => {
  while (k < results.length) {
    const r = results[k++];
    const auth = { Authorization: `Bearer ${r.token}` };
    const res = await send('/receipts/verify', { method: 'POST', body: JSON.stringify(r.receipt),
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...auth } });
    if (res.status === 200 && (await res.json()).result?.valid === true) valid++;
    const inner = r.receipt.receipt;
    const named = inner.attachments.find((a) => a.sha256 === r.sha);
    if (named) hashes++;
    protocols.add(inner.protocol);
    const again = await send(`/proposals/${inner.proposal_id}/receipts/${inner.version}`, { headers: auth });
    if (again.status === 200 && isDeepStrictEqual(JSON.parse(await again.text()), r.receipt)) identical++;
    const p = (await json(`/proposals/${inner.proposal_id}`, auth)).proposal;
    const att = p.attachments.find((a) => a.sha256 === r.sha);
    if (att) {
      const bytes = Buffer.from(await (await send(`/proposals/${inner.proposal_id}/attachments/${att.id}`, { headers: auth })).arrayBuffer());
      if (createHash('sha256').update(bytes).digest('hex') === r.sha) downloads++;
    }
  }
}));
let b = 0;
await Promise.all(Array.from({ length: 16 }, async () => {
  while (b < tokens.length) {
    const auth = { Authorization: `Bearer ${tokens[b++]}` };
    for (const p of (await json('/proposals', auth)).proposals ?? []) {
      stored++;
      const full = (await json(`/proposals/${p.id}`, auth)).proposal;
      if (full.attachments.length === call.documents.length) whole++;
    }
  }
}));
latencies.sort((a, b) => a - b);
const q = (p) => (latencies.length ? Number(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(0)) : null);
console.log(JSON.stringify({ clients: Number(clients), proposals: tokens.length, seconds: Number(seconds.toFixed(1)),
  submitted: results.length, failed: tokens.length - results.length, errors: Object.fromEntries(errors),
  per_second: Number((results.length / seconds).toFixed(1)), mb_per_second: Number((results.length * 2 / seconds).toFixed(1)),
  p50_ms: q(0.5), p99_ms: q(0.99), receipts_valid: valid, hashes_match: hashes, distinct_protocols: protocols.size,
  receipts_identical: identical, attachments_intact: downloads, stored_proposals: stored, proposals_whole: whole }));
