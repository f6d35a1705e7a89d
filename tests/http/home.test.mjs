// The home page of each role says what needs the person now, with counts that follow the data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, ROLES } from './helpers.mjs';

const items = (home, role) => Object.fromEntries(home.roles.find((r) => r.role === role).items.map((i) => [i.key, i]));

test('each demo role finds its own section, items with counts and links, urgent first', async () => {
  for (const who of ROLES) {
    const c = new Client();
    await c.login(who);
    const home = (await c.get('/', { accept: 'application/json' })).json();
    assert.ok(home.roles.length >= 1, `${who} has a section`);
    for (const section of home.roles) {
      const list = section.items;
      assert.ok(list.length >= 1 || section.cities?.length >= 1, `${who}/${section.role} has items (the auditor: the cities)`);
      for (const i of list) assert.ok(Number.isInteger(i.count) && i.href.startsWith('/'), `${who} ${i.key}`);
      const firstZero = list.findIndex((i) => i.count === 0);
      if (firstZero >= 0) assert.ok(list.slice(firstZero).every((i) => i.count === 0), 'what needs action comes first');
    }
    const html = await c.get('/');
    assert.match(html.text, /La tua area personale/);
  }
  const anon = (await new Client().get('/', { accept: 'application/json' })).json();
  assert.deepEqual(anon.roles, []);
});

test('a draft for an open call shows on the body’s home, and a tenant’s unread notices match', async () => {
  const ets = new Client();
  await ets.login('ets1');
  const before = items((await ets.get('/', { accept: 'application/json' })).json(), 'ets').drafts_open.count;
  const calls = (await ets.get('/calls', { accept: 'application/json' })).json().calls;
  const open = calls.find((k) => k.is_open);
  const k = (await ets.get(`/calls/${open.id}`, { accept: 'application/json' })).json().call;
  await ets.get(`/calls/${open.id}/proposals/new`);
  const made = await ets.multipart(`/calls/${open.id}/proposals`, [['area_id', String(k.areas.at(-1).id)], ['title', 'Bozza per la home']]);
  assert.equal(made.status, 303, made.text.slice(0, 200));
  const after = items((await ets.get('/', { accept: 'application/json' })).json(), 'ets').drafts_open;
  assert.equal(after.count, before + 1);
  assert.equal(after.urgent, true);
  assert.equal(after.href, '/proposals');
  assert.ok(after.next_at > Date.now() * 1000, 'with the nearest deadline');

  const res = new Client();
  await res.login('resident1');
  const home = (await res.get('/', { accept: 'application/json' })).json();
  const unread = items(home, 'resident').unread_notices.count;
  const list = (await res.get('/notifications', { accept: 'application/json' })).json().notifications;
  assert.equal(unread, list.filter((n) => n.is_unread).length);
  const section = home.roles.find((r) => r.role === 'resident');
  assert.ok(section.hub && section.hub.name, 'the hub serving the building');
  assert.equal(typeof section.balance_minutes, 'number');

  const auditor = new Client();
  await auditor.login('auditor');
  const cities = (await auditor.get('/', { accept: 'application/json' })).json().roles.find((r) => r.role === 'auditor').cities;
  const milano = cities.find((c) => c.istat_code === '015146');
  assert.equal(milano.calls, calls.length, 'the published calls of the city');
});
