// coprog's entity configuration in the SPID/CIE OpenID Connect Federation (issue 18, first
// part of SPID/CIE): a JWT signed with the federation key (RS256, typ entity-statement+jwt),
// whose signature node's own crypto verifies with the key it publishes; kid as RFC 7638's
// thumbprint; the relying party's metadata with its own keys, apart from the federation's; the
// same keys from every instance; no private key member anywhere. Runs on both engines.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { DB, startCoprog } from './helpers.mjs';

const ENTITY = 'https://coprog.example.it';
const ANCHOR = 'https://trust-anchor.example.it';
const servers = [];
after(async () => { for (const s of servers) await s.stop(); });

const part = (p) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
const thumbprint = (jwk) => createHash('sha256').update(JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n })).digest('base64url');

async function configuration(server) {
  const res = await fetch(`${server.base}/.well-known/openid-federation`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/entity-statement+jwt');
  const jwt = await res.text();
  const [h, p, s] = jwt.split('.');
  return { jwt, header: part(h), payload: part(p), input: `${h}.${p}`, signature: Buffer.from(s, 'base64url') };
}

test('the entity configuration is signed by the federation key it publishes, and says what a relying party must', async () => {
  for (let i = 0; i < 2; i++) {
    servers.push(await startCoprog(['--db', DB, '--base-url', `${ENTITY}/`, '--federation-authority', ANCHOR, '--federation-org', 'Comune di Milano (prova)']));
  }
  const { header, payload, input, signature, jwt } = await configuration(servers[0]);
  assert.equal(header.alg, 'RS256');
  assert.equal(header.typ, 'entity-statement+jwt');
  const [fed] = payload.jwks.keys;
  assert.equal(header.kid, fed.kid);
  assert.equal(fed.kid, thumbprint(fed), 'kid is the RFC 7638 thumbprint');
  const key = createPublicKey({ key: fed, format: 'jwk' });
  assert.ok(verify('RSA-SHA256', Buffer.from(input), key, signature), 'the signature verifies');
  const tampered = Buffer.from(input.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
  assert.ok(!verify('RSA-SHA256', tampered, key, signature), 'and only for these bytes');
  assert.equal(payload.iss, ENTITY, 'no trailing slash');
  assert.equal(payload.sub, ENTITY);
  assert.equal(payload.exp - payload.iat, 86400);
  assert.ok(Math.abs(payload.iat - Date.now() / 1000) < 300);
  assert.deepEqual(payload.authority_hints, [ANCHOR]);
  const rp = payload.metadata.openid_relying_party;
  assert.equal(rp.client_id, ENTITY);
  assert.deepEqual(rp.client_registration_types, ['automatic']);
  assert.deepEqual(rp.response_types, ['code']);
  assert.equal(rp.token_endpoint_auth_method, 'private_key_jwt');
  assert.equal(rp.userinfo_encrypted_response_alg, 'RSA-OAEP-256');
  assert.equal(rp.userinfo_encrypted_response_enc, 'A256CBC-HS512');
  assert.deepEqual(rp.jwks.keys.map((k) => [k.use, k.alg]), [['sig', 'RS256'], ['enc', 'RSA-OAEP-256']]);
  const kids = [fed.kid, ...rp.jwks.keys.map((k) => k.kid)];
  assert.equal(new Set(kids).size, 3, 'federation keys apart from the OIDC keys');
  for (const k of rp.jwks.keys) assert.equal(k.kid, thumbprint(k));
  assert.equal(payload.metadata.federation_entity.organization_name, 'Comune di Milano (prova)');
  assert.ok(!/"(d|p|q|dp|dq|qi)":/.test(Buffer.from(jwt.split('.')[1], 'base64url').toString()), 'no private key member');
  const other = await configuration(servers[1]);
  assert.deepEqual(other.payload.jwks, payload.jwks, 'every instance signs with the same key');
  assert.deepEqual(other.payload.metadata.openid_relying_party.jwks, rp.jwks);
});

test('without a public https address there is no configuration to give (plain http only on the loopback, for tests)', async () => {
  const server = await startCoprog(['--db', DB, '--base-url', 'http://coprog.example.it/']);
  servers.push(server);
  const res = await fetch(`${server.base}/.well-known/openid-federation`);
  assert.equal(res.status, 404);
  assert.match(await res.text(), /https/);
});
