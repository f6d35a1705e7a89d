// The SPID/CIE federation coprog's tests sign in through, started on this machine: a trust
// anchor (its entity configuration and a fetch endpoint for subordinate statements) and an
// OpenID provider built on the npm `oidc-provider` package, configured as AgID's profile asks
// (signed request objects, PKCE S256, private_key_jwt, userinfo signed then encrypted with
// RSA-OAEP-256 and A256CBC-HS512, acr values of SPID levels, the fiscal_number claim). The
// provider registers a relying party automatically, as the federation does: from the RP's
// entity configuration, vouched for by the anchor's subordinate statement.
//
// The anchor issues trust marks (`trustMark(sub, id)`): the provider carries one for providers,
// and the suite gives coprog one for public relying parties.
//
// `mode` makes the peer misbehave on purpose for the refusals the suite checks: an expired
// chain, a provider configuration signed by a key no one vouched for, a provider without its
// trust mark or with one signed by someone else, an ID token with a wrong nonce, a bad
// signature or a downgraded algorithm, a userinfo left unencrypted.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';
import * as jose from 'jose';

const FISCAL = 'https://attributes.eid.gov.it/fiscal_number';
const ACR = (n) => `https://www.spid.gov.it/SpidL${n}`;
const now = () => Math.floor(Date.now() / 1000);
// The trust marks of AgID's rules: a public relying party, an identity provider.
export const TRUST_MARKS = {
  rp: 'https://registry.spid.gov.it/openid_relying_party/public/',
  op: 'https://registry.spid.gov.it/openid_provider/',
};

async function rsaKey(kid) {
  const { publicKey, privateKey } = await jose.generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const pub = { ...(await jose.exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  const priv = { ...(await jose.exportJWK(privateKey)), kid, use: 'sig', alg: 'RS256' };
  return { pub, priv, key: privateKey };
}

const statement = (claims, key, kid, typ = 'entity-statement+jwt') =>
  new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ }).sign(key);

// The entity configuration of `id`, its signature checked with the keys it carries.
async function configurationOf(id) {
  const res = await fetch(`${id}/.well-known/openid-federation`);
  if (res.status !== 200) throw new Error(`${id}: entity configuration answered ${res.status}`);
  const jwt = await res.text();
  const { payload } = await jose.jwtVerify(jwt, jose.createLocalJWKSet(jose.decodeJwt(jwt).jwks));
  if (payload.iss !== id || payload.sub !== id) throw new Error(`${id}: not self-issued`);
  return payload;
}

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`));
  });
}

// A memory adapter whose Client lookup is the federation's automatic registration.
function adapterFor(registerClient) {
  const store = new Map();
  return class Adapter {
    constructor(name) { this.name = name; }
    key(id) { return `${this.name}:${id}`; }
    async upsert(id, payload) { store.set(this.key(id), payload); }
    async find(id) { return this.name === 'Client' ? registerClient(id) : store.get(this.key(id)); }
    async findByUid(uid) { for (const v of store.values()) if (v.uid === uid) return v; return undefined; }
    async findByUserCode() { return undefined; }
    async consume(id) { const v = store.get(this.key(id)); if (v) v.consumed = now(); }
    async destroy(id) { store.delete(this.key(id)); }
    async revokeByGrantId(grantId) { for (const [k, v] of store) if (v.grantId === grantId) store.delete(k); }
  };
}

const page = (title, body) => `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body><main><h1>${title}</h1>${body}</main></body></html>`;

export async function startPeer({ people = {} } = {}) {
  const mode = {};
  const anchorKey = await rsaKey('anchor-1');
  const opFederationKey = await rsaKey('op-federation-1');
  const opSigning = await rsaKey('op-oidc-1');
  const strangerKey = await rsaKey('stranger-1');

  const anchorServer = http.createServer();
  const opServer = http.createServer();
  const anchor = await listen(anchorServer);
  const issuer = await listen(opServer);
  // A trust mark the anchor issues (or, with `by`, someone else does), valid for 30 days.
  const trustMark = (sub, id, { by = anchorKey, exp = now() + 30 * 86400 } = {}) =>
    statement({ iss: anchor, sub, id, iat: now(), exp }, by.key, by.pub.kid, 'trust-mark+jwt');

  // The trust anchor: its configuration, and statements about its subordinates.
  anchorServer.on('request', async (req, res) => {
    try {
      const url = new URL(req.url, anchor);
      let jwt;
      if (url.pathname === '/.well-known/openid-federation') {
        jwt = await statement({
          iss: anchor, sub: anchor, iat: now(), exp: now() + 86400, jwks: { keys: [anchorKey.pub] },
          metadata: { federation_entity: { organization_name: 'Trust anchor di prova', federation_fetch_endpoint: `${anchor}/fetch` } },
          trust_marks_issuers: { [TRUST_MARKS.rp]: [anchor], [TRUST_MARKS.op]: [anchor] },
        }, anchorKey.key, anchorKey.pub.kid);
      } else if (url.pathname === '/fetch') {
        const sub = url.searchParams.get('sub');
        let jwks;
        let policy = {};
        if (sub === issuer) {
          jwks = { keys: [opFederationKey.pub] };
          // The anchor's policy narrows what a provider may use, as the federation does.
          policy = { openid_provider: {
            id_token_signing_alg_values_supported: { subset_of: ['RS256', 'RS512', 'PS256', 'PS512'] },
            userinfo_encryption_alg_values_supported: { subset_of: ['RSA-OAEP', 'RSA-OAEP-256'] },
            organization_name: { value: 'Gestore di identità di prova' },
          } };
        } else {
          jwks = (await configurationOf(sub)).jwks; // onboarding of a relying party
        }
        const exp = mode.expiredChain ? now() - 60 : now() + 86400;
        jwt = await statement({ iss: anchor, sub, iat: now() - 120, exp, jwks, metadata_policy: policy }, anchorKey.key, anchorKey.pub.kid);
      }
      if (!jwt) { res.writeHead(404).end(); return; }
      res.writeHead(200, { 'content-type': 'application/entity-statement+jwt' }).end(jwt);
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(e));
    }
  });

  // Automatic registration: the RP's configuration, with keys as the anchor vouches for them,
  // kept as providers keep it (the token request then finds it without asking the RP again,
  // which would wait on the RP's thread that is waiting for this answer).
  const registered = new Map();
  const registerClient = async (id) => {
    const key = `${id} ${Boolean(mode.plainUserinfo)}`;
    if (!registered.has(key)) registered.set(key, await fetchClient(id));
    return registered.get(key);
  };
  const fetchClient = async (id) => {
    try {
      const rp = await configurationOf(id);
      const md = rp.metadata.openid_relying_party;
      const meta = {
        client_id: id,
        client_name: md.client_name,
        redirect_uris: md.redirect_uris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        jwks: md.jwks,
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'RS256',
        request_object_signing_alg: 'RS256',
        id_token_signed_response_alg: md.id_token_signed_response_alg,
        userinfo_signed_response_alg: md.userinfo_signed_response_alg,
      };
      if (!mode.plainUserinfo) {
        meta.userinfo_encrypted_response_alg = md.userinfo_encrypted_response_alg;
        meta.userinfo_encrypted_response_enc = md.userinfo_encrypted_response_enc;
      }
      return meta;
    } catch {
      return undefined;
    }
  };

  const provider = new Provider(issuer, {
    adapter: adapterFor(registerClient),
    jwks: { keys: [opSigning.priv] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    scopes: ['openid'],
    claims: { openid: ['sub'], profile: ['given_name', 'family_name'], email: ['email'], fiscal: [FISCAL] },
    acrValues: [ACR(1), ACR(2), ACR(3)],
    clientAuthMethods: ['private_key_jwt'],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      claimsParameter: { enabled: true },
      requestObjects: { enabled: true, requireSignedRequestObject: true },
      encryption: { enabled: true },
      jwtUserinfo: { enabled: true },
    },
    enabledJWA: {
      requestObjectSigningAlgValues: ['RS256', 'PS256'],
      clientAuthSigningAlgValues: ['RS256', 'PS256'],
      userinfoEncryptionAlgValues: ['RSA-OAEP', 'RSA-OAEP-256'],
      userinfoEncryptionEncValues: ['A128CBC-HS256', 'A256CBC-HS512'],
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (ctx, id) => ({
      accountId: id,
      claims: () => {
        const p = people[id] || { given_name: 'Persona', family_name: 'Di prova' };
        return { sub: id, given_name: p.given_name, family_name: p.family_name, email: p.email, [FISCAL]: `TINIT-${id}` };
      },
    }),
  });
  provider.proxy = false;

  // The login page stands for SPID's: the person gives their codice fiscale (the test
  // provider's whole "credential"), and consent follows at once.
  provider.use(async (ctx, next) => {
    if (ctx.path === '/.well-known/openid-federation') {
      const disc = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
      delete disc.jwks_uri;
      ctx.type = 'application/entity-statement+jwt';
      const signer = mode.foreignKey ? strangerKey : opFederationKey;
      const marks = mode.noTrustMark ? [] : [{ id: TRUST_MARKS.op, trust_mark: await trustMark(issuer, TRUST_MARKS.op, mode.foreignTrustMark ? { by: strangerKey } : {}) }];
      ctx.body = await statement({
        iss: issuer, sub: issuer, iat: now(), exp: now() + 86400,
        jwks: { keys: [opFederationKey.pub] }, authority_hints: [anchor], trust_marks: marks,
        metadata: {
          openid_provider: { ...disc, jwks: { keys: [opSigning.pub] }, organization_name: 'IdP di prova' },
          federation_entity: { organization_name: 'IdP di prova' },
        },
      }, signer.key, opFederationKey.pub.kid);
      return;
    }
    const m = ctx.path.match(/^\/interaction\/([^/]+)$/);
    if (m) {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      if (details.prompt.name === 'login' && ctx.method === 'GET') {
        ctx.type = 'html';
        ctx.body = page('Entra con SPID (provider di prova)', `
<form method="post" action="${ctx.path}"><label for="cf">Codice fiscale</label>
<input id="cf" name="fiscal_number" autocomplete="off"><button type="submit">Entra</button></form>`);
        return;
      }
      let result;
      if (details.prompt.name === 'login') {
        const body = await new Promise((resolve) => { let s = ''; ctx.req.on('data', (d) => { s += d; }); ctx.req.on('end', () => resolve(s)); });
        const cf = new URLSearchParams(body).get('fiscal_number').trim().toUpperCase();
        const acr = details.params.acr_values?.includes(ACR(3)) ? ACR(3) : ACR(2);
        result = { login: { accountId: cf, acr, amr: ['pwd', 'otp'] } };
      } else {
        const grant = new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
        grant.addOIDCScope('openid');
        const missing = details.prompt.details.missingOIDCClaims || [];
        grant.addOIDCClaims(missing.length ? missing : [FISCAL, 'given_name', 'family_name', 'email']);
        result = { consent: { grantId: await grant.save() } };
      }
      await provider.interactionFinished(ctx.req, ctx.res, result, { mergeWithLastSubmission: true });
      ctx.respond = false;
      return;
    }
    await next();
    // The misbehaving provider re-signs the ID token it issued.
    if (ctx.path === '/token' && ctx.status === 200 && ctx.body?.id_token && (mode.wrongNonce || mode.badSignature || mode.algNone)) {
      const [h, p] = ctx.body.id_token.split('.');
      const claims = JSON.parse(Buffer.from(p, 'base64url'));
      if (mode.wrongNonce) claims.nonce = 'x'.repeat(43);
      if (mode.algNone) {
        const head = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
        ctx.body = { ...ctx.body, id_token: `${head}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.` };
      } else {
        let jwt = await new jose.SignJWT(claims).setProtectedHeader(JSON.parse(Buffer.from(h, 'base64url'))).sign(opSigning.key);
        if (mode.badSignature) jwt = jwt.slice(0, -6) + (jwt.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');
        ctx.body = { ...ctx.body, id_token: jwt };
      }
    }
  });
  opServer.on('request', provider.callback());

  // The anchor's keys, as coprog is given them (--trust-anchor-jwks).
  const anchorJwks = { keys: [anchorKey.pub] };
  const stop = async () => {
    for (const s of [anchorServer, opServer]) {
      s.closeAllConnections?.();
      await new Promise((resolve) => s.close(() => resolve()));
    }
  };
  return { anchor, issuer, anchorJwks, mode, stop, trustMark };
}
