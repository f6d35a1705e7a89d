// SPID/CIE sign-in through the OpenID Connect Federation (issue 18), end to end in Chromium,
// on each engine: coprog resolves the provider's trust chain to the anchor it was given, sends
// a signed request object with PKCE, exchanges the code with private_key_jwt, verifies the ID
// token and decrypts the userinfo (RSA-OAEP-256, A256CBC-HS512), and signs in the person whose
// codice fiscale the provider gives: a resident, a body's legal representative. Then the
// refusals, each with the provider misbehaving on purpose: an expired chain, a configuration
// signed by a key no one vouched for, a replayed state, a wrong nonce, a bad signature, a
// downgraded algorithm ("none"), a userinfo left unencrypted; and the person with no account.
// The peer (tests/oidc/peer.mjs) is the npm oidc-provider package with a trust anchor beside it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicKey, verify } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { BIN, DB, dbText, startCoprog } from './helpers.mjs';
import { TRUST_MARKS, startPeer } from '../oidc/peer.mjs';
import { axe, launch } from '../browser/browser.mjs';

const RESIDENT = 'NQLRNI70A01F205W'; // resident1 in the demo
const LEGAL_REP = 'LGLNNA80A41F205Q'; // legale.1, legal representative of a body
const NOBODY = 'RSSMRA80A01F205X'; // a valid codice fiscale no account has
const people = {
  [RESIDENT]: { given_name: 'Rino', family_name: 'Inquilino' },
  [LEGAL_REP]: { given_name: 'Anna', family_name: 'Legale' },
  [NOBODY]: { given_name: 'Mario', family_name: 'Rossi' },
};

let peer;
let browser;
let dir;
const servers = [];

const federation = (port, mark) => ['--db', DB, '--base-url', `http://127.0.0.1:${port}`,
  '--trust-anchor', peer.anchor, '--trust-anchor-jwks', join(dir, 'anchor.jwks'),
  '--identity-provider', `SPID di prova=${peer.issuer}`, '--trust-mark', mark,
  '--provider-trust-mark', TRUST_MARKS.op];

// An instance with the trust mark the anchor gave it, requiring the provider's.
async function coprog() {
  const port = 10000 + Math.floor(Math.random() * 20000);
  const mark = join(dir, `mark-${port}.jwt`);
  writeFileSync(mark, await peer.trustMark(`http://127.0.0.1:${port}`, TRUST_MARKS.rp));
  const s = await startCoprog(federation(port, mark), { port });
  servers.push(s);
  return s;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coprog-spid-'));
  peer = await startPeer({ people });
  writeFileSync(join(dir, 'anchor.jwks'), JSON.stringify(peer.anchorJwks));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const s of servers) await s.stop();
  await peer?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Sign-in from coprog's page through the provider's; the page it ends on, and the callback
 * URL the provider sent the browser to. */
async function signIn(server, cf, next = '/account') {
  const context = await browser.newContext();
  const page = await context.newPage();
  let callback = null;
  page.on('request', (r) => { if (r.url().startsWith(`${server.base}/oidc/callback`)) callback = r.url(); });
  await page.goto(`${server.base}/login?next=${encodeURIComponent(next)}`);
  await page.getByRole('link', { name: /SPID di prova/ }).click();
  await page.waitForURL((u) => u.href.startsWith(peer.issuer) || u.href.startsWith(server.base));
  if (page.url().startsWith(peer.issuer)) {
    await page.fill('#cf', cf);
    await Promise.all([page.waitForURL((u) => u.href.startsWith(server.base)), page.click('button[type=submit]')]);
  }
  await page.waitForLoadState();
  const cookies = await context.cookies(server.base);
  const text = await page.locator('main').innerText();
  return { page, context, callback, text, url: page.url(), session: cookies.some((c) => c.name === 'coprog_session') };
}

test('a resident and a body\'s legal representative sign in with SPID level 2, and no second factor is asked on top', async () => {
  const server = await coprog();
  const login = await (await fetch(`${server.base}/login`)).text();
  assert.match(login, /Entra con SPID o CIE/);
  for (const [cf, email] of [[RESIDENT, 'resident1@demo.invalid'], [LEGAL_REP, 'legale.1@demo.invalid']]) {
    const r = await signIn(server, cf);
    try {
      assert.equal(new URL(r.url).pathname, '/account', `${cf} lands where they were going: ${r.text.slice(0, 300)}`);
      assert.ok(r.session, 'a session is started');
      assert.match(r.text, new RegExp(email.replace('.', '\\.')));
      // The callback carried a code and the state, never a token.
      const cb = new URL(r.callback);
      assert.ok(cb.searchParams.get('code'));
      assert.ok(cb.searchParams.get('state').length >= 43);
      assert.equal(cb.searchParams.get('iss'), peer.issuer);
    } finally {
      await r.context.close();
    }
  }
  // The audit trail says how they came in, and at which level.
  assert.ok(Number(dbText("SELECT count(*) FROM audit_log WHERE action = 'login_spid' AND detail LIKE '%\"spid_level\":2%'")) >= 2);
  // The federation log keeps requests, answers and chains, without tokens or codes.
  const kinds = dbText('SELECT DISTINCT kind FROM oidc_log ORDER BY kind').split('\n');
  for (const k of ['authorization_request', 'id_token', 'token_response', 'trust_chain', 'userinfo']) assert.ok(kinds.includes(k), k);
  const logged = dbText("SELECT content FROM oidc_log WHERE kind IN ('token_response', 'authorization_request')");
  assert.doesNotMatch(logged, /access_token|id_token"|code_verifier|"nonce"/);
});

test('the request coprog sends is a signed request object with PKCE S256, state and nonce of 43+ characters, and SPID level 2', async () => {
  const server = await coprog();
  const res = await fetch(`${server.base}/oidc/login?provider=${encodeURIComponent(peer.issuer)}`, { redirect: 'manual' });
  assert.equal(res.status, 303);
  const to = new URL(res.headers.get('location'));
  assert.ok(to.href.startsWith(`${peer.issuer}/`), to.href);
  assert.equal(to.searchParams.get('code_challenge_method'), 'S256');
  const [h, p] = to.searchParams.get('request').split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url'));
  const ro = JSON.parse(Buffer.from(p, 'base64url'));
  assert.equal(header.alg, 'RS256');
  assert.equal(ro.client_id, server.base);
  assert.equal(ro.acr_values, 'https://www.spid.gov.it/SpidL2');
  assert.ok(ro.state.length >= 43 && ro.nonce.length >= 43);
  assert.equal(ro.code_challenge, to.searchParams.get('code_challenge'));
  assert.ok(ro.claims.userinfo['https://attributes.eid.gov.it/fiscal_number'].essential);
  assert.match(res.headers.get('set-cookie'), /coprog_oidc=.*HttpOnly.*SameSite=Lax/);
  // A provider the sign-in page does not offer is not followed.
  const other = await fetch(`${server.base}/oidc/login?provider=${encodeURIComponent('https://idp.example.org')}`, { redirect: 'manual' });
  assert.equal(other.status, 404);
});

test('the resolve endpoint gives the provider\'s metadata with the anchor\'s policy applied, and its chain, signed by coprog', async () => {
  const server = await coprog();
  const res = await fetch(`${server.base}/resolve?sub=${encodeURIComponent(peer.issuer)}&trust_anchor=${encodeURIComponent(peer.anchor)}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/resolve-response+jwt');
  const jwt = await res.text();
  const [h, p, s] = jwt.split('.');
  const ec = (await (await fetch(`${server.base}/.well-known/openid-federation`)).text()).split('.');
  const fedKey = JSON.parse(Buffer.from(ec[1], 'base64url')).jwks.keys[0];
  assert.ok(verify('RSA-SHA256', Buffer.from(`${h}.${p}`), createPublicKey({ key: fedKey, format: 'jwk' }), Buffer.from(s, 'base64url')));
  const body = JSON.parse(Buffer.from(p, 'base64url'));
  assert.equal(JSON.parse(Buffer.from(h, 'base64url')).typ, 'resolve-response+jwt');
  const op = body.metadata.openid_provider;
  assert.equal(op.organization_name, 'Gestore di identità di prova', 'the anchor\'s "value" policy');
  assert.ok(op.id_token_signing_alg_values_supported.every((a) => ['RS256', 'RS512', 'PS256', 'PS512'].includes(a)), 'its "subset_of"');
  assert.equal(body.trust_chain.length, 3, 'provider configuration, anchor\'s statement, anchor configuration');
  const wrong = await fetch(`${server.base}/resolve?sub=${encodeURIComponent(peer.issuer)}&trust_anchor=https%3A%2F%2Fother.example`);
  assert.equal(wrong.status, 404);
});

test('someone the provider knows but coprog does not is told what to do, and is not signed in', async () => {
  const server = await coprog();
  const r = await signIn(server, NOBODY);
  try {
    assert.match(r.text, /Nessun account collegato/);
    assert.match(r.text, /RSSMRA\*{6}205X/, 'the tax code, masked');
    assert.match(r.text, /legale rappresentante/);
    assert.ok(!r.session);
  } finally {
    await r.context.close();
  }
});

test('a state is taken once: the same answer from the provider a second time is refused', async () => {
  const server = await coprog();
  const r = await signIn(server, RESIDENT);
  await r.context.close();
  assert.ok(r.session);
  const state = new URL(r.callback).searchParams.get('state');
  const again = await fetch(r.callback, { headers: { cookie: `coprog_oidc=${state}` }, redirect: 'manual' });
  assert.equal(again.status, 400);
  assert.match(await again.text(), /già stata usata/);
  // Without the browser's cookie, an answer is not taken at all (a sign-in started elsewhere).
  const elsewhere = await fetch(r.callback, { redirect: 'manual' });
  assert.equal(elsewhere.status, 400);
  assert.match(await elsewhere.text(), /non appartiene a un accesso iniziato da questo browser/);
});

for (const [mode, message] of [
  ['wrongNonce', /non corrisponde a questa richiesta di accesso \(nonce\)/],
  ['badSignature', /firma di un documento ricevuto non è valida/],
  ['algNone', /algoritmo di firma non ammesso/],
  ['plainUserinfo', /senza la cifratura richiesta/],
]) {
  test(`a provider that misbehaves (${mode}) is refused and no one is signed in`, async () => {
    const server = await coprog();
    peer.mode[mode] = true;
    try {
      const r = await signIn(server, RESIDENT);
      await r.context.close();
      assert.match(r.text, /Accesso non riuscito/);
      assert.match(r.text, message);
      assert.ok(!r.session);
    } finally {
      delete peer.mode[mode];
    }
  });
}

for (const [mode, message] of [
  ['expiredChain', /catena di fiducia del gestore di identità è scaduta/],
  ['foreignKey', /firma di un documento ricevuto non è valida/],
  ['noTrustMark', /non ha il marchio di fiducia richiesto/],
  ['foreignTrustMark', /non ha il marchio di fiducia richiesto/],
]) {
  test(`a provider whose trust chain does not hold (${mode}) is not even asked`, async () => {
    const server = await coprog(); // a new instance: no chain kept in memory
    peer.mode[mode] = true;
    try {
      const res = await fetch(`${server.base}/oidc/login?provider=${encodeURIComponent(peer.issuer)}`, { redirect: 'manual' });
      assert.equal(res.status, 502);
      assert.match(await res.text(), message);
    } finally {
      delete peer.mode[mode];
    }
  });
}

test('coprog publishes the trust mark the anchor gave it, and will not start with one that is not its own', async () => {
  const server = await coprog();
  const jwt = await (await fetch(`${server.base}/.well-known/openid-federation`)).text();
  const claims = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url'));
  assert.equal(claims.trust_marks.length, 1);
  assert.equal(claims.trust_marks[0].id, TRUST_MARKS.rp);
  const [h, p, sig] = claims.trust_marks[0].trust_mark.split('.');
  const mark = JSON.parse(Buffer.from(p, 'base64url'));
  assert.deepEqual([mark.iss, mark.sub, mark.id], [peer.anchor, server.base, TRUST_MARKS.rp]);
  const anchorKey = createPublicKey({ key: peer.anchorJwks.keys[0], format: 'jwk' });
  assert.ok(verify('RSA-SHA256', Buffer.from(`${h}.${p}`), anchorKey, Buffer.from(sig, 'base64url')), 'signed by the anchor');
  // Another entity's mark, an expired one, one the anchor did not sign: refused at start.
  const port = 10000 + Math.floor(Math.random() * 20000);
  for (const [jwt2, why] of [
    [await peer.trustMark('http://127.0.0.1:1', TRUST_MARKS.rp), /trust_mark_subject/],
    [await peer.trustMark(`http://127.0.0.1:${port}`, TRUST_MARKS.rp, { exp: Math.floor(Date.now() / 1000) - 10 }), /trust_mark_expired/],
    ['not.a.jwt', /identity\./],
  ]) {
    const file = join(dir, 'bad-mark.jwt');
    writeFileSync(file, jwt2);
    // A start that went on would be killed after 20 s, and fail here.
    const r = spawnSync(BIN, ['serve', '--listen', `127.0.0.1:${port}`, ...federation(port, file)], { encoding: 'utf8', timeout: 20000 });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, why);
  }
});

test('the sign-in page with SPID, the page for someone with no account and a refusal read well on a phone and a screen (axe, no sideways scrolling)', async () => {
  const server = await coprog();
  const shots = join(process.env.COPROG_SCREENSHOTS || 'build/screenshots', 'spid');
  mkdirSync(shots, { recursive: true });
  const pages = [
    ['login', async () => { const c = await browser.newContext(); const p = await c.newPage(); await p.goto(`${server.base}/login`); return { page: p, context: c }; }],
    ['no-account', () => signIn(server, NOBODY)],
    ['refused', async () => { peer.mode.wrongNonce = true; try { return await signIn(server, RESIDENT); } finally { delete peer.mode.wrongNonce; } }],
  ];
  for (const [name, open] of pages) {
    const { page, context } = await open();
    try {
      for (const width of [375, 1280]) {
        await page.setViewportSize({ width, height: 800 });
        const { sw, iw } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, iw: window.innerWidth }));
        assert.ok(sw <= iw, `${name} at ${width} px scrolls sideways (${sw} > ${iw})`);
        assert.deepEqual(await axe(page), [], `${name} at ${width} px`);
        await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true });
      }
    } finally {
      await context.close();
    }
  }
});
