// Accounts and trust: login, CSRF, sessions, rate limit, password change, API tokens, audit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BASE, PASSWORD, Client, cli, tokenFor } from './helpers.mjs';

function newUser(role = 'resident') {
  const email = `u${randomBytes(5).toString('hex')}@test.invalid`;
  const pw = `pw-${randomBytes(8).toString('hex')}`;
  const r = cli(['user', 'add', '--email', email, '--name', 'Utente di prova', '--role', role, '--city', '015146'], `${pw}\n`);
  assert.equal(r.status, 0, r.stderr);
  return { email, pw, who: email.replace('@test.invalid', '') };
}

async function loginAs(email, pw) {
  const c = new Client();
  await c.get('/login');
  const res = await c.post('/login', { email, password: pw });
  if (res.status === 303) await c.get('/account'); // the session's own CSRF token
  return { c, res };
}

test('login sets an HttpOnly SameSite session cookie and redirects', async () => {
  const c = new Client();
  const form = await c.get('/login');
  assert.equal(form.status, 200);
  assert.ok(c.csrf, 'the login form carries a CSRF token');
  const res = await c.post('/login', { email: 'officer@demo.invalid', password: PASSWORD, next: '/account' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/account');
  const cookie = res.headers.getSetCookie().find((s) => s.startsWith('coprog_session='));
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  const profile = await c.get('/account');
  assert.equal(profile.status, 200);
  assert.match(profile.text, /Olga Funzionaria RUP/);
  assert.match(profile.text, /Accesso effettuato/); // the flash message, once
  const again = await c.get('/account');
  assert.doesNotMatch(again.text, /Accesso effettuato/);
});

test('the session token is stored only as a hash', async () => {
  const c = new Client();
  await c.login('evaluator2');
  const raw = c.cookies.get('coprog_session');
  assert.ok(raw && raw.length >= 43);
  const json = await c.get('/account', { accept: 'application/json' });
  assert.doesNotMatch(json.text, new RegExp(raw));
});

test('a login redirect never leaves the site', async () => {
  const c = new Client();
  await c.get('/login');
  const res = await c.post('/login', { email: 'officer@demo.invalid', password: PASSWORD, next: '//evil.example/' });
  assert.equal(res.headers.get('location'), '/');
});

test('unsafe requests without the CSRF token, or from another origin, are refused', async () => {
  const c = new Client();
  await c.login('resident1');
  const noToken = await c.req('POST', '/account/tokens', { form: { label: 'x' } });
  assert.equal(noToken.status, 403);
  assert.match(noToken.text, /modulo è scaduta/);
  const crossSite = await c.req('POST', '/account/tokens', { form: { label: 'x', _csrf: c.csrf }, headers: { Origin: 'https://evil.example' } });
  assert.equal(crossSite.status, 403);
  const fetchSite = await c.req('POST', '/account/tokens', { form: { label: 'x', _csrf: c.csrf }, headers: { 'Sec-Fetch-Site': 'cross-site' } });
  assert.equal(fetchSite.status, 403);
  const ok = await c.post('/account/tokens', { label: 'x' }, { headers: { Origin: BASE } });
  assert.equal(ok.status, 201);
});

test('anonymous forms need the CSRF cookie token too', async () => {
  const res = await fetch(`${BASE}/login`, {
    method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `email=officer%40demo.invalid&password=${encodeURIComponent(PASSWORD)}`,
  });
  assert.equal(res.status, 403);
});

test('a wrong password is refused without saying which part was wrong', async () => {
  const c = new Client();
  await c.get('/login');
  const res = await c.post('/login', { email: 'officer@demo.invalid', password: 'wrong-password' }, { accept: 'application/json' });
  assert.equal(res.status, 401);
  const unknown = await c.post('/login', { email: 'nobody@demo.invalid', password: 'wrong-password' }, { accept: 'application/json' });
  assert.equal(unknown.status, 401);
  assert.equal(res.json().errors[0].message, unknown.json().errors[0].message);
  const empty = await c.post('/login', { email: '', password: '' }, { accept: 'application/json' });
  assert.equal(empty.status, 422);
  assert.deepEqual(empty.json().errors.map((e) => e.field), ['email', 'password']);
});

test('logins are rate-limited per account with 429 and Retry-After', async () => {
  const u = newUser();
  const c = new Client();
  await c.get('/login');
  for (let i = 0; i < 5; i++) {
    const r = await c.post('/login', { email: u.email, password: 'not-the-password' });
    assert.equal(r.status, 401);
  }
  const limited = await c.post('/login', { email: u.email, password: u.pw }, { accept: 'application/json' });
  assert.equal(limited.status, 429);
  assert.ok(Number(limited.headers.get('retry-after')) > 0);
  assert.match(limited.json().error.message, /Troppi tentativi/);
});

test('logout ends the session', async () => {
  const c = new Client();
  await c.login('controller');
  assert.equal((await c.get('/account')).status, 200);
  const stale = c.cookies.get('coprog_session');
  const out = await c.post('/logout', {});
  assert.equal(out.status, 303);
  const after = await fetch(`${BASE}/account`, { headers: { Cookie: `coprog_session=${stale}`, Accept: 'application/json' } });
  assert.equal(after.status, 401);
});

test('signed-out visitors of private pages are sent to the login', async () => {
  const res = await fetch(`${BASE}/account`, { redirect: 'manual' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/login?next=/account');
});

test('password change checks the current password and closes other sessions', async () => {
  const u = newUser();
  const a = await loginAs(u.email, u.pw);
  const b = await loginAs(u.email, u.pw);
  assert.equal(a.res.status, 303);
  const wrong = await a.c.post('/account/password', { current_password: 'nope-nope-nope', new_password: 'new-password-123', new_password_again: 'new-password-123' });
  assert.equal(wrong.status, 422);
  assert.match(wrong.text, /password attuale non è corretta/);
  const mismatch = await a.c.post('/account/password', { current_password: u.pw, new_password: 'new-password-123', new_password_again: 'other-password-123' });
  assert.equal(mismatch.status, 422);
  const short = await a.c.post('/account/password', { current_password: u.pw, new_password: 'short', new_password_again: 'short' });
  assert.equal(short.status, 422);
  const ok = await a.c.post('/account/password', { current_password: u.pw, new_password: 'new-password-123', new_password_again: 'new-password-123' });
  assert.equal(ok.status, 303);
  assert.equal((await a.c.get('/account')).status, 200, 'this session stays');
  assert.equal((await b.c.get('/account', { accept: 'application/json' })).status, 401, 'the other one ends');
  assert.equal((await loginAs(u.email, u.pw)).res.status, 401);
  assert.equal((await loginAs(u.email, 'new-password-123')).res.status, 303);
});

test('API tokens act as their user without CSRF and stop when revoked', async () => {
  const c = new Client();
  await c.login('ets1');
  await c.get('/account/tokens');
  const made = await c.post('/account/tokens', { label: 'integrazione' }, { accept: 'application/json' });
  assert.equal(made.status, 201);
  const { new_token: token, new_token_id: id } = made.json();
  assert.match(token, /^cpg_[A-Za-z0-9_-]{43}$/);
  const me = await fetch(`${BASE}/account`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
  assert.equal(me.status, 200);
  assert.equal((await me.json()).user.email, 'ets1@demo.invalid');
  const post = await fetch(`${BASE}/account/tokens`, {
    method: 'POST', headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify({ label: 'via api' }),
  });
  assert.equal(post.status, 201, 'no CSRF token is needed with a Bearer token');
  const listed = await c.get('/account/tokens', { accept: 'application/json' });
  assert.ok(listed.json().tokens.some((t) => t.id === id && !t.revoked));
  assert.doesNotMatch(listed.text, new RegExp(token), 'the token is never shown again');
  const revoked = await c.post(`/account/tokens/${id}/revoke`, {});
  assert.equal(revoked.status, 303);
  const after = await fetch(`${BASE}/account`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
  assert.equal(after.status, 401);
  const other = await c.post('/account/tokens/999999/revoke', {});
  assert.equal(other.status, 404);
});

test('the audit log records logins and its chain is intact', async () => {
  const c = new Client();
  await c.login('auditor');
  const res = await c.get('/audit', { accept: 'application/json' });
  assert.equal(res.status, 200);
  const body = res.json();
  assert.equal(body.chain.intact, true);
  assert.ok(body.chain.rows > 1);
  assert.ok(body.entries.some((e) => e.action === 'login' && e.user === 'auditor@demo.invalid'));
  const verify = cli(['audit', 'verify']);
  assert.equal(verify.status, 0, verify.stderr);
  assert.match(verify.stdout, /audit log intact: \d+ rows/);
  assert.ok(tokenFor('auditor'));
});

test('multipart forms are read like urlencoded ones', async () => {
  const c = new Client();
  await c.get('/login');
  const fd = new FormData();
  fd.set('_csrf', c.csrf);
  fd.set('email', 'officer@demo.invalid');
  fd.set('password', PASSWORD);
  const res = await fetch(`${BASE}/login`, { method: 'POST', body: fd, redirect: 'manual', headers: { Cookie: c.cookieHeader() } });
  assert.equal(res.status, 303);
});

test('parallel wrong passwords are checked no more than the limit allows', async () => {
  const u = newUser();
  const c = new Client(BASE, { from: '127.0.0.4' });
  await c.get('/login');
  const tries = await Promise.all(Array.from({ length: 20 }, () => c.post('/login', { email: u.email, password: 'not-the-password' })));
  const checked = tries.filter((r) => r.status === 401).length;
  const limited = tries.filter((r) => r.status === 429).length;
  assert.equal(checked + limited, 20);
  assert.ok(checked <= 5, `${checked} passwords checked against a limit of 5`);
  assert.ok(limited >= 15);
});

test('one address guessing a password cannot lock the owner out; its waits grow', async () => {
  const u = newUser();
  const attacker = new Client(BASE, { from: '127.0.0.2' });
  await attacker.get('/login');
  for (let i = 0; i < 5; i++) assert.equal((await attacker.post('/login', { email: u.email, password: `wrong-${i}` })).status, 401);
  const first = await attacker.post('/login', { email: u.email, password: 'wrong-again' }, { accept: 'application/json' });
  assert.equal(first.status, 429);
  const wait1 = Number(first.headers.get('retry-after'));
  assert.ok(wait1 >= 1 && wait1 <= 3, `first wait ${wait1} s`);
  await new Promise((r) => setTimeout(r, wait1 * 1000 + 100));
  assert.equal((await attacker.post('/login', { email: u.email, password: 'wrong-6' })).status, 401, 'a try after the wait is checked');
  const second = await attacker.post('/login', { email: u.email, password: 'wrong-7' }, { accept: 'application/json' });
  assert.equal(second.status, 429);
  assert.ok(Number(second.headers.get('retry-after')) > wait1, 'the next wait is longer');
  // The owner, elsewhere, signs in at once.
  const owner = new Client(BASE, { from: '127.0.0.3' });
  await owner.get('/login');
  const res = await owner.post('/login', { email: u.email, password: u.pw });
  assert.equal(res.status, 303, 'the owner is not locked out');
});

test('a new password revokes the API tokens made with the old one', async () => {
  const u = newUser();
  const a = await loginAs(u.email, u.pw);
  await a.c.get('/account/tokens');
  const made = await a.c.post('/account/tokens', { label: 'prima' }, { accept: 'application/json' });
  const token = made.json().new_token;
  const use = () => fetch(`${BASE}/account`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
  assert.equal((await use()).status, 200);
  await a.c.get('/account');
  const ok = await a.c.post('/account/password', { current_password: u.pw, new_password: 'another-password-1', new_password_again: 'another-password-1' });
  assert.equal(ok.status, 303);
  assert.equal((await use()).status, 401);
  const listed = (await a.c.get('/account/tokens', { accept: 'application/json' })).json().tokens;
  assert.ok(listed.every((t) => t.revoked), 'the list says so');
});

test('the way back after login is a local path only', async () => {
  for (const next of ['/\t/evil.example', '/\n/evil.example', '/\\evil.example', '//evil.example', 'https://evil.example', '/%0d%0a', '/\u0085x']) {
    const c = new Client();
    await c.get('/login');
    const res = await c.post('/login', { email: 'officer@demo.invalid', password: PASSWORD, next });
    assert.equal(res.status, 303);
    const loc = res.headers.get('location');
    assert.ok(loc === '/' || (next === '/%0d%0a' && loc === next), `${JSON.stringify(next)} -> ${loc}`);
  }
});
