// The person's record (issue 16): opened by the city's social workers with or without documents,
// read by a body only while the person's consent for it is live, restricted records that never
// show their name to those not granted it, special categories apart, and the personal access
// card with which the person sees every opening of their record and withdraws a consent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BASE, Client, api, cli, tokenFor, newEts, setClock } from './helpers.mjs';

const tag = () => randomBytes(3).toString('hex');

// A codice fiscale with a right check letter (DOMAIN.md §5): the odd and even tables.
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
function cf() {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const pick = () => letters[randomBytes(1)[0] % 26];
  const body = `${pick()}${pick()}${pick()}${pick()}${pick()}${pick()}85T10F205`;
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const ch = body[i];
    const v = /[0-9]/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 65;
    sum += i % 2 === 0 ? ODD[v] : v;
  }
  return body + letters[sum % 26];
}

async function open(fields) {
  const res = await api('social', 'POST', '/people', fields);
  assert.equal(res.status, 200, res.text);
  return res.json().person_id;
}

// ets1's body in the demo, as the social worker's consent form lists it.
const ets1Org = async (person) => {
  const bodies = (await api('social', 'GET', `/people/${person}`)).json().bodies;
  return bodies.find((b) => b.name === 'Cooperativa Sociale Esempio Aurora ETS (demo)').id;
};

async function cardClient() {
  const c = new Client();
  await c.get('/card');
  return c;
}

test('a record opens with or without documents; the codice fiscale is checked and never used twice', async () => {
  const bad = await api('social', 'POST', '/people', { tax_code: 'RSSMRA85T10F205X', family_name: 'Rossi' });
  assert.equal(bad.status, 422);
  assert.ok(bad.json().errors.some((e) => e.field === 'tax_code'), bad.text);
  const nobody = await api('social', 'POST', '/people', { origin: 'Milano' });
  assert.equal(nobody.status, 422, 'a record names someone');
  assert.ok(nobody.json().errors.some((e) => e.field === 'family_name'));
  const future = await api('social', 'POST', '/people', { nickname: 'Futuro', birth_date: '2199-01-01' });
  assert.equal(future.status, 422, 'no birth in the future');
  const code = cf();
  const id = await open({ tax_code: code.toLowerCase(), given_name: 'Mario', family_name: `Prova${tag()}`, birth_date: '1985-12-10', ethos: 'public_space' });
  const rec = (await api('social', 'GET', `/people/${id}`)).json().person;
  assert.equal(rec.tax_code, code, 'normalised to upper case');
  assert.equal(rec.birth_year, 1985, 'the year from the date');
  assert.equal(rec.ethos_history.length, 1);
  const again = await api('social', 'POST', '/people', { tax_code: code, nickname: 'Doppio' });
  assert.equal(again.status, 409);
  // Only a nickname: many people have no documents.
  const nick = await open({ nickname: `Il Poeta ${tag()}`, origin: 'Dakar', birth_year: 1970 });
  assert.ok(nick > id);
  // Not a social worker's to open, whoever else asks.
  for (const who of ['ets1', 'officer', 'housing']) assert.equal((await api(who, 'POST', '/people', { nickname: 'x' })).status, 403, who);
});

test('a body reads a record only while the consent is live, and the person sees every opening with the card', async () => {
  const family = `Consenso${tag()}`;
  const id = await open({ given_name: 'Luisa', family_name: family, birth_year: 1980 });
  assert.equal((await api('ets1', 'GET', `/people/${id}`)).status, 404, 'no consent, no record');
  assert.ok(!(await api('ets1', 'GET', '/people')).text.includes(family));
  const org = await ets1Org(id);
  const given = await api('social', 'POST', `/people/${id}/consents`, { organisation_id: org, purpose: 'shelter' });
  assert.equal(given.status, 200, given.text);
  const cid = given.json().consent_id;
  assert.equal((await api('social', 'POST', `/people/${id}/consents`, { organisation_id: org, purpose: 'shelter' })).status, 409, 'one live consent per body and purpose');
  assert.equal((await api('social', 'POST', `/people/${id}/consents`, { organisation_id: 999999, purpose: 'shelter' })).status, 404, 'a body of the city');
  const seen = await api('ets1', 'GET', `/people/${id}`);
  assert.equal(seen.status, 200);
  assert.equal(seen.json().person.family_name, family);
  assert.equal(seen.json().person.reads, undefined, 'the log is the person\'s and the social service\'s');
  assert.ok((await api('ets1', 'GET', `/people?q=${family.toLowerCase()}`)).json().people.some((p) => p.id === id));
  await api('ets1', 'GET', `/people/${id}`);
  // Openings so far: the social worker's (finding the body) and the body's, once each: the
  // same reader opening the same part for the same purpose within a quarter of an hour adds
  // no line. A quarter of an hour later it does.
  assert.equal((await api('social', 'GET', `/people/${id}`)).status, 200);
  await setClock(16 * 60);
  try {
    assert.equal((await api('ets1', 'GET', `/people/${id}`)).status, 200);
    assert.equal((await api('social', 'GET', `/people/${id}`)).status, 200);
  } finally {
    await setClock(0);
  }
  // The special categories are the social service's alone, and each reading is logged.
  assert.equal((await api('ets1', 'GET', `/people/${id}/special`)).status, 403);
  assert.equal((await api('social', 'POST', `/people/${id}/special`, { category: 'health', note: 'Terapia in corso' })).status, 200);
  assert.equal((await api('social', 'GET', `/people/${id}/special`)).json().special[0].note, 'Terapia in corso');

  const card = await api('social', 'POST', `/people/${id}/card`);
  assert.equal(card.status, 200);
  const code = card.json().code;
  assert.match(code, /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
  assert.match(card.json().qr, /^<svg[^>]+role="img"/);
  const person = await cardClient();
  const view = await person.post('/card', { code: code.toLowerCase().replaceAll('-', ' ') }, { accept: 'application/json' });
  assert.equal(view.status, 200, view.text);
  const c = view.json().card;
  assert.equal(c.given_name, 'Luisa');
  assert.equal(c.family_initial, family[0]);
  assert.equal(c.family_name, undefined, 'a lost card shows little');
  const reads = c.reads.map((r) => `${r.part}:${r.purpose}:${r.body ?? ''}`);
  assert.equal(reads.filter((r) => r.startsWith('record:shelter:')).length, 2, reads.join());
  assert.equal(reads.filter((r) => r === 'record:social_service:').length, 2, reads.join());
  assert.equal(reads.filter((r) => r === 'special:social_service:').length, 1, reads.join());
  assert.equal(reads.length, 5, 'every opening, and nothing else');
  assert.ok(c.reads.every((r) => r.reader && r.read_at > 0));
  // The page as the person reads it.
  const html = await person.post('/card', { code });
  assert.match(html.text, /Chi ha aperto la tua scheda/);
  assert.ok(!html.text.includes(code.replaceAll('-', '')) || html.text.includes('name="code"'));
  // The person withdraws the consent: the body's access ends at once.
  const revoked = await person.post(`/card/consents/${cid}/revoke`, { code }, { accept: 'application/json' });
  assert.equal(revoked.status, 200, revoked.text);
  assert.ok(revoked.json().card.consents.every((k) => !k.is_live));
  assert.equal((await api('ets1', 'GET', `/people/${id}`)).status, 404);
  assert.ok(!(await api('ets1', 'GET', `/people?q=${family}`)).json().people.some((p) => p.id === id));
  assert.equal((await person.post(`/card/consents/${cid}/revoke`, { code })).status, 409);
  // A new card ends the old one; wrong and malformed codes say what is wrong.
  const next = (await api('social', 'POST', `/people/${id}/card`)).json().code;
  assert.equal((await person.post('/card', { code })).status, 404, 'the old card no longer opens');
  assert.equal((await person.post('/card', { code: next })).status, 200);
  assert.equal((await person.post('/card', { code: 'ABC' })).status, 422);
});

test('a restricted record never shows its name to those not granted it, and is never shared with a body', async () => {
  const family = `Riservata${tag()}`;
  const nickname = `Colomba${tag()}`;
  const code = cf();
  const id = await open({ tax_code: code, given_name: 'Anna', family_name: family, nickname, restricted: true });
  const mine = (await api('social', 'GET', `/people/${id}`)).json().person;
  assert.equal(mine.family_name, family, 'the worker who opened it has the name');
  // Another social worker of the city: the record, not the name, anywhere.
  const leaks = (text) => [family, nickname, code, 'Anna'].filter((s) => text.includes(s));
  for (const path of [`/people/${id}`, '/people', `/people?q=${family}`, `/people?q=${code}`, `/people?q=${id}`]) {
    // The search's own words come back in the answer (q, the search box): not a leak.
    const q = new URL(path, BASE).searchParams.get('q');
    const json = await api('social2', 'GET', path);
    assert.equal(json.status, 200, path);
    const view = json.json();
    delete view.q;
    assert.deepEqual(leaks(JSON.stringify(view)), [], `JSON ${path}`);
    const html = await (await fetch(BASE + path, { headers: { Authorization: `Bearer ${tokenFor('social2')}` } })).text();
    assert.deepEqual(leaks(q ? html.replaceAll(`value="${q}"`, '') : html), [], `HTML ${path}`);
  }
  assert.ok(!(await api('social2', 'GET', `/people?q=${family}`)).json().people.some((p) => p.id === id), 'no match by name');
  const byNumber = (await api('social2', 'GET', `/people?q=${id}`)).json().people;
  assert.equal(byNumber.length, 1);
  assert.equal(byNumber[0].named, false);
  assert.match((await api('social2', 'GET', `/people?q=${id}`)).text, /"label":\s*"Scheda riservata n\. \d+"/);
  // The audit chain names the record only.
  assert.deepEqual(leaks((await api('auditor', 'GET', '/audit')).text), []);
  // Never shared with a body; a body cannot reach it.
  const org = await ets1Org(id);
  assert.equal((await api('social', 'POST', `/people/${id}/consents`, { organisation_id: org, purpose: 'shelter' })).status, 409);
  assert.equal((await api('ets1', 'GET', `/people/${id}`)).status, 404);
  // Only one who has the name passes it on.
  const social2 = (await api('social2', 'GET', '/account')).json().user.id;
  const social1 = (await api('social', 'GET', '/account')).json().user.id;
  assert.equal((await api('social2', 'POST', `/people/${id}/grants`, { user_id: social2 })).status, 403);
  assert.equal((await api('social', 'POST', `/people/${id}/grants`, { user_id: social2 })).status, 200);
  assert.equal((await api('social2', 'GET', `/people/${id}`)).json().person.family_name, family);
  assert.equal((await api('social', 'POST', `/people/${id}/grants`, { user_id: social1 + 999999 })).status, 404, 'a social worker of the city');
});

test('likely duplicates are shown to the social worker, never merged by themselves', async () => {
  const family = `Doppio${tag()}`;
  const a = await open({ given_name: 'Karim', family_name: family, birth_year: 1990 });
  const b = await open({ given_name: 'K.', family_name: family.toUpperCase(), birth_year: 1990, origin: 'Tunisi' });
  const c = await open({ given_name: 'Karim', family_name: family, birth_year: 1975 });
  const dup = (await api('social', 'GET', `/people/${a}`)).json().person.duplicates.map((d) => d.id);
  assert.ok(dup.includes(b), 'same family name, initial and year');
  assert.ok(!dup.includes(c), 'another year is another person');
  assert.equal((await api('social', 'GET', `/people/${b}`)).json().person.family_name, family.toUpperCase(), 'both records stay');
});

test('the city\'s other roles do not read the records', async () => {
  const id = await open({ nickname: `Nessuno${tag()}` });
  for (const who of ['officer', 'housing', 'resident1', 'auditor', 'admin', 'controller']) {
    const res = await api(who, 'GET', `/people/${id}`);
    assert.equal(res.status, 403, who);
  }
  // The command line lists the new role like any other.
  assert.ok(JSON.parse(cli(['routes']).stdout).some((r) => r.pattern === '/people/{id}' && r.roles.includes('social')));
});

const LEVELS = { level_housing: 'serious', level_income: 'some', level_health: 'none', level_documents: 'serious', level_work: 'some', level_relations: 'none' };

test('taking charge: one open pathway per person, whichever request comes first', async () => {
  const id = await open({ nickname: `Gara ${tag()}`, ethos: 'public_space' });
  const tries = await Promise.all(Array.from({ length: 8 }, () => api('social', 'POST', `/people/${id}/pathway`, { review_days: 30 })));
  assert.equal(tries.filter((r) => r.status === 200).length, 1, tries.map((r) => r.status).join());
  assert.ok(tries.filter((r) => r.status !== 200).every((r) => r.status === 409 && r.json().error.code === 'pathways.pathway_open_already'));
  assert.equal((await api('social', 'POST', `/people/${id}/pathway`, { review_days: 3 })).status, 422, 'reviews fall 7 to 365 days apart');
});

test('the plan is written with the person, acknowledged again when it changes, reviewed and closed', async () => {
  const family = `Piano${tag()}`;
  const id = await open({ given_name: 'Ugo', family_name: family, ethos: 'public_space', birth_year: 1966 });
  assert.equal((await api('social', 'GET', `/people/${id}/pathway`)).json().pathway, null);
  assert.equal((await api('social', 'POST', `/people/${id}/pathway/needs`, LEVELS)).status, 404, 'no open pathway');
  // Reviews a week apart: the clock moves eight days below, not past the demo's open call.
  assert.equal((await api('social', 'POST', `/people/${id}/pathway`, { review_days: 7 })).status, 200);
  const { level_work, ...missing } = LEVELS;
  assert.equal((await api('social', 'POST', `/people/${id}/pathway/needs`, missing)).status, 422, level_work);
  assert.equal((await api('social', 'POST', `/people/${id}/pathway/needs`, { ...LEVELS, note_housing: 'Dorme in stazione' })).status, 200);
  assert.equal((await api('social', 'POST', `/people/${id}/pathway/acknowledge`, { read_with_person: true })).status, 409, 'no goal yet');
  assert.equal((await api('social', 'POST', `/people/${id}/pathway/goals`, { goal: 'Residenza anagrafica', person_words: 'Voglio un indirizzo per la posta' })).status, 200);
  let p = (await api('social', 'GET', `/people/${id}/pathway`)).json().pathway;
  assert.equal(p.needs.length, 6);
  assert.equal(p.needs.find((n) => n.area === 'housing').level, 'serious');
  const goal = p.goals[0].id;
  assert.equal((await api('social', 'POST', `/people/${id}/pathway/goals/${goal}/actions`, { action: 'Domanda di residenza in via fittizia', who: 'assistente sociale', due_on: '2020-01-31' })).status, 200);
  assert.equal((await api('social', 'POST', `/people/${id}/pathway/acknowledge`, {})).status, 422, 'read with the person first');
  assert.equal((await api('social', 'POST', `/people/${id}/pathway/acknowledge`, { read_with_person: true, words: 'Va bene' })).status, 200);
  p = (await api('social', 'GET', `/people/${id}/pathway`)).json().pathway;
  assert.ok(p.acknowledged_at > 0);
  assert.equal(p.acknowledged_words, 'Va bene');
  const action = p.goals[0].actions[0];
  assert.equal(action.is_late, true, 'past its date and not done');
  assert.equal((await api('social', 'POST', `/people/${id}/pathway/actions/${action.id}/done`)).status, 200);
  assert.equal((await api('social', 'POST', `/people/${id}/pathway/actions/${action.id}/done`)).status, 404, 'done once');
  assert.equal((await api('social', 'POST', `/people/${id}/pathway/goals/${goal}/actions`, { action: 'Ritiro del certificato', who: 'la persona', due_on: '2099-01-31' })).status, 200);
  p = (await api('social', 'GET', `/people/${id}/pathway`)).json().pathway;
  assert.equal(p.acknowledged_at, null, 'a changed plan is acknowledged again');
  assert.ok(p.goals[0].actions.find((a) => a.id === action.id).done_at > 0);
  const before = p.next_review_on;
  // Eight days on (the suite's server is shared: a jump past the demo's open call would close
  // it for the tests after this one), with a week as the by-name list's inactivity.
  await setClock(8 * 86400);
  try {
    assert.equal((await api('social', 'GET', `/people/${id}/pathway`)).json().pathway.review_late, true);
    const home = (await api('social', 'GET', '/')).json();
    assert.ok(home.roles.find((r) => r.role === 'social').items.find((i) => i.key === 'reviews_due').count >= 1);
    const inactive = (await api('social', 'GET', '/people/by-name?inactive_days=7')).json().people.find((x) => x.id === id);
    assert.equal(inactive.is_active, false, 'no contact for eight days');
    assert.equal((await api('social', 'POST', `/people/${id}/pathway/reviews`, { note: 'Residenza ottenuta' })).status, 200);
    p = (await api('social', 'GET', `/people/${id}/pathway`)).json().pathway;
    assert.equal(p.review_late, false);
    assert.ok(p.next_review_on > before, `${p.next_review_on} after ${before}`);
    assert.equal((await api('social', 'GET', '/people/by-name?inactive_days=7')).json().people.find((x) => x.id === id).is_active, true, 'a review is a contact');
  } finally {
    await setClock(0);
  }
  assert.equal((await api('social', 'POST', `/people/${id}/pathway/close`, { outcome: 'housed', note: 'Housing First' })).status, 200);
  assert.equal((await api('social', 'POST', `/people/${id}/pathway/goals`, { goal: 'x' })).status, 404, 'closed');
  assert.ok(!(await api('social', 'GET', '/people/by-name')).json().people.some((x) => x.id === id), 'housed: off the by-name list');
  assert.equal((await api('social', 'POST', `/people/${id}/pathway`, {})).status, 200, 'a new pathway may open');
});

test('referrals go to a body the person agreed to, which accepts or declines with a reason, then completes', async () => {
  const family = `Invio${tag()}`;
  const id = await open({ given_name: 'Rosa', family_name: family, ethos: 'emergency' });
  assert.equal((await api('social', 'POST', `/people/${id}/pathway`, {})).status, 200);
  const org = await ets1Org(id);
  const byBody = async () => (await api('officer', 'GET', '/people/report')).json().referrals_by_body.find((b) => b.id === org) ?? { sent: 0, waiting: 0, accepted: 0, completed: 0 };
  const before = await byBody();
  const refuse = await api('social', 'POST', `/people/${id}/referrals`, { organisation_id: org, reason: 'Posto in accoglienza' });
  assert.equal(refuse.status, 409, 'no consent, no referral');
  assert.equal(refuse.json().error.code, 'pathways.referral_no_consent');
  assert.equal((await api('social', 'POST', `/people/${id}/consents`, { organisation_id: org, purpose: 'shelter' })).status, 200);
  const sent = await api('social', 'POST', `/people/${id}/referrals`, { organisation_id: org, reason: 'Posto in accoglienza' });
  assert.equal(sent.status, 200, sent.text);
  const rid = sent.json().referral_id;
  const waiting = await byBody();
  assert.deepEqual([waiting.sent - before.sent, waiting.waiting - before.waiting], [1, 1], 'sent in the period, by the body it went to');
  const inbox = (await api('ets1', 'GET', '/referrals')).json().referrals.find((x) => x.id === rid);
  assert.equal(inbox.family_name, family);
  assert.equal(inbox.state, 'sent');
  // Another body of the city cannot answer it.
  const other = newEts(7);
  const tok = cli(['token', 'create', '--email', other.email, '--label', 't']).stdout.trim();
  const foreign = await fetch(`${BASE}/referrals/${rid}/answer`, { method: 'POST', headers: { Authorization: `Bearer ${tok}`, Accept: 'application/json', 'Content-Type': 'application/json' }, body: JSON.stringify({ decision: 'accept' }) });
  assert.equal(foreign.status, 404);
  assert.equal((await api('ets1', 'POST', `/referrals/${rid}/answer`, { decision: 'decline' })).status, 422, 'a refusal says why');
  assert.equal((await api('ets1', 'POST', `/referrals/${rid}/complete`)).status, 409, 'accepted first');
  assert.equal((await api('ets1', 'POST', `/referrals/${rid}/answer`, { decision: 'accept' })).status, 200);
  assert.equal((await api('ets1', 'POST', `/referrals/${rid}/answer`, { decision: 'decline', reason: 'x' })).status, 409, 'answered once');
  assert.equal((await api('ets1', 'POST', `/referrals/${rid}/complete`)).status, 200);
  const done = await byBody();
  assert.deepEqual([done.sent - before.sent, done.waiting - before.waiting, done.completed - before.completed], [1, 0, 1]);
  const seen = (await api('social', 'GET', `/people/${id}/pathway`)).json().pathway.referrals.find((x) => x.id === rid);
  assert.equal(seen.state, 'completed');
  // The body reads the pathway under its consent: the plan and its own referrals, not the assessment.
  const theirs = await api('ets1', 'GET', `/people/${id}/pathway`);
  assert.equal(theirs.status, 200);
  assert.equal(theirs.json().pathway.needs, undefined);
  // Once the consent is withdrawn the referral stays, without the person's name.
  const cid = (await api('social', 'GET', `/people/${id}`)).json().person.consents[0].id;
  assert.equal((await api('social', 'POST', `/people/${id}/consents/${cid}/revoke`)).status, 200);
  const after = (await api('ets1', 'GET', '/referrals')).json().referrals.find((x) => x.id === rid);
  assert.equal(after.family_name, undefined);
  assert.equal(after.named, false);
  assert.equal((await api('ets1', 'GET', `/people/${id}/pathway`)).status, 404);
});

test('guessing card codes is slowed per address, and a right code does not forgive the guesses', async () => {
  const id = await open({ nickname: `Tessera ${tag()}` });
  const code = (await api('social', 'POST', `/people/${id}/card`)).json().code;
  const c = new Client(BASE, { from: '127.0.0.77' });
  await c.get('/card');
  const statuses = [];
  for (let i = 0; i < 10; i++) {
    statuses.push((await c.post('/card', { code: `ZZZZ-ZZZZ-ZZ${'ABCDEFGHJK'[i]}Z` })).status);
    if (i === 5) assert.equal((await c.post('/card', { code })).status, 200, 'the right code opens meanwhile');
  }
  assert.deepEqual(statuses, Array(10).fill(404));
  const stopped = await c.post('/card', { code: 'ZZZZ-ZZZZ-ZZZZ' });
  assert.equal(stopped.status, 429);
  assert.ok(Number(stopped.headers.get('retry-after')) > 0);
  assert.equal((await c.post('/card', { code })).status, 429, 'the wait holds for every code');
});

test('residence at the fictitious street: asked by the social service, decided by the registry office, certified as PDF', async () => {
  const family = `Residenza${tag()}`;
  const id = await open({ given_name: 'Dario', family_name: family, birth_date: '1971-04-02', ethos: 'public_space' });
  assert.match((await api('registry', 'GET', '/registry')).json().street, /\S/, 'the demo city named its street');
  const asked = await api('social', 'POST', `/people/${id}/address`);
  assert.equal(asked.status, 200, asked.text);
  const rid = asked.json().request_id;
  assert.equal((await api('social', 'POST', `/people/${id}/address`)).status, 409, 'one alive at a time');
  const queue = await api('registry', 'GET', '/registry');
  assert.ok(queue.json().waiting.some((w) => w.id === rid));
  assert.ok(!queue.text.includes(family), 'the queue carries numbers, not names');
  const one = await api('registry', 'GET', `/registry/${rid}`);
  assert.equal(one.status, 200);
  assert.equal(one.json().request.family_name, family);
  assert.equal((await api('registry', 'GET', `/people/${id}`)).status, 403, 'the registry office reads requests, not records');
  assert.equal((await api('registry', 'POST', `/registry/${rid}/decide`, { decision: 'refuse' })).status, 422, 'a refusal says why');
  assert.equal((await api('registry', 'POST', `/registry/${rid}/decide`, { decision: 'grant' })).status, 200);
  assert.equal((await api('registry', 'POST', `/registry/${rid}/decide`, { decision: 'refuse', note: 'x' })).status, 409, 'decided once');
  const cert = await fetch(`${BASE}/registry/${rid}/certificate.pdf`, { headers: { Authorization: `Bearer ${tokenFor('social')}` } });
  assert.equal(cert.status, 200);
  assert.equal(cert.headers.get('content-type'), 'application/pdf');
  assert.equal(Buffer.from(await cert.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
  assert.equal((await api('ets1', 'GET', `/registry/${rid}/certificate.pdf`)).status, 403);
  const rec = (await api('social', 'GET', `/people/${id}`)).json();
  assert.equal(rec.address.state, 'granted');
  assert.match(rec.address.certificate_number, /^RF\/\d{4}\/\d+$/);
  // The person sees the registry office's reading and the certificate's.
  const code = (await api('social', 'POST', `/people/${id}/card`)).json().code;
  const person = await cardClient();
  const reads = (await person.post('/card', { code }, { accept: 'application/json' })).json().card.reads;
  assert.ok(reads.some((r) => r.purpose === 'registry' && r.part === 'record' && /Anagrafe/.test(r.reader)), JSON.stringify(reads));
  assert.ok(reads.some((r) => r.purpose === 'registry' && r.part === 'export'));
  assert.ok((await api('registry', 'GET', '/')).json().roles.find((r) => r.role === 'registry').items.some((i) => i.key === 'address_requests'));
  // A home of their own ends it; a new request may follow.
  assert.equal((await api('social', 'POST', `/people/${id}/address/end`)).status, 200);
  assert.equal((await api('social', 'POST', `/people/${id}/address`)).status, 200);
});

test('a restricted record\'s residence is asked and certified only by those who have its name', async () => {
  const id = await open({ given_name: 'Bice', family_name: `Nascosta${tag()}`, restricted: true });
  assert.equal((await api('social2', 'POST', `/people/${id}/address`)).status, 403);
  const rid = (await api('social', 'POST', `/people/${id}/address`)).json().request_id;
  assert.equal((await api('registry', 'POST', `/registry/${rid}/decide`, { decision: 'grant' })).status, 200);
  assert.equal((await api('social2', 'GET', `/registry/${rid}/certificate.pdf`)).status, 404);
  assert.equal((await api('social', 'GET', `/registry/${rid}/certificate.pdf`)).status, 200);
});

test('mail held for the person is logged on arrival, shown on their card and handed over once', async () => {
  const id = await open({ nickname: `Posta ${tag()}` });
  const logged = await api('social', 'POST', `/people/${id}/mail`, { kind: 'registered', sender: 'INPS' });
  assert.equal(logged.status, 200, logged.text);
  const mid = logged.json().mail_id;
  assert.equal((await api('social', 'POST', `/people/${id}/mail`, { kind: 'pigeon', sender: 'x' })).status, 422);
  const code = (await api('social', 'POST', `/people/${id}/card`)).json().code;
  const person = await cardClient();
  const card = (await person.post('/card', { code }, { accept: 'application/json' })).json().card;
  assert.deepEqual(card.mail.map((m) => [m.kind, m.sender]), [['registered', 'INPS']]);
  assert.match((await person.post('/card', { code })).text, /C&#39;è posta per te|C'è posta per te/);
  assert.equal((await api('social', 'POST', `/people/${id}/mail/${mid}/handed`)).status, 200);
  assert.equal((await api('social', 'POST', `/people/${id}/mail/${mid}/handed`)).status, 404, 'handed once');
  assert.deepEqual((await person.post('/card', { code }, { accept: 'application/json' })).json().card.mail, []);
  const rec = (await api('social', 'GET', `/people/${id}`)).json();
  assert.ok(rec.mail.find((m) => m.id === mid).handed_at > 0);
});

test('the person downloads everything held about them with the card', async () => {
  const family = `Export${tag()}`;
  const id = await open({ given_name: 'Elsa', family_name: family, tax_code: cf(), ethos: 'emergency' });
  assert.equal((await api('social', 'POST', `/people/${id}/special`, { category: 'health', note: 'Allergia (export)' })).status, 200);
  assert.equal((await api('social', 'POST', `/people/${id}/pathway`, {})).status, 200);
  assert.equal((await api('social', 'POST', `/people/${id}/mail`, { kind: 'letter', sender: 'Comune' })).status, 200);
  const code = (await api('social', 'POST', `/people/${id}/card`)).json().code;
  const person = await cardClient();
  const res = await person.post('/card/export', { code });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-disposition'), /attachment; filename="i-miei-dati.json"/);
  const all = JSON.parse(res.text);
  assert.equal(all.family_name, family);
  assert.ok(all.tax_code);
  assert.equal(all.special[0].note, 'Allergia (export)');
  assert.equal(all.pathway.state, 'open');
  assert.equal(all.mail.length, 1);
  assert.ok(all.reads.length >= 0 && Array.isArray(all.consents));
  assert.equal((await person.post('/card/export', { code: 'ZZZZ-ZZZZ-ZZZZ' })).status, 404);
});

test('Housing First: one placement per home, however many workers offer it at once; sustainment at 6, 12 and 24 months', async () => {
  const home = await api('social', 'POST', '/housing-first/homes', { kind: 'agency', address: `via Prova ${tag()}`, rooms: 2 });
  assert.equal(home.status, 200, home.text);
  const hid = home.json().home_id;
  const people = [];
  for (let i = 0; i < 12; i++) {
    people.push(await open({ nickname: `Casa ${tag()}`, ethos: 'public_space' }));
    assert.equal((await api('social', 'POST', `/people/${people[i]}/pathway`, { review_days: 30 })).status, 200);
  }
  // Others of the city come first in its order: each offer says why (the matching test below).
  const why = { skip_reason: 'Prova: offerte contemporanee' };
  const offers = await Promise.all(people.map((p) => api('social', 'POST', `/people/${p}/placements`, { home_id: hid, programme: 'housing_led', ...why })));
  assert.equal(offers.filter((r) => r.status === 200).length, 1, offers.map((r) => r.status).join());
  assert.ok(offers.filter((r) => r.status !== 200).every((r) => r.status === 409 && r.json().error.code === 'pathways.home_taken'));
  const placed = people[offers.findIndex((r) => r.status === 200)];
  const pid = offers.find((r) => r.status === 200).json().placement_id;
  // The person cannot hold two homes.
  const other = (await api('social', 'POST', '/housing-first/homes', { kind: 'private_lease', address: `via Altra ${tag()}`, rooms: 1 })).json().home_id;
  const twice = await api('social', 'POST', `/people/${placed}/placements`, { home_id: other, programme: 'housing_led' });
  assert.equal(twice.status, 409);
  assert.equal(twice.json().error.code, 'pathways.person_placed');
  // Public housing names a unit of the city's housing register.
  assert.equal((await api('social', 'POST', '/housing-first/homes', { kind: 'public_housing', building_code: 'NO-SUCH', unit_code: 'X', rooms: 2 })).status, 422);
  const erp = await api('social', 'POST', '/housing-first/homes', { kind: 'public_housing', building_code: 'MI-ERP-0501', unit_code: 'Scala A int. 5', rooms: 3 });
  assert.equal(erp.status, 200, erp.text);
  assert.equal((await api('social', 'POST', '/housing-first/homes', { kind: 'public_housing', building_code: 'MI-ERP-0501', unit_code: 'Scala A int. 5', rooms: 3 })).status, 409, 'a unit once');
  const before = (await api('social', 'GET', '/housing-first')).json().sustainment;
  assert.equal((await api('social', 'POST', `/placements/${pid}/visits`, { visited_on: '2024-10-05', note: 'x' })).status, 409, 'visits to a home lived in');
  assert.equal((await api('social', 'POST', `/placements/${pid}/move-in`, { moved_in_on: '2024-10-01' })).status, 200);
  assert.equal((await api('social', 'POST', `/placements/${pid}/move-in`, { moved_in_on: '2024-10-01' })).status, 409, 'moved in once');
  assert.equal((await api('social', 'POST', `/placements/${pid}/visits`, { visited_on: '2024-10-15', note: 'Prima visita' })).status, 200);
  assert.equal((await api('social', 'POST', `/placements/${pid}/end`, { reason: 'left', ended_on: '2024-09-01' })).status, 409, 'not before moving in');
  assert.equal((await api('social', 'POST', `/placements/${pid}/end`, { reason: 'left', ended_on: '2025-06-01' })).status, 200);
  const after = (await api('social', 'GET', '/housing-first')).json().sustainment;
  const delta = (m, k) => after.find((x) => x.months === m)[k] - before.find((x) => x.months === m)[k];
  assert.deepEqual([delta(6, 'due'), delta(6, 'housed'), delta(12, 'due'), delta(12, 'housed'), delta(24, 'due'), delta(24, 'housed')], [1, 1, 1, 0, 1, 0]);
  // The home is free again, and the pathway shows the placement with its visit.
  assert.equal((await api('social', 'POST', `/people/${people[0] === placed ? people[1] : people[0]}/placements`, { home_id: hid, programme: 'housing_led', ...why })).status, 200);
  const theirs = (await api('social', 'GET', `/people/${placed}/pathway`)).json().placements;
  assert.equal(theirs[0].state, 'ended');
  assert.equal(theirs[0].visits[0].note, 'Prima visita');
  assert.equal((await api('ets1', 'GET', '/housing-first')).status, 403);
});

test('street contacts and places held land in the pathway of the person met, linked once, by those who may read the record', async () => {
  const id = await open({ nickname: `Incontro ${tag()}`, ethos: 'public_space' });
  const key = randomBytes(16).toString('hex');
  const contact = await api('ets1', 'POST', '/street/contacts', { client_key: key, place: 'Piazza Duca d\'Aosta', person: 'Uomo con il cane', needs: ['food'], offered: 'Tè caldo' });
  assert.equal(contact.status, 200, contact.text);
  const cid = contact.json().contact_id;
  assert.equal((await api('social', 'GET', `/people/${id}/pathway`)).json().open, undefined, 'only when asked');
  const offered = (await api('social', 'GET', `/people/${id}/pathway?link=1`)).json().open.contacts;
  assert.ok(offered.some((k) => k.id === cid), 'a recent contact not linked yet');
  assert.equal((await api('ets1', 'POST', `/people/${id}/contacts`, { contact_id: cid })).status, 404, 'a body without consent does not reach the record');
  assert.equal((await api('social', 'POST', `/people/${id}/contacts`, { contact_id: cid })).status, 200);
  const other = await open({ nickname: `Altro ${tag()}` });
  const twice = await api('social', 'POST', `/people/${other}/contacts`, { contact_id: cid });
  assert.equal(twice.status, 409);
  assert.equal(twice.json().error.code, 'pathways.link_taken');
  assert.equal((await api('social', 'POST', `/people/${id}/contacts`, { contact_id: 999999999 })).status, 404);
  // A place held by the street team, linked by the body once the person agreed.
  const shelter = (await api('social', 'GET', '/services?kind=night_shelter')).json().sites.find((s) => /Sammartini/.test(s.name));
  const held = await api('ets1', 'POST', `/services/${shelter.id}/holds`, { kind: 'bed', person: 'Uomo con il cane' });
  assert.equal(held.status, 200, held.text);
  const org = await ets1Org(id);
  assert.equal((await api('social', 'POST', `/people/${id}/consents`, { organisation_id: org, purpose: 'shelter' })).status, 200);
  assert.equal((await api('ets1', 'POST', `/people/${id}/stays`, { hold_id: held.json().hold_id })).status, 200);
  const links = (await api('ets1', 'GET', `/people/${id}/pathway`)).json().links;
  assert.equal(links.contacts[0].id, cid);
  assert.equal(links.contacts[0].needs_text, 'Cibo');
  assert.equal(links.stays[0].id, held.json().hold_id);
  assert.equal((await api('ets1', 'POST', `/holds/${held.json().hold_id}/release`, {})).status, 200);
});

test('a resident\'s alert lands in the pathway of the person it was about, without how to reach the resident', async () => {
  const id = await open({ nickname: `Segnalato ${tag()}`, ethos: 'public_space' });
  const anyone = new Client();
  await anyone.get('/alerts/new');
  const place = `Portici di via Prova ${tag()}`;
  const sent = await anyone.post('/alerts', { place, description: 'Uomo con una coperta rossa', contact: 'tel. 333 000 0000' });
  assert.equal(sent.status, 200);
  const open1 = (await api('social', 'GET', `/people/${id}/pathway?link=1`)).json().open.alerts;
  const alert = open1.find((a) => a.place === place);
  assert.ok(alert, 'a recent alert not linked yet');
  assert.equal((await api('ets1', 'POST', `/people/${id}/alerts`, { alert_id: alert.id })).status, 404, 'a body without consent does not reach the record');
  assert.equal((await api('social', 'POST', `/people/${id}/alerts`, { alert_id: alert.id })).status, 200);
  const linked = (await api('social', 'GET', `/people/${id}/pathway`)).json().links.alerts;
  assert.deepEqual([linked[0].id, linked[0].place, linked[0].description], [alert.id, place, 'Uomo con una coperta rossa']);
  assert.ok(!JSON.stringify(linked).includes('333 000 0000'), 'never the resident\'s contact');
  const other = await open({ nickname: `Altro ${tag()}` });
  const twice = await api('social', 'POST', `/people/${other}/alerts`, { alert_id: alert.id });
  assert.deepEqual([twice.status, twice.json().error.code], [409, 'pathways.link_taken']);
  assert.equal((await api('social', 'POST', `/people/${id}/alerts`, { alert_id: 999999999 })).status, 404);
  assert.ok(!(await api('social', 'GET', `/people/${id}/pathway?link=1`)).json().open.alerts.some((a) => a.id === alert.id), 'linked once');
});

test('likely duplicates are settled by hand: merged into one record, or judged two people and never proposed again', async () => {
  const family = `Unione${tag()}`;
  const code = cf();
  const a = await open({ given_name: 'Karim', family_name: family, birth_year: 1990 });
  const b = await open({ given_name: 'K.', family_name: family, birth_year: 1990, origin: 'Tunisi', tax_code: code });
  const c = await open({ given_name: 'Kamal', family_name: family, birth_year: 1990 });
  const dups = async (id) => (await api('social', 'GET', `/people/${id}`)).json().person.duplicates.map((d) => d.id);
  assert.deepEqual((await dups(a)).sort(), [b, c].sort());
  assert.equal((await api('social', 'POST', `/people/${a}/distinct`, { other_id: c })).status, 200);
  assert.deepEqual(await dups(a), [b], 'judged two people: not proposed again');
  assert.ok(!(await dups(c)).includes(a), 'either way round');
  // What b holds moves to a with the merge.
  const org = await ets1Org(b);
  assert.equal((await api('social', 'POST', `/people/${b}/consents`, { organisation_id: org, purpose: 'case_work' })).status, 200);
  assert.equal((await api('social', 'POST', `/people/${b}/mail`, { kind: 'letter', sender: 'Unione' })).status, 200);
  assert.equal((await api('ets1', 'GET', `/people/${b}`)).status, 200);
  assert.equal((await api('social2', 'POST', `/people/${a}/merge`, { other_id: a })).status, 404, 'not into itself');
  const merged = await api('social', 'POST', `/people/${a}/merge`, { other_id: b });
  assert.equal(merged.status, 200, merged.text);
  const rec = (await api('social', 'GET', `/people/${a}`)).json();
  assert.equal(rec.person.tax_code, code, 'the codice fiscale came with it');
  assert.equal(rec.person.origin, 'Tunisi', 'what a did not know');
  assert.equal(rec.person.given_name, 'Karim', 'what a knew stays');
  assert.ok(rec.person.consents.some((k) => k.purpose === 'case_work' && k.is_live));
  assert.equal(rec.mail.length, 1);
  assert.ok(rec.person.reads.length >= 3, 'the readings of both');
  const old = await api('social', 'GET', `/people/${b}`);
  assert.equal(old.json().location, `/people/${a}`, 'the old number leads to the record');
  assert.ok(!(await api('social', 'GET', `/people?q=${family}`)).json().people.some((p) => p.id === b));
  assert.equal((await api('ets1', 'GET', `/people/${a}`)).status, 200, 'the consent moved');
  assert.equal((await api('social', 'POST', `/people/${a}/merge`, { other_id: b })).status, 404, 'merged once');
  // Two open pathways: one is closed first.
  const x = await open({ nickname: `Doppio ${tag()}` });
  const y = await open({ nickname: `Doppio ${tag()}` });
  for (const id of [x, y]) assert.equal((await api('social', 'POST', `/people/${id}/pathway`, {})).status, 200);
  const conflict = await api('social', 'POST', `/people/${x}/merge`, { other_id: y });
  assert.equal(conflict.status, 409);
  assert.equal(conflict.json().error.code, 'pathways.merge_conflict');
  // A restricted record is merged only by those who have its name.
  const r = await open({ given_name: 'Lia', family_name: `Riserbo${tag()}`, restricted: true });
  assert.equal((await api('social2', 'POST', `/people/${x}/merge`, { other_id: r })).status, 403);
});

test('a wrong merge is undone: what came from the other record goes back, and the two are not proposed again', async () => {
  const family = `Separa${tag()}`;
  const code = cf();
  const a = await open({ given_name: 'Karim', family_name: family, birth_year: 1991 });
  const b = await open({ given_name: 'K.', family_name: family, birth_year: 1991, origin: 'Rabat', tax_code: code, ethos: 'public_space' });
  const org = await ets1Org(b);
  for (const [who, purpose] of [[a, 'shelter'], [b, 'shelter'], [b, 'case_work']]) {
    assert.equal((await api('social', 'POST', `/people/${who}/consents`, { organisation_id: org, purpose })).status, 200);
  }
  assert.equal((await api('social', 'POST', `/people/${b}/mail`, { kind: 'letter', sender: 'Separa' })).status, 200);
  assert.equal((await api('social', 'POST', `/people/${a}/merge`, { other_id: b })).status, 200);
  const merged = (await api('social', 'GET', `/people/${a}`)).json();
  assert.deepEqual([merged.person.tax_code, merged.person.origin, merged.mail.length], [code, 'Rabat', 1]);
  const mid = merged.merges.find((m) => m.other_id === b).id;
  assert.equal((await api('ets1', 'GET', `/people/${a}`)).status, 200, 'read after the merge');
  // Undone with a reason, by the social service alone.
  const undo = (who, body) => api(who, 'POST', `/people/${a}/merges/${mid}/undo`, body);
  assert.equal((await undo('social', {})).status, 422);
  assert.equal((await undo('ets1', { reason: 'x' })).status, 403);
  assert.equal((await undo('social', { reason: 'Due fratelli, non la stessa persona' })).status, 200);
  const back = await api('social', 'GET', `/people/${b}`);
  assert.equal(back.status, 200, 'the other record stands on its own again');
  const rb = back.json();
  assert.deepEqual([rb.person.tax_code, rb.person.origin, rb.person.given_name, rb.mail.length], [code, 'Rabat', 'K.', 1]);
  assert.deepEqual(rb.person.consents.filter((k) => k.is_live).map((k) => k.purpose).sort(), ['case_work', 'shelter'], 'the consent the merge withdrew is live again');
  assert.equal(rb.person.ethos_history.length, 1);
  const ra = (await api('social', 'GET', `/people/${a}`)).json();
  assert.ok(!ra.person.tax_code, 'the codice fiscale went back');
  assert.deepEqual([ra.person.origin, ra.mail.length, ra.merges.length], ['', 0, 0]);
  assert.deepEqual(ra.person.consents.filter((k) => k.is_live).map((k) => k.purpose), ['shelter']);
  assert.ok(!ra.person.duplicates.some((d) => d.id === b), 'judged two people');
  assert.equal((await undo('social', { reason: 'ancora' })).status, 409, 'undone once');
  assert.equal((await api('social', 'POST', `/people/${a}/merges/999999/undo`, { reason: 'x' })).status, 404);
});

test('the social service\'s figures move with the records: in charge, reviews, registered, housed', async () => {
  const before = (await api('officer', 'GET', '/people/report')).json();
  const id = await open({ nickname: `Numeri ${tag()}`, ethos: 'institution' });
  assert.equal((await api('social', 'POST', `/people/${id}/pathway`, {})).status, 200);
  const after = (await api('social', 'GET', '/people/report')).json();
  assert.equal(after.known - before.known, 1);
  assert.equal(after.in_charge - before.in_charge, 1);
  assert.equal(after.reviews_on_time - before.reviews_on_time, 1);
  const cell = (r) => r.by_ethos.find((x) => x.ethos === 'institution') ?? { known: 0, in_charge: 0 };
  assert.equal(cell(after).known - cell(before).known, 1);
  assert.equal(cell(after).in_charge - cell(before).in_charge, 1);
  assert.equal((await api('social', 'POST', `/people/${id}/pathway/close`, { outcome: 'moved_away' })).status, 200);
  const closed = (await api('social', 'GET', '/people/report')).json();
  const moved = (r) => r.outcomes.find((x) => x.outcome === 'moved_away')?.pathways ?? 0;
  assert.equal(moved(closed) - moved(after), 1);
  assert.equal(closed.in_charge, before.in_charge);
  assert.equal((await api('ets1', 'GET', '/people/report')).status, 403);

  // Nights in shelter by the category the person had when the place was held; a night no one
  // linked to a record is counted apart.
  const stays = (r, code) => r.stays_by_ethos.find((x) => x.ethos === code) ?? { stays: 0, people: 0 };
  const guest = await open({ nickname: `Ospite ${tag()}`, ethos: 'family_friends' });
  const shelter = (await api('officer', 'GET', '/services?kind=night_shelter')).json().sites.find((s) => /Sammartini/.test(s.name));
  const night = async () => {
    const h = await api('officer', 'POST', `/services/${shelter.id}/holds`, { kind: 'bed', person: 'Ospite' });
    assert.equal(h.status, 200, h.text);
    assert.equal((await api('officer', 'POST', `/holds/${h.json().hold_id}/check-in`, {})).status, 200);
    return h.json().hold_id;
  };
  const linked = await night();
  await night();
  assert.equal((await api('social', 'POST', `/people/${guest}/stays`, { hold_id: linked })).status, 200);
  const nights = (await api('social', 'GET', '/people/report')).json();
  assert.equal(stays(nights, 'family_friends').stays - stays(closed, 'family_friends').stays, 1);
  assert.equal(stays(nights, 'family_friends').people - stays(closed, 'family_friends').people, 1);
  assert.equal(stays(nights, '').stays - stays(closed, '').stays, 1, 'the night not linked');
  // The same nights by service: two used, one linked to the guest, one not; in charge once the
  // guest has a pathway.
  const svc = (r) => r.by_service.find((x) => /Sammartini/.test(x.name)) ?? { used: 0, nights: 0, people: 0, unlinked: 0, in_charge: 0 };
  const d = (a, b, k) => svc(a)[k] - svc(b)[k];
  assert.deepEqual(['used', 'nights', 'people', 'unlinked', 'in_charge'].map((k) => d(nights, closed, k)), [2, 2, 1, 1, 0]);
  assert.equal(svc(nights).kind, 'night_shelter');
  assert.equal((await api('social', 'POST', `/people/${guest}/pathway`, {})).status, 200);
  const charged = (await api('social', 'GET', '/people/report')).json();
  assert.equal(d(charged, nights, 'in_charge'), 1);
  assert.equal(svc((await api('social', 'GET', '/people/report?from=2020-01-01&to=2020-01-31')).json()).used, 0, 'another period');
  assert.equal((await api('social', 'GET', '/people/report?from=2026-02-01&to=2025-01-01')).status, 422);
  const html = await (await fetch(`${BASE}/people/report`, { headers: { Authorization: `Bearer ${tokenFor('social')}` } })).text();
  assert.match(html, /Notti in accoglienza per categoria ETHOS Light/);
  assert.match(html, /Non collegate a una scheda: \d+ notti/);
  assert.match(html, /<caption>Per servizio della rete/);
});

test('a restricted record merged into another makes it restricted, its name still only for those granted it', async () => {
  const family = `Fusione${tag()}`;
  const open1 = await open({ given_name: 'Nora', family_name: family, birth_year: 1985 });
  const hidden = await open({ given_name: 'N.', family_name: family, birth_year: 1985, restricted: true });
  assert.equal((await api('social', 'POST', `/people/${open1}/merge`, { other_id: hidden })).status, 200);
  const seen = (await api('social2', 'GET', `/people/${open1}`)).json().person;
  assert.equal(seen.named, false);
  assert.equal(seen.family_name, undefined);
  assert.equal((await api('social', 'GET', `/people/${open1}`)).json().person.family_name, family, 'the worker granted the other keeps the name');
});

test('the by-name list a hundred to a page, its counts of the whole list, in one order across pages', async () => {
  const first = (await api('social', 'GET', '/people/by-name')).json();
  // Enough people for a second page (the demo has a few): people met today, so they come after
  // those of the tests before with more months without a home.
  for (let n = first.total; n <= 105; n++) {
    await open({ given_name: 'Elenco', family_name: `Pagine${tag()}`, birth_year: 1970, ethos: 'non_conventional' });
  }
  const one = (await api('social', 'GET', '/people/by-name')).json();
  const two = (await api('social', 'GET', '/people/by-name?page=2')).json();
  assert.ok(one.total > 100, `${one.total}`);
  assert.equal(one.people.length, 100);
  assert.equal(two.people.length, one.total - 100);
  assert.equal(one.pages, 2);
  assert.deepEqual([one.has_prev, one.has_next, two.has_prev, two.has_next], [false, true, true, false]);
  assert.equal(two.total, one.total, 'the counts are of the whole list on every page');
  assert.equal(one.active + one.inactive, one.total);
  const all = [...one.people, ...two.people];
  assert.equal(new Set(all.map((p) => p.id)).size, all.length, 'no one on both pages');
  assert.equal(all.filter((p) => p.is_active).length, one.active);
  const key = (p) => [p.is_active ? 0 : 1, -p.priority];
  for (let i = 1; i < all.length; i++) {
    const [a, b] = [key(all[i - 1]), key(all[i])];
    assert.ok(a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]), `order at ${i}`);
  }
  const past = (await api('social', 'GET', '/people/by-name?page=3')).json();
  assert.deepEqual([past.people.length, past.past_end], [0, true]);
  assert.equal((await api('social', 'GET', '/people/by-name?page=0')).status, 422);
  const html = await (await fetch(`${BASE}/people/by-name?page=2`, { headers: { Authorization: `Bearer ${tokenFor('social')}` } })).text();
  assert.match(html, /Pagina 2 di 2/);
  assert.match(html, /href="\/people\/by-name\?inactive_days=90&amp;page=1"/);
});

// The rule coprog applies until a city sets its own (migration 0051).
const DEFAULT_RULE = { decision: 'Regola predefinita', month_points: 1, need_points: 6, rough_points: 12, inactive_days: 90, hf_min_needs: 1, public_needs_residence: true };
const ALL_SERIOUS = Object.fromEntries(Object.keys(LEVELS).map((k) => [k, 'serious']));

test('each city sets its own priority rule; a home is matched to the eligible in its order, and passing someone over is said', async () => {
  const rule = { ...DEFAULT_RULE, decision: 'Delibera di prova n. 1', need_points: 60, rough_points: 120, hf_min_needs: 2 };
  assert.equal((await api('social', 'POST', '/people/priority-rule', rule)).status, 403, 'an officer of the city sets it');
  const bad = await api('officer', 'POST', '/people/priority-rule', { ...rule, decision: '', month_points: 0, need_points: 99 });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.json().errors.map((e) => e.field).sort(), ['decision', 'month_points', 'need_points']);
  try {
    assert.equal((await api('officer', 'POST', '/people/priority-rule', rule)).status, 200);
    const shown = (await api('social', 'GET', '/people/priority-rule')).json().rule;
    assert.deepEqual([shown.decision, shown.need_points, shown.is_default], ['Delibera di prova n. 1', 60, false]);
    // A sleeps rough with six serious needs, B is in a hostel with six, C sleeps rough with none;
    // D has no pathway.
    const person = async (ethos, levels) => {
      const id = await open({ nickname: `Abbina ${tag()}`, ethos });
      assert.equal((await api('social', 'POST', `/people/${id}/pathway`, { review_days: 30 })).status, 200);
      if (levels) assert.equal((await api('social', 'POST', `/people/${id}/pathway/needs`, levels)).status, 200);
      return id;
    };
    const a = await person('public_space', ALL_SERIOUS);
    const b = await person('homeless_accommodation', ALL_SERIOUS);
    const c = await person('public_space', null);
    const d = await open({ nickname: `Senza percorso ${tag()}`, ethos: 'public_space' });
    const hid = (await api('social', 'POST', '/housing-first/homes', { kind: 'agency', address: `via Abbinamento ${tag()}`, rooms: 1 })).json().home_id;
    const match = (await api('social', 'GET', `/housing-first/homes/${hid}`)).json();
    assert.deepEqual(match.people.slice(0, 2).map((p) => [p.id, p.priority, p.is_hf_eligible]), [[a, 480, true], [b, 360, false]]);
    const ids = match.people.map((p) => p.id);
    assert.ok(!ids.includes(d), 'no pathway, not eligible');
    assert.ok(match.eligible >= 3 && (ids.includes(c) || match.eligible > match.people.length));
    // B comes after A: the offer says why, and Housing First is not for B under this rule.
    const offer = (who, body) => api('social', 'POST', `/people/${who}/placements`, { home_id: hid, ...body });
    const noReason = await offer(b, { programme: 'housing_led' });
    assert.equal(noReason.status, 422);
    assert.equal(noReason.json().error.code, 'pathways.skip_reason_needed');
    assert.ok(noReason.json().errors.some((e) => e.field === 'skip_reason'));
    assert.equal((await offer(b, { programme: 'housing_first', skip_reason: 'x' })).json().error.code, 'pathways.not_hf');
    assert.equal((await offer(d, { programme: 'housing_led', skip_reason: 'x' })).json().error.code, 'pathways.not_eligible');
    assert.equal((await offer(b, { programme: 'housing_led', skip_reason: 'A ha rifiutato ieri al telefono' })).status, 200);
    const placed = (await api('social', 'GET', `/people/${b}/pathway`)).json().placements[0];
    assert.deepEqual([placed.passed_over, placed.skip_reason], [1, 'A ha rifiutato ieri al telefono']);
    assert.equal((await api('social', 'GET', `/housing-first/homes/${hid}`)).json().home.is_taken, true);
    assert.equal((await api('social', 'GET', '/housing-first/homes/999999')).status, 404);
    // A public-housing home asks for a registered residence while the rule says so.
    const erp = (await api('social', 'POST', '/housing-first/homes', { kind: 'public_housing', building_code: 'MI-ERP-0501', unit_code: 'Scala A int. 6', rooms: 2 })).json().home_id;
    const noHome = await api('social', 'POST', `/people/${a}/placements`, { home_id: erp, programme: 'housing_first' });
    assert.equal(noHome.json().error.code, 'pathways.no_residence');
    assert.ok(!(await api('social', 'GET', `/housing-first/homes/${erp}`)).json().people.some((p) => p.id === a));
    assert.equal((await api('officer', 'POST', '/people/priority-rule', { ...rule, public_needs_residence: false })).status, 200);
    assert.equal((await api('social', 'POST', `/people/${a}/placements`, { home_id: erp, programme: 'housing_first' })).status, 200, 'first in the order: no reason asked');
    // The by-name list follows the rule at once.
    const byName = async () => {
      const rows = [];
      for (let page = 1; ; page++) {
        const one = (await api('social', 'GET', `/people/by-name?page=${page}`)).json();
        rows.push(...one.people);
        if (!one.has_next) return rows;
      }
    };
    let list = await byName();
    const at = (id) => list.findIndex((p) => p.id === id);
    assert.ok(at(a) >= 0 && at(a) < at(b), 'A before B');
    assert.equal(list[at(b)].priority, 360);
    assert.equal((await api('officer', 'POST', '/people/priority-rule', { ...rule, need_points: 0 })).status, 200);
    list = await byName();
    assert.deepEqual([list[at(a)].priority, list[at(b)].priority], [120, 0]);
    assert.ok(at(c) < at(b), 'sleeping rough now counts more than needs');
  } finally {
    assert.equal((await api('officer', 'POST', '/people/priority-rule', DEFAULT_RULE)).status, 200);
  }
});

test('a body enrols the person it works with as a participant of its ESF operation, without typing again what the record knows', async () => {
  // The demo's agreement n. 1 is active and held by legale.1's body.
  const agreement = (await api('officer', 'GET', '/agreements/1')).json().agreement;
  const org = agreement.organisation_id;
  const code = cf();
  const family = `Fse${tag()}`;
  const id = await open({ given_name: 'Amina', family_name: family, birth_year: 1990, ethos: 'emergency', tax_code: code });
  const nobirth = await open({ nickname: `Fse ${tag()}` });
  for (const p of [id, nobirth]) assert.equal((await api('social', 'POST', `/people/${p}/consents`, { organisation_id: org, purpose: 'work' })).status, 200);
  const traits = { employment: 'long_term_unemployed', education: 'isced_3_4', disability: 'no', migrant: 'yes', other_disadvantage: 'no' };
  const page = (await api('legale.1', 'GET', `/people/${id}/pathway`)).json();
  assert.deepEqual(page.enrol.agreements.map((a) => a.id), [1]);
  assert.deepEqual(page.enrol.fields.map((f) => f.name), ['employment', 'education', 'disability', 'migrant', 'other_disadvantage'], 'age and housing come from the record');
  assert.equal((await api('legale.1', 'POST', `/people/${id}/participants`, { agreement_id: 1 })).status, 422);
  const ok = await api('legale.1', 'POST', `/people/${id}/participants`, { agreement_id: 1, ...traits });
  assert.equal(ok.status, 200, ok.text);
  const pid = ok.json().participant_id;
  const who = await api('legale.1', 'POST', `/participants/${pid}/identity`, {});
  assert.equal(who.status, 200, who.text);
  assert.deepEqual([who.json().identity.full_name, who.json().identity.tax_code], [`Amina ${family}`, code]);
  const rec = (await api('legale.1', 'GET', '/agreements/1/participants')).json().participants.find((p) => p.id === pid);
  assert.deepEqual([rec.age_band, rec.homeless, rec.employment, rec.migrant], ['from_25_to_54', 'yes', 'long_term_unemployed', 'yes']);
  const twice = await api('legale.1', 'POST', `/people/${id}/participants`, { agreement_id: 1, ...traits });
  assert.deepEqual([twice.status, twice.json().error.code], [409, 'pathways.enrolled_already']);
  // No birth year on the record: the age band is asked; no category: not housing-excluded.
  const noAge = await api('legale.1', 'POST', `/people/${nobirth}/participants`, { agreement_id: 1, ...traits });
  assert.deepEqual([noAge.status, noAge.json().error.code], [422, 'pathways.enrol_age_needed']);
  const aged = await api('legale.1', 'POST', `/people/${nobirth}/participants`, { agreement_id: 1, ...traits, age_band: 'under_25' });
  assert.equal(aged.status, 200, aged.text);
  const second = (await api('legale.1', 'GET', '/agreements/1/participants')).json().participants.find((p) => p.id === aged.json().participant_id);
  assert.deepEqual([second.age_band, second.homeless], ['under_25', 'no']);
  // Another agreement than the body's own, and a body without the person's consent.
  assert.equal((await api('legale.1', 'POST', `/people/${id}/participants`, { agreement_id: 2, ...traits })).status, 404);
  assert.equal((await api('legale.4', 'POST', `/people/${id}/participants`, { agreement_id: 2, ...traits })).status, 404);
  // The social service sees it on the pathway, and the person sees the use in the log.
  const social = (await api('social', 'GET', `/people/${id}/pathway`)).json();
  assert.equal(social.participations[0].participant_id, pid);
  assert.equal(social.enrol, undefined);
  const reads = (await api('social', 'GET', `/people/${id}`)).json().person.reads;
  assert.ok(reads.some((x) => x.part === 'export' && x.purpose === 'esf_monitoring'), JSON.stringify(reads));
});

test('each city sets how long it keeps the records, citing its retention plan', async () => {
  const shown = (await api('social', 'GET', '/people/retention')).json().rule;
  assert.ok(shown.record_years >= shown.special_years);
  const plan = { decision: 'Piano di conservazione, Determina n. 45 del 2026', special_years: 5, record_years: 12 };
  assert.equal((await api('social', 'POST', '/people/retention', plan)).status, 403, 'an officer sets it');
  const wrong = await api('officer', 'POST', '/people/retention', { ...plan, special_years: 20 });
  assert.deepEqual([wrong.status, wrong.json().errors.map((e) => e.field)], [422, ['special_years']]);
  const bad = await api('officer', 'POST', '/people/retention', { decision: '', special_years: 0, record_years: 99 });
  assert.deepEqual(bad.json().errors.map((e) => e.field).sort(), ['decision', 'record_years', 'special_years']);
  assert.equal((await api('officer', 'POST', '/people/retention', plan)).status, 200);
  const after = (await api('officer', 'GET', '/people/retention')).json().rule;
  assert.deepEqual([after.decision, after.special_years, after.record_years, after.is_default], [plan.decision, 5, 12, false]);
});

test('a street contact written from the pathway is linked as it is written, once however often it is sent', async () => {
  const id = await open({ nickname: `Incontro ${tag()}`, ethos: 'public_space' });
  const key = randomBytes(16).toString('hex');
  const send = (who, body) => api(who, 'POST', `/people/${id}/street-contacts`, { client_key: key, place: 'Stazione Centrale, lato piazza Luigi di Savoia', needs: ['food', 'health'], offered: 'Coperta e tè caldo', ...body });
  const noPlace = await send('social', { place: '' });
  assert.equal(noPlace.status, 422);
  assert.ok(noPlace.json().errors.some((e) => e.field === 'place'));
  assert.equal((await send('social', { needs: ['gold'] })).status, 422);
  assert.equal((await send('ets1', {})).status, 404, 'a body without the person\'s consent');
  const first = await send('social', {});
  assert.equal(first.status, 200, first.text);
  const again = await send('social', {});
  assert.equal(again.status, 200, 'sent twice: the same contact');
  assert.equal(again.json().contact_id, first.json().contact_id);
  const links = (await api('social', 'GET', `/people/${id}/pathway`)).json().links;
  const mine = links.contacts.filter((c) => c.id === first.json().contact_id);
  assert.equal(mine.length, 1);
  assert.equal(mine[0].place, 'Stazione Centrale, lato piazza Luigi di Savoia');
  assert.equal(mine[0].needs, 'food,health');
  // The contacts' register names the person by the record's number only.
  const street = (await api('officer', 'GET', '/street/contacts')).json().contacts;
  assert.equal(street.find((c) => c.id === first.json().contact_id)?.person, `#${id}`);
});

test('a person signed in with an account bearing their codice fiscale sees their record\'s log and consents, withdraws one and downloads their data', async () => {
  // resident1's account names NQLRNI70A01F205W (set by the demo, as SPID would): no record yet.
  const before = await api('resident1', 'GET', '/my/record');
  assert.equal(before.status, 200);
  assert.equal(before.json().card, undefined);
  assert.equal((await api('resident1', 'POST', '/my/record/export', {})).status, 404);
  const id = await open({ tax_code: 'NQLRNI70A01F205W', given_name: 'Nicola', family_name: `Account${tag()}`, ethos: 'emergency' });
  const org = await ets1Org(id);
  assert.equal((await api('social', 'POST', `/people/${id}/consents`, { organisation_id: org, purpose: 'shelter' })).status, 200);
  const mine = (await api('resident1', 'GET', '/my/record')).json();
  assert.ok(mine.card.reads.length >= 1, 'the openings so far');
  assert.ok(mine.card.reads.every((r) => r.reader && r.part_label));
  const consent = mine.card.consents.find((k) => k.is_live);
  assert.ok(consent);
  assert.equal(mine.base, '/my/record');
  assert.equal((await api('resident1', 'POST', `/my/record/consents/${consent.id}/revoke`, {})).status, 200);
  assert.equal((await api('resident1', 'POST', `/my/record/consents/${consent.id}/revoke`, {})).status, 409);
  assert.equal((await api('ets1', 'GET', `/people/${id}`)).status, 404, 'the body no longer reads it');
  const data = await api('resident1', 'POST', '/my/record/export', {});
  assert.equal(data.status, 200);
  assert.equal(JSON.parse(data.text).tax_code, 'NQLRNI70A01F205W');
  // Another account sees only its own.
  const other = (await api('housing', 'GET', '/my/record')).json();
  assert.equal(other.card, undefined);
});
