// Pages kept for the person who asked (web/personcache.h), on the suite's server: SQLite, or
// PostgreSQL through nginx to three instances, where the next read may reach another instance
// than the write. A kept page is a page the server made for the same session; a change made
// anywhere shows on the very next read; sessions, formats and flash messages are kept apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BASE, Client, ENGINE, tokenFor } from './helpers.mjs';

const kept = (res) => res.headers.get('x-coprog-cache') === 'kept';

/** Reads path until an answer comes back kept (each instance and worker thread keeps its own,
 * so the first reads are made); returns it with every answer made meanwhile. */
async function untilKept(c, path, opts) {
  const made = new Set();
  for (let i = 0; i < 150; i++) {
    const res = await c.get(path, opts);
    assert.equal(res.status, 200, res.text);
    if (kept(res)) return { res, made };
    made.add(res.text);
  }
  assert.fail(`${path} never came back kept`);
}

test('a page kept for a person is the page made for them; a change anywhere shows at once', async () => {
  const officer = new Client();
  const resident = new Client();
  await officer.login('officer');
  await resident.login('resident1');
  const home = (await resident.get('/my/home', { accept: 'application/json' })).json().home;
  const path = `/queue?state=new&building_id=${home.building_id}`;

  const html = await untilKept(officer, path);
  assert.ok(html.made.has(html.res.text), 'byte for byte a page made for this session');
  assert.equal(html.res.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(html.res.headers.get('cache-control'), 'no-store', 'never kept by the browser');
  const json = await untilKept(officer, path, { accept: 'application/json' });
  assert.equal(json.res.headers.get('content-type'), 'application/json', 'JSON kept apart');
  const before = json.res.json().tickets.map((t) => t.id);

  // The resident reports. The officer's reads show the ticket as soon as the instance answering
  // has heard of the commit (on PostgreSQL through three instances, its notification: a moment
  // later), and every read from then on shows it.
  const cat = (await resident.get('/tickets', { accept: 'application/json' })).json().categories[0];
  await resident.get('/tickets'); // the form, with the session's token
  const res = await resident.multipart('/tickets', [['category_id', String(cat.id)], ['place', 'Scala C'],
    ['description', `Luce spenta nell'androne ${randomBytes(3).toString('hex')}`]]);
  assert.equal(res.status, 303, res.text);
  const ticket = Number(res.headers.get('location').split('/').pop());
  assert.ok(!before.includes(ticket));
  const queued = async () => (await officer.get(path, { accept: 'application/json' })).json().tickets.map((t) => t.id);
  const since = Date.now();
  while (!(await queued()).includes(ticket)) assert.ok(Date.now() - since < 1000, 'seen within a second');
  for (let i = 0; i < 30; i++) assert.ok((await queued()).includes(ticket), `read ${i + 1} after it was seen shows it`);
  const page = (await untilKept(officer, path)).res.text;
  assert.ok(page.includes(`/tickets/${ticket}`), 'the kept page shows it too');

  // The officer moves it on: the officer's very next reads, whichever instance answers, show
  // its new state, never the old one (on PostgreSQL the answer to a change sets a short-lived
  // cookie, and pages asked with it wait for every commit made before).
  await officer.get(`/tickets/${ticket}`);
  const moved = await officer.post(`/tickets/${ticket}/state`, { state: 'acknowledged' });
  assert.equal(moved.status, 303);
  const fence = moved.headers.getSetCookie().find((c) => c.startsWith('coprog_fence='));
  if (ENGINE === 'postgres') assert.match(fence ?? '', /Max-Age=5/, 'the change sets the fence');
  else assert.equal(fence, undefined, 'SQLite needs none');
  for (let i = 0; i < 30; i++) assert.ok(!(await queued()).includes(ticket), `read ${i + 1} after the move: no longer new`);
});

test('another session of the same person gets its own pages; flash messages and tokens are never kept', async () => {
  const one = new Client();
  const two = new Client();
  await one.login('officer');
  await two.login('officer');
  assert.notEqual(one.csrf, two.csrf);
  const a = (await untilKept(one, '/queue')).res.text;
  const b = (await untilKept(two, '/queue')).res.text;
  assert.ok(a.includes(one.csrf) && !a.includes(two.csrf), 'the first session\'s form token');
  assert.ok(b.includes(two.csrf) && !b.includes(one.csrf), 'the second session\'s form token');

  // A message to show after a redirect is shown, once, and never from the kept pages.
  one.cookies.set('coprog_flash', 'login.welcome');
  const flashed = await one.get('/queue');
  assert.equal(kept(flashed), false);
  assert.ok(flashed.headers.getSetCookie().some((c) => c.startsWith('coprog_flash=') && c.includes('Max-Age=0')));

  // With an API token no form token is made, so no cookie is set and the page can be kept.
  const bearer = { Authorization: `Bearer ${tokenFor('officer')}` };
  let got = false;
  for (let i = 0; i < 150 && !got; i++) {
    const r = await fetch(`${BASE}/queue`, { headers: bearer });
    assert.equal(r.status, 200);
    assert.deepEqual(r.headers.getSetCookie(), [], 'no cookie for an API client');
    got = kept(r);
    await r.text();
  }
  assert.ok(got, 'kept for the token too');

  // Signed out: the session's kept pages are gone with it.
  await one.post('/logout', {});
  const after = await fetch(`${BASE}/queue`, { headers: { Cookie: one.cookieHeader() }, redirect: 'manual' });
  assert.equal(after.status, 303, 'the old session sees the login, not a kept queue');
});
