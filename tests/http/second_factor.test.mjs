// The second factor of the roles that decide (issue 18; RFC 6238 TOTP): on a coprog of the
// test's own with the second factor required, as `coprog serve` has it by default. A new
// officer signs in with the password and reaches nothing but the enrolment; a code of the
// secret turns it on and gives ten recovery codes; every later sign-in asks for a code, each
// code works once (a replay is refused), a recovery code works once; guesses are limited; a
// resident is asked only once they turn it on; an API token is not asked. Runs on both engines.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { Client, DB, cli, startCoprog, tokenFor } from './helpers.mjs';

let server;
after(async () => { await server?.stop(); });

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function base32(s) {
  let bits = 0, acc = 0;
  const out = [];
  for (const ch of s.replace(/\s/g, '')) {
    acc = (acc << 5) | B32.indexOf(ch);
    bits += 5;
    if (bits >= 8) { out.push((acc >> (bits - 8)) & 255); bits -= 8; }
  }
  return Buffer.from(out);
}
/** RFC 6238 with the authenticator apps' parameters: HMAC-SHA1, 30 s, 6 digits. */
function totp(secret, at = Date.now()) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac('sha1', base32(secret)).update(msg).digest();
  const off = mac[mac.length - 1] & 15;
  return String((mac.readUInt32BE(off) & 0x7fffffff) % 1000000).padStart(6, '0');
}

const email = `decide-${randomBytes(3).toString('hex')}@test.invalid`;
const password = 'password-secondo-fattore';
let secret;
let recovery;

async function signIn() {
  const c = new Client(server.base);
  await c.get('/login');
  const res = await c.post('/login', { email, password });
  assert.equal(res.status, 303, res.text.slice(0, 200));
  return c;
}

test('setup: a coprog with the second factor required, and a new officer', async () => {
  server = await startCoprog(['--db', DB, '--second-factor', 'required']);
  const made = cli(['user', 'add', '--email', email, '--name', 'Funzionaria con secondo fattore', '--role', 'officer', '--city', '015146'], `${password}\n`);
  assert.equal(made.status, 0, made.stderr);
});

test('after the password alone, an officer reaches only the enrolment: pages redirect, data and forms are refused', async () => {
  const c = await signIn();
  const home = await c.get('/');
  assert.equal(home.status, 303);
  assert.equal(home.headers.get('location'), '/account/second-factor');
  const data = await c.get('/protocol', { accept: 'application/json' });
  assert.equal(data.status, 403);
  assert.equal(data.json().error.code, 'login.second_factor_needed');
  const page = (await c.get('/account/second-factor', { accept: 'application/json' })).json();
  assert.equal(page.is_on, false);
  assert.equal(page.is_needed, true);
  assert.match(page.qr_svg, /^<svg[^>]*role="img"/);
  assert.match(page.otpauth_uri, /^otpauth:\/\/totp\/coprog:.*\?secret=[A-Z2-7]{32}&issuer=coprog&algorithm=SHA1&digits=6&period=30$/);
  secret = page.secret;
  assert.equal(secret.replace(/ /g, ''), page.otpauth_uri.match(/secret=([A-Z2-7]+)/)[1]);
  await c.get('/account/second-factor');
  const wrong = await c.post('/account/second-factor', { code: totp(secret, Date.now() - 10 * 60 * 1000) }, { accept: 'application/json' });
  assert.equal(wrong.status, 422, 'a code of ten minutes ago');
  assert.equal(wrong.json().errors[0].field, 'code');
  const ok = await c.post('/account/second-factor', { code: totp(secret) }, { accept: 'application/json' });
  assert.equal(ok.status, 200, ok.text.slice(0, 200));
  recovery = ok.json().recovery_codes;
  assert.equal(recovery.length, 10);
  assert.ok(recovery.every((r) => /^[a-z2-7]{5}-[a-z2-7]{5}$/.test(r)));
  assert.equal((await c.get('/protocol', { accept: 'application/json' })).status, 200, 'the session passed');
});

test('every later sign-in asks for a code; a code works once; a recovery code works once', async () => {
  const c = await signIn();
  const home = await c.get('/');
  assert.equal(home.status, 303);
  assert.equal(home.headers.get('location'), '/login/second-factor?next=/');
  await c.get('/login/second-factor');
  const replay = await c.post('/login/second-factor', { code: totp(secret) }, { accept: 'application/json' });
  assert.equal(replay.status, 422, 'the code used to enrol is spent');
  const next = await c.post('/login/second-factor', { code: totp(secret, Date.now() + 30000), next: '/protocol' });
  assert.equal(next.status, 303, 'the next step, for clocks a little apart');
  assert.equal(next.headers.get('location'), '/protocol');
  assert.equal((await c.get('/protocol', { accept: 'application/json' })).status, 200);

  const d = await signIn();
  await d.get('/login/second-factor');
  const viaRecovery = await d.post('/login/second-factor', { code: recovery[0].toUpperCase() });
  assert.equal(viaRecovery.status, 303);
  const e = await signIn();
  await e.get('/login/second-factor');
  assert.equal((await e.post('/login/second-factor', { code: recovery[0] }, { accept: 'application/json' })).status, 422, 'spent');
  const left = (await d.get('/account/second-factor', { accept: 'application/json' })).json();
  assert.equal(left.is_on, true);
  assert.equal(left.recovery_left, 9);
});

test('a resident and an API token are not asked, until the resident turns it on; guesses at codes wait', async () => {
  const r = new Client(server.base);
  await r.get('/login');
  assert.equal((await r.post('/login', { email: 'resident1@demo.invalid', password: process.env.COPROG_DEMO_PASSWORD })).status, 303);
  assert.equal((await r.get('/my/home')).status, 200);
  // A resident may turn it on; from then on it is asked of them too.
  const offer = (await r.get('/account/second-factor', { accept: 'application/json' })).json();
  assert.equal(offer.is_needed, false);
  await r.get('/account/second-factor');
  assert.equal((await r.post('/account/second-factor', { code: totp(offer.secret) }, { accept: 'application/json' })).status, 200);
  const again = new Client(server.base);
  await again.get('/login');
  assert.equal((await again.post('/login', { email: 'resident1@demo.invalid', password: process.env.COPROG_DEMO_PASSWORD })).status, 303);
  const home = await again.get('/my/home');
  assert.equal(home.status, 303);
  assert.equal(home.headers.get('location'), '/login/second-factor?next=/my/home');
  const api = await fetch(`${server.base}/protocol`, { headers: { Accept: 'application/json', Authorization: `Bearer ${tokenFor('officer')}` } });
  assert.equal(api.status, 200);
  const c = await signIn();
  await c.get('/login/second-factor');
  // A wrong code for certain: none of the steps the server accepts now.
  const bad = ['000000', '111111', '222222'].find((x) => ![-60000, -30000, 0, 30000, 60000].some((d) => totp(secret, Date.now() + d) === x));
  // Five free failures per person (the spent recovery code above was one of them), then a wait.
  const answers = [];
  let limited;
  for (let i = 0; i < 6; i++) {
    const res = await c.post('/login/second-factor', { code: bad }, { accept: 'application/json' });
    answers.push(res.status);
    if (res.status === 429) limited = res;
  }
  assert.deepEqual(answers, [422, 422, 422, 422, 429, 429], 'five free failures, then each guess waits');
  assert.ok(Number(limited.headers.get('retry-after')) >= 1);
});
