// The cities' working group (issue 17), on each engine: a practice shared by Milan, read with
// figures that are the platform's own counts for its city and action (checked against the
// database), found by words, action and city; peer review from another city's officer only;
// model acts with versions numbered without gaps or repeats, also when two are saved at once,
// and the differences between any two versions; only a city's officers change its acts.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Client, cli, dbText, loginEmail } from './helpers.mjs';

const J = { accept: 'application/json' };
const milan = new Client();
const bologna = new Client();

before(async () => {
  await milan.login('officer');
  const email = `ufficio-${randomBytes(4).toString('hex')}@test.invalid`;
  const pw = `pw-${randomBytes(8).toString('hex')}`;
  const r = cli(['user', 'add', '--email', email, '--name', 'Ufficio di Bologna (prova)', '--role', 'officer', '--city', '037006'], `${pw}\n`);
  assert.equal(r.status, 0, r.stderr);
  await loginEmail(bologna, email, pw);
});

test('a practice is read beside the platform\'s own figures, found by words, action and city, and reviewed by another city only', async () => {
  const word = `parola${randomBytes(3).toString('hex')}`;
  await milan.get('/practices');
  const res = await milan.post('/practices', { title: `Tavoli di quartiere ${word}`, action: 'codesign', theme: 'tavoli', context: 'Contesto.', steps: 'Passi.', results: 'Risultati.', lessons: 'Lezioni.' }, J);
  assert.equal(res.status, 200, res.text.slice(0, 300));
  const id = res.json().practice_id;
  const p = (await new Client().get(`/practices/${id}`, J)).json().practice;
  assert.equal(p.city, 'Comune di Milano');
  const fig = Object.fromEntries(p.figures.map((f) => [f.key, f.value]));
  const city = Number(dbText("SELECT id FROM cities WHERE istat_code = '015146'"));
  assert.equal(fig.calls, Number(dbText(`SELECT COUNT(*) FROM calls WHERE city_id = ${city}`)));
  assert.equal(fig.proposals, Number(dbText(`SELECT COUNT(*) FROM proposals p JOIN calls k ON k.id = p.call_id WHERE k.city_id = ${city} AND p.status = 'submitted'`)));
  assert.ok(fig.tables >= 1);
  // A commons practice reads the pacts' own figures, hours included.
  const commons = (await milan.post('/practices', { title: `Patti ${word}`, action: 'commons', context: 'c', steps: 's', results: 'r' }, J)).json().practice_id;
  const cf = Object.fromEntries((await milan.get(`/practices/${commons}`, J)).json().practice.figures.map((f) => [f.key, f.value]));
  assert.equal(cf.goods, Number(dbText(`SELECT COUNT(*) FROM commons_goods WHERE city_id = ${city}`)));
  assert.equal(cf.citizens_hours, Number(dbText(`SELECT COALESCE(SUM(l.hours_centi / 100), 0) FROM pact_ledger l JOIN pacts p ON p.id = l.pact_id WHERE p.city_id = ${city} AND l.side = 'citizens'`)));
  assert.ok(cf.citizens_hours >= 120, 'the demo garden\'s 120 hours at least');
  // Found by a word, by its action, not under another city.
  assert.deepEqual((await new Client().get(`/practices?q=${word}`, J)).json().practices.map((x) => x.id).sort(), [id, commons].sort());
  assert.ok((await new Client().get('/practices?action=codesign', J)).json().practices.some((x) => x.id === id));
  assert.ok(!(await new Client().get(`/practices?q=${word}&city=037006`, J)).json().practices.length);
  // Peer review: not from the practice's own city.
  assert.equal((await milan.post(`/practices/${id}/reviews`, { text: 'Mi recensisco da solo.' }, J)).status, 403);
  await bologna.get(`/practices/${id}`);
  assert.equal((await bologna.post(`/practices/${id}/reviews`, { text: 'Da noi i tavoli durano 60 giorni.' }, J)).status, 200);
  const reviews = (await milan.get(`/practices/${id}`, J)).json().practice.reviews;
  assert.equal(reviews.length, 1);
  assert.equal(reviews[0].city, 'Comune di Bologna');
  // Anyone reads; only officers write.
  const anon = new Client();
  await anon.get('/practices');
  assert.notEqual((await anon.post('/practices', { title: 'x', action: 'codesign', context: 'x', steps: 'x', results: 'x' }, J)).status, 200);
});

test('model acts keep every version, numbered once each even when saved at once, with the differences between any two', async () => {
  await milan.get('/acts');
  const res = await milan.post('/acts', { kind: 'notice', title: 'Avviso tipo (prova)', text: 'Art. 1 Oggetto\nArt. 2 Soggetti\nArt. 3 Durata' }, J);
  assert.equal(res.status, 200, res.text.slice(0, 300));
  const id = res.json().act_id;
  await milan.get(`/acts/${id}`);
  assert.equal((await milan.post(`/acts/${id}/versions`, { text: 'Art. 1 Oggetto\nArt. 2 Soggetti e partner\nArt. 3 Durata\nArt. 4 Tavoli', note: 'Partner e tavoli' }, J)).json().version, 2);
  // Another city's officer cannot change Milan's act.
  await bologna.get(`/acts/${id}`);
  assert.equal((await bologna.post(`/acts/${id}/versions`, { text: 'Altro' }, J)).status, 404);
  // Five versions saved at once: each that is taken has its own number, none twice.
  const at = await Promise.all(Array.from({ length: 5 }, (_, i) => milan.post(`/acts/${id}/versions`, { text: `Versione simultanea ${i}` }, J)));
  for (const r of at) assert.ok([200, 409].includes(r.status), r.text.slice(0, 200));
  const taken = at.filter((r) => r.status === 200).map((r) => r.json().version);
  assert.ok(taken.length >= 1);
  const act = (await milan.get(`/acts/${id}`, J)).json().act;
  const numbers = act.versions.map((v) => v.version).sort((a, b) => a - b);
  assert.deepEqual(numbers, Array.from({ length: numbers.length }, (_, i) => i + 1), 'no gap, no repeat');
  assert.equal(numbers.length, 2 + taken.length);
  // The differences between versions 1 and 2.
  const d = (await new Client().get(`/acts/${id}?from=1&to=2`, J)).json().act;
  assert.equal(d.from, 1);
  assert.equal(d.to, 2);
  const ops = d.diff.map((x) => `${x.op}:${x.line}`);
  assert.ok(ops.includes('removed:Art. 2 Soggetti'));
  assert.ok(ops.includes('added:Art. 2 Soggetti e partner'));
  assert.ok(ops.includes('added:Art. 4 Tavoli'));
  assert.ok(ops.includes('same:Art. 1 Oggetto'));
  const page = (await new Client().get(`/acts/${id}?from=1&to=2`)).text;
  assert.match(page, /class="diff-added"><span class="visually-hidden">aggiunta: <\/span>\+ Art. 4 Tavoli/);
});

test('the managing authority sees the working group at a glance, each figure the database\'s own count', async () => {
  const auditor = new Client();
  await auditor.login('auditor');
  const res = await auditor.get('/working-group', J);
  assert.equal(res.status, 200, res.text.slice(0, 300));
  const cities = res.json().cities;
  assert.deepEqual(['015146', '037006', '001272'].filter((c) => cities.some((x) => x.istat_code === c)).length, 3, 'Milan, Bologna and Turin take part');
  const mi = cities.find((x) => x.istat_code === '015146');
  const city = Number(dbText("SELECT id FROM cities WHERE istat_code = '015146'"));
  const count = (sql) => Number(dbText(sql.replaceAll('$CITY', String(city))));
  assert.equal(mi.practices, count('SELECT COUNT(*) FROM practices WHERE city_id = $CITY'));
  assert.equal(mi.reviews_given, count('SELECT COUNT(*) FROM practice_reviews WHERE reviewer_city_id = $CITY'));
  assert.equal(mi.calls, count("SELECT COUNT(*) FROM calls WHERE city_id = $CITY AND state <> 'draft'"));
  assert.equal(mi.goods, count('SELECT COUNT(*) FROM commons_goods WHERE city_id = $CITY'));
  assert.equal(mi.pacts_active, count("SELECT COUNT(*) FROM pacts WHERE city_id = $CITY AND state = 'active'"));
  assert.equal(mi.has_regulation, true);
  // A body and a resident do not see it; an officer of the group does.
  assert.equal((await milan.get('/working-group', J)).status, 200);
  const resident = new Client();
  await resident.login('resident1');
  assert.equal((await resident.get('/working-group', J)).status, 403);
});
