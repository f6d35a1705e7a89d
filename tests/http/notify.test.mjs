// Notices by e-mail: written to the outbox with the change, sent through SMTP (a local sink
// here) in the recipient's language; each person chooses per topic; a relay that refuses for
// now is retried later, one that refuses for good marks the mail failed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client, api, newTenant, setClock, sleep } from './helpers.mjs';

const DIR = process.env.COPROG_MAIL_DIR;
const officer = new Client();
const tenant = new Client();
const slow = new Client();
const gone = new Client();
const tag = randomBytes(3).toString('hex');
let email;

/** Messages the sink received for a recipient: {headers, subject, body}. */
function mailTo(to) {
  if (!fs.existsSync(DIR)) return [];
  return fs.readdirSync(DIR).sort().map((f) => fs.readFileSync(path.join(DIR, f), 'utf8'))
    .filter((m) => m.startsWith(`X-Envelope-To: ${to}\r\n`)).map((m) => {
      const [head, b64] = m.split('\r\n\r\n');
      const subject = head.match(/^Subject: (.*(?:\r\n .*)*)/m)[1].split('\r\n ')
        .map((w) => { const x = w.match(/^=\?UTF-8\?B\?(.*)\?=$/); return x ? Buffer.from(x[1], 'base64').toString('utf8') : w; }).join('');
      return { head, subject, body: Buffer.from(b64.replace(/\r\n/g, ''), 'base64').toString('utf8') };
    });
}

async function waitFor(fn, what, ms = 6000) {
  for (let t = 0; t < ms; t += 100) {
    const v = await fn();
    if (v) return v;
    await sleep(100);
  }
  assert.fail(`timed out waiting for ${what}`);
}

async function openTicket(c) {
  const cat = (await c.get('/tickets', { accept: 'application/json' })).json().categories.find((k) => k.handled_by === 'city');
  await c.get('/tickets');
  return (await c.post('/tickets', { category_id: String(cat.id), description: 'Luce delle scale spenta' }, { accept: 'application/json' })).json().ticket_id;
}

async function outboxOf(to) {
  return (await api('admin', 'GET', '/admin/outbox')).json().messages.filter((m) => m.recipient === to);
}

test('setup: the officer and three tenants', async () => {
  assert.ok(DIR, 'COPROG_MAIL_DIR names the sink\'s directory');
  await officer.login('officer');
  email = await newTenant(officer, tenant, { email: `mail-${tag}@test.invalid` });
  await newTenant(officer, slow, { email: `tempfail-${tag}@test.invalid` });
  await newTenant(officer, gone, { email: `bounce-${tag}@test.invalid` });
});

test('a change to a ticket reaches its author in the app and by e-mail, with the link', async () => {
  const id = await openTicket(tenant);
  await officer.get(`/tickets/${id}`);
  assert.equal((await officer.post(`/tickets/${id}/state`, { state: 'acknowledged' })).status, 303);
  const [mail] = await waitFor(() => { const m = mailTo(email); return m.length ? m : null; }, 'the e-mail');
  assert.match(mail.head, /^From: coprog@test\.invalid$/m);
  assert.match(mail.head, /^Content-Type: text\/plain; charset=UTF-8$/m);
  assert.equal(mail.subject, 'coprog: La tua segnalazione ha cambiato stato: presa in carico');
  assert.match(mail.body, new RegExp(`^${process.env.COPROG_URL}/tickets/${id}\r$`, 'm'), 'the link, on the instance\'s address');
  assert.match(mail.body, /^Gentile Inquilino/);
  assert.match(mail.body, /\/my\/notifications\r\n$/);
  const sent = await outboxOf(email);
  assert.deepEqual([sent[0].state, sent[0].attempts], ['sent', 1]);
  const notes = (await tenant.get('/notifications', { accept: 'application/json' })).json().notifications;
  assert.equal(notes[0].link, `/tickets/${id}`);
});

test('each person chooses per topic: no e-mail, then nothing at all', async () => {
  const id = await openTicket(tenant);
  const prefs = (await tenant.get('/my/notifications', { accept: 'application/json' })).json().prefs;
  assert.deepEqual(prefs.map((p) => p.topic), ['ticket', 'event', 'booking', 'exchange', 'idea']);
  assert.ok(prefs.every((p) => p.in_app && p.email), 'everything on until chosen');
  assert.equal((await tenant.post('/my/notifications', {}, { accept: 'application/json' })).status, 422, 'an empty post changes nothing');
  assert.equal((await tenant.post('/my/notifications', { prefs_form: '1', ticket_in_app: '1', event_email: '1', event_in_app: '1' })).status, 303);
  const now = (await tenant.get('/my/notifications', { accept: 'application/json' })).json().prefs;
  assert.deepEqual(now.map((p) => [p.topic, p.in_app, p.email]),
    [['ticket', true, false], ['event', true, true], ['booking', false, false], ['exchange', false, false], ['idea', false, false]]);
  const mailsBefore = mailTo(email).length;
  await officer.get(`/tickets/${id}`);
  await officer.post(`/tickets/${id}/comments`, { text: 'Elettricista chiamato' });
  const notes = (await tenant.get('/notifications', { accept: 'application/json' })).json().notifications;
  assert.ok(notes.some((n) => n.entity_id === id && n.message_key === 'tickets.notify_comment'));
  await tenant.get('/my/notifications');
  await tenant.post('/my/notifications', { prefs_form: '1' });
  await officer.post(`/tickets/${id}/state`, { state: 'in_progress' });
  const after = (await tenant.get('/notifications', { accept: 'application/json' })).json().notifications;
  assert.ok(!after.some((n) => n.entity_id === id && n.detail === 'in_progress'), 'no notice once switched off');
  await sleep(2500); // two ticks of the sender
  assert.equal(mailTo(email).length, mailsBefore, 'no e-mail once switched off');
  assert.equal((await outboxOf(email)).length, 1);
});

test('a relay that refuses for now is retried after 1 and 2 minutes; one that refuses for good fails the mail', async () => {
  const to = `tempfail-${tag}@test.invalid`;
  const id = await openTicket(slow);
  const bounced = await openTicket(gone);
  await officer.get(`/tickets/${id}`);
  await officer.post(`/tickets/${id}/state`, { state: 'acknowledged' });
  await officer.post(`/tickets/${bounced}/state`, { state: 'acknowledged' });
  try {
    let m = await waitFor(async () => { const [x] = await outboxOf(to); return x?.attempts === 1 && x; }, 'the first attempt');
    assert.equal(m.state, 'pending');
    assert.match(m.last_error, /^451/);
    assert.equal((m.next_attempt_at - Date.now() * 1000) / 60e6 > 0.9, true, 'the next try waits a minute');
    const b = await waitFor(async () => { const [x] = await outboxOf(`bounce-${tag}@test.invalid`); return x?.attempts === 1 && x; }, 'the bounce');
    assert.equal(b.state, 'failed');
    assert.match(b.last_error, /^550/);
    await setClock(65);
    m = await waitFor(async () => { const [x] = await outboxOf(to); return x?.attempts === 2 && x; }, 'the second attempt');
    assert.equal(m.state, 'pending');
    assert.equal(mailTo(to).length, 0);
    await setClock(65 + 125);
    m = await waitFor(async () => { const [x] = await outboxOf(to); return x?.state === 'sent' && x; }, 'the third attempt');
    assert.equal(m.attempts, 3);
    assert.equal(mailTo(to).length, 1);
    assert.equal(mailTo(`bounce-${tag}@test.invalid`).length, 0);
  } finally {
    await setClock(0);
  }
});
