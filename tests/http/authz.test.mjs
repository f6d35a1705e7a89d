// The authorisation matrix: every route of the route table, asked by every role and by an
// anonymous client, answers as its permission says. Routes added later are covered as they come.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, ROLES, roleOf, cli, tokenFor } from './helpers.mjs';

const routes = JSON.parse(cli(['routes']).stdout);

test('the route table is not empty and every route names its permission', () => {
  assert.ok(routes.length >= 10);
  for (const r of routes) assert.ok(r.public || r.roles.length > 0, `${r.method} ${r.pattern}`);
});

for (const route of routes) {
  const path = route.pattern.replace(/\{[^}]+\}/g, '999999');
  test(`${route.method} ${route.pattern}`, async () => {
    const anon = await fetch(BASE + path, { method: route.method, headers: { Accept: 'application/json' }, redirect: 'manual' });
    if (route.public) assert.notEqual(anon.status, 401, 'public route refused an anonymous client');
    else assert.equal(anon.status, 401, 'private route open to an anonymous client');
    for (const who of ROLES) {
      const res = await fetch(BASE + path, {
        method: route.method, redirect: 'manual',
        headers: { Accept: 'application/json', Authorization: `Bearer ${tokenFor(who)}`, 'Content-Type': 'application/json' },
        body: route.method === 'GET' ? undefined : '{}',
      });
      const allowed = route.public || route.roles.includes(roleOf(who));
      if (allowed) assert.ok(res.status !== 401 && res.status !== 403, `${who} refused (${res.status})`);
      else assert.equal(res.status, 403, `${who} let in (${res.status})`);
    }
  });
}
