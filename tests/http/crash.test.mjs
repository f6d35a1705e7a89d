// kill -9 during a submission rush: eight bodies submit and withdraw their proposals (a 1 MB
// attachment each) as fast as they can on a coprog of their own; it is killed mid-way and
// started again. Every acknowledged receipt is there, identical, with the attachments its
// hashes name; no proposal is half-written; the audit chain verifies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { BIN, Client, loginEmail, newEts, sleep, startCoprog } from './helpers.mjs';

const DB = process.env.COPROG_DB;
let PORT;
let BASE2;
const MB = Buffer.alloc(1 << 20, 0x20);
MB.write('%PDF-1.4\n', 0);

// The first start takes a free port; the restart takes the same one, for the clients to find.
async function start() {
  const s = await startCoprog(['--db', DB], PORT ? { port: PORT } : {});
  PORT = s.port;
  BASE2 = s.base;
  return s;
}

test('kill -9 in a submission rush loses no acknowledged receipt and leaves nothing half-written', async () => {
  let server = await start();
  const bodies = [];
  try {
    const call = (await (await fetch(`${BASE2}/calls`, { headers: { Accept: 'application/json' } })).json()).calls.find((c) => c.is_open && c.title.includes('demo aperto'));
    const k = (await (await fetch(`${BASE2}/calls/${call.id}`, { headers: { Accept: 'application/json' } })).json()).call;
    for (let n = 0; n < 8; n++) {
      const { email, pw } = newEts(n);
      const c = new Client(BASE2);
      await loginEmail(c, email, pw);
      await c.get(`/calls/${k.id}/proposals/new`);
      const res = await c.multipart(`/calls/${k.id}/proposals`, [
        ['area_id', String(k.areas[n % k.areas.length].id)], ['title', `Corsa ${n}`], ['summary', 's'], ['activities', 'a'],
        ['support_network', 'r'], ['sustainability', 'x'], ['requested', '100.000'], ['cofinancing', '12.000'],
        ['space_id', String(k.spaces[0]?.id ?? 0)], ['target_group', 'Inquilini'], ['target_participants', '10'],
        ['line_category', 'Personale'], ['line_description', ''], ['line_amount', '112.000'],
        ...k.documents.map((d) => [`document_${d.id}`, { name: `doc-${d.id}.pdf`, type: 'application/pdf', bytes: MB }])]);
      assert.equal(res.status, 303, res.text.slice(0, 300));
      c.proposal = Number(res.headers.get('location').split('/').pop());
      await c.get(`/proposals/${c.proposal}`);
      if (n === 0) { // the drafts are complete: one submits and withdraws before the rush
        const s = await c.post(`/proposals/${c.proposal}/submit`, {}, { accept: 'application/json' });
        assert.equal(s.status, 200, s.text.slice(0, 300));
        await c.get(`/proposals/${c.proposal}`);
        await c.post(`/proposals/${c.proposal}/withdraw`, {});
        await c.get(`/proposals/${c.proposal}`);
      }
      bodies.push(c);
    }
    const acknowledged = [];
    let alive = true;
    const rush = Promise.all(bodies.map(async (c) => {
      while (alive) {
        try {
          const s = await c.post(`/proposals/${c.proposal}/submit`, {}, { accept: 'application/json' });
          if (s.status === 200) acknowledged.push({ c, receipt: s.json().receipt });
          await c.get(`/proposals/${c.proposal}`);
          await c.post(`/proposals/${c.proposal}/withdraw`, {});
          await c.get(`/proposals/${c.proposal}`);
        } catch { return; } // the server is gone
      }
    }));
    await sleep(1500);
    await server.stop();
    alive = false;
    await rush;
    assert.ok(acknowledged.length >= 8, `receipts before the kill: ${acknowledged.length}`);
    server = await start();
    for (const { c, receipt } of acknowledged) {
      const r = receipt.receipt;
      const res = await fetch(`${BASE2}/proposals/${r.proposal_id}/receipts/${r.version}`, { headers: { Cookie: c.cookieHeader() } });
      assert.equal(res.status, 200, `receipt ${r.proposal_id} v${r.version}`);
      assert.deepEqual(JSON.parse(await res.text()), receipt);
    }
    for (const c of bodies) {
      const p = (await c.get(`/proposals/${c.proposal}`, { accept: 'application/json' })).json().proposal;
      assert.equal(p.attachments.length, k.documents.length, 'attachments whole');
      for (const a of p.attachments) {
        const bytes = Buffer.from(await (await fetch(`${BASE2}/proposals/${c.proposal}/attachments/${a.id}`, { headers: { Cookie: c.cookieHeader() } })).arrayBuffer());
        assert.equal(createHash('sha256').update(bytes).digest('hex'), a.sha256);
      }
      const mine = acknowledged.filter((x) => x.c === c).map((x) => x.receipt.receipt);
      for (const r of mine) assert.ok(r.attachments.every((a) => p.attachments.some((b) => b.sha256 === a.sha256)), 'the hashes the receipts name');
    }
    const protocols = acknowledged.map((x) => x.receipt.receipt.protocol);
    assert.equal(new Set(protocols).size, protocols.length, 'no protocol number given twice');
    const v = spawnSync(BIN, ['audit', 'verify', '--db', DB], { encoding: 'utf8' });
    assert.equal(v.status, 0, v.stderr);
  } finally {
    await server.stop();
  }
});
