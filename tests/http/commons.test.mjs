// Shared care of public goods (issue 17, first part), on each engine: the city's regulation as
// data; a good offered for care; an ordinary collaboration pact through every step and deadline
// (proposal registered in the protocol with the answer day from the regulation, publication for
// comments, no signing while they run, signing, renewal up to the regulation's number,
// revocation with a reason) and a rejected one; a pact joined and left by several people at
// once with a live list that loses nothing; the support ledger adding up on both sides; the
// good's history; the open data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Client, cli, dbText, loginEmail, setClock } from './helpers.mjs';

const J = { accept: 'application/json' };
const officer = new Client();
const resident = new Client();
let saved;

function today(offsetDays = 0) {
  const d = new Date(Date.now() + offsetDays * 86400000);
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(d);
}

async function newResident() {
  const email = `vicino-${randomBytes(4).toString('hex')}@test.invalid`;
  const pw = `pw-${randomBytes(8).toString('hex')}`;
  const r = cli(['user', 'add', '--email', email, '--name', `Vicino ${email.slice(7, 11)}`, '--role', 'resident', '--city', '015146'], `${pw}\n`);
  assert.equal(r.status, 0, r.stderr);
  const c = new Client();
  await loginEmail(c, email, pw);
  return c;
}

async function addGood(fields) {
  await officer.get('/commons');
  const res = await officer.post('/commons/goods', fields, J);
  assert.equal(res.status, 200, res.text.slice(0, 300));
  return res.json().good_id;
}

async function pact(id, who = officer) {
  const res = await who.get(`/commons/pacts/${id}`, J);
  assert.equal(res.status, 200);
  return res.json().pact;
}

/** Moves the clock and signs the two in again (a session idle for days has ended). */
async function clockAt(seconds) {
  await setClock(seconds);
  for (const [c, who] of [[officer, 'officer'], [resident, 'resident1']]) {
    await c.login(who);
    await c.get('/commons'); // the new session's form token
  }
}

before(async () => {
  await officer.login('officer');
  await resident.login('resident1');
  saved = (await officer.get('/commons/rules', J)).json().mine;
  await officer.get('/commons/rules');
  const res = await officer.post('/commons/rules', { regulation: 'Regolamento di prova sui beni comuni', answer_days: 30, comment_days: 2, max_months: 24, max_renewals: 1 }, J);
  assert.equal(res.status, 200, res.text.slice(0, 300));
});

after(async () => {
  await setClock(0);
  await officer.get('/commons/rules');
  if (saved?.regulation) await officer.post('/commons/rules', saved, J);
});

test('the regulation is data per city and shows side by side; a resident may not set it', async () => {
  const all = (await resident.get('/commons/rules', J)).json().rules;
  const milan = all.find((r) => r.istat_code === '015146');
  assert.equal(milan.answer_days, 30);
  assert.equal(milan.max_renewals, 1);
  await resident.get('/commons/rules');
  assert.equal((await resident.post('/commons/rules', { regulation: 'x', answer_days: 1, comment_days: 0, max_months: 1, max_renewals: 0 }, J)).status, 403);
  const bad = await officer.post('/commons/rules', { regulation: 'x', answer_days: 0, comment_days: 200, max_months: 500, max_renewals: 0 }, J);
  assert.equal(bad.status, 422);
  // The conciliation committee's days: 30 unless the city says; kept when a client leaves them out.
  assert.equal(milan.dispute_days, 30);
  assert.equal((await officer.post('/commons/rules', { regulation: 'Regolamento di prova sui beni comuni', answer_days: 30, comment_days: 2, max_months: 24, max_renewals: 1, dispute_days: 999 }, J)).status, 422);
  // Co-design calls side by side: the city's published calls, their co-financing and threshold.
  const calls = (await resident.get('/commons/rules', J)).json().calls;
  const mine = calls.find((r) => r.istat_code === '015146');
  assert.ok(mine.calls >= 1);
  assert.ok(mine.cofinancing_min_bp <= mine.cofinancing_max_bp);
  assert.match(mine.cofinancing_text, /%/);
  assert.ok(mine.threshold_text.length > 0);
});

test('a confiscated asset needs its ANBSC code; goods keep their coordinates and history', async () => {
  await officer.get('/commons');
  const bad = await officer.post('/commons/goods', { kind: 'confiscated', name: 'Box confiscato (prova)', address: 'via Prova 1' }, J);
  assert.equal(bad.status, 422);
  const id = await addGood({ kind: 'confiscated', name: 'Box confiscato (prova)', address: 'via Prova 1', anbsc_code: 'MI-PROVA-1', latitude: '45,4642', longitude: '9,19' });
  const g = (await resident.get(`/commons/goods/${id}`, J)).json().good;
  assert.equal(g.state, 'offered');
  assert.equal(g.latitude_e6, 45464200);
  assert.equal(g.events[0].event, 'offered');
});

test('an ordinary pact goes through every step within the regulation\'s days, and is revoked with a reason', async () => {
  const good = await addGood({ kind: 'green_area', name: `Aiuola di prova ${randomBytes(2).toString('hex')}`, address: 'via Verde 2', neighbourhood: 'Prova' });
  await resident.get(`/commons/goods/${good}`);
  const long = await resident.post('/commons/pacts', { good_id: good, title: 'Troppo lungo', activities: 'x', proposer_kind: 'resident', months: 36 }, J);
  assert.equal(long.status, 422, 'longer than the regulation allows');
  const res = await resident.post('/commons/pacts', { good_id: good, title: 'Aiuola fiorita', activities: 'Cura delle aiuole ogni sabato.', proposer_kind: 'informal_group', group_name: 'Vicini di via Verde', months: 12, open: '1' }, J);
  assert.equal(res.status, 200, res.text.slice(0, 300));
  const id = res.json().pact_id;
  assert.match(res.json().protocol, /^\d{7}\/\d{4}$/, 'the proposal is registered in the protocol');
  let p = await pact(id);
  assert.equal(p.state, 'proposed');
  assert.equal(p.answer_due, today(30), 'the answer day is the regulation\'s 30 days on');
  assert.equal(p.proposer_name, 'Vicini di via Verde');
  assert.equal(p.protocol_label, res.json().protocol);
  // The register holds it as an incoming pact request.
  const reg = (await officer.get(`/protocol?q=${encodeURIComponent(res.json().protocol)}`, J)).json();
  assert.equal(reg.entries[0].kind, 'pact_request');
  // The good is taken: a second proposal on it is refused.
  const second = await resident.post('/commons/pacts', { good_id: good, title: 'Altro', activities: 'x', proposer_kind: 'resident', months: 6 }, J);
  assert.equal(second.status, 409);
  // Publication for comments: no signing while they run; comments while they do.
  assert.equal((await resident.post(`/commons/pacts/${id}/publish`, {}, J)).status, 403);
  assert.equal((await officer.post(`/commons/pacts/${id}/publish`, {}, J)).status, 200);
  assert.equal((await officer.post(`/commons/pacts/${id}/publish`, {}, J)).status, 409, 'once only');
  p = await pact(id);
  assert.equal(p.comments_until, today(1), 'two days, today included');
  assert.equal((await officer.post(`/commons/pacts/${id}/sign`, { starts_on: today() }, J)).status, 409);
  await resident.get(`/commons/pacts/${id}`);
  assert.equal((await resident.post(`/commons/pacts/${id}/comments`, { text: 'Ottima idea, aiuto volentieri.' }, J)).status, 200);
  await clockAt(2 * 86400);
  try {
    assert.equal((await resident.post(`/commons/pacts/${id}/comments`, { text: 'Tardi' }, J)).status, 409, 'comments closed');
    assert.equal((await officer.post(`/commons/pacts/${id}/sign`, { starts_on: today(1) }, J)).status, 422, 'not in the past');
    assert.equal((await officer.post(`/commons/pacts/${id}/sign`, { starts_on: today(2) }, J)).status, 200);
    p = await pact(id);
    assert.equal(p.state, 'active');
    assert.equal(p.starts_on, today(2));
    assert.equal(p.comments.length, 1);
    assert.deepEqual(p.signatories.map((s) => s.role).sort(), ['city', 'proposer']);
    // Renewal: the same term from the day after the end, once as the regulation allows.
    const end = p.ends_on;
    assert.equal((await officer.post(`/commons/pacts/${id}/renew`, {}, J)).status, 200);
    const renewed = await pact(id);
    assert.equal(renewed.renewals, 1);
    assert.ok(renewed.ends_on > end);
    assert.equal((await officer.post(`/commons/pacts/${id}/renew`, {}, J)).status, 409, 'no renewal left');
    // Revocation needs a reason, and gives the good back.
    assert.equal((await officer.post(`/commons/pacts/${id}/revoke`, { reason: '' }, J)).status, 422);
    assert.equal((await officer.post(`/commons/pacts/${id}/revoke`, { reason: 'Aiuole abbandonate da mesi.' }, J)).status, 200);
    p = await pact(id);
    assert.equal(p.state, 'revoked');
    assert.equal(p.reason, 'Aiuole abbandonate da mesi.');
    assert.equal(p.signatories.length, 0, 'nobody signs a revoked pact');
    const g = (await officer.get(`/commons/goods/${good}`, J)).json().good;
    assert.equal(g.state, 'offered');
    assert.deepEqual(g.events.map((e) => e.event), ['offered', 'proposed', 'pact', 'revoked']);
    const decisions = (await officer.get(`/protocol?q=${encodeURIComponent('Aiuola fiorita')}`, J)).json().entries;
    assert.deepEqual(decisions.map((e) => e.kind).sort(), ['decision', 'decision', 'pact_request']);
  } finally {
    await clockAt(0);
  }
});

test('a rejected proposal says why and gives the good back', async () => {
  const good = await addGood({ kind: 'square', name: `Piazzetta di prova ${randomBytes(2).toString('hex')}`, address: 'piazza Prova' });
  await resident.get(`/commons/goods/${good}`);
  const id = (await resident.post('/commons/pacts', { good_id: good, title: 'Piazzetta viva', activities: 'Concerti la sera.', proposer_kind: 'resident', months: 6 }, J)).json().pact_id;
  assert.equal((await officer.post(`/commons/pacts/${id}/reject`, { reason: '' }, J)).status, 422);
  assert.equal((await officer.post(`/commons/pacts/${id}/reject`, { reason: 'La piazza è un cantiere fino a giugno.' }, J)).status, 200);
  const p = await pact(id);
  assert.equal(p.state, 'rejected');
  assert.equal((await officer.get(`/commons/goods/${good}`, J)).json().good.state, 'offered');
  assert.equal((await officer.post(`/commons/pacts/${id}/publish`, {}, J)).status, 409);
});

test('an open pact joined and left by several people at once keeps every signatory, and the ledger adds up', async () => {
  const good = await addGood({ kind: 'schoolyard', name: `Cortile di prova ${randomBytes(2).toString('hex')}`, address: 'via Scuola 3' });
  await resident.get(`/commons/goods/${good}`);
  const id = (await resident.post('/commons/pacts', { good_id: good, title: 'Cortile aperto', activities: 'Giochi il sabato.', proposer_kind: 'resident', months: 12, open: '1' }, J)).json().pact_id;
  await officer.post(`/commons/pacts/${id}/publish`, {}, J);
  await clockAt(2 * 86400);
  try {
    assert.equal((await officer.post(`/commons/pacts/${id}/sign`, { starts_on: today(2) }, J)).status, 200);
    const people = await Promise.all(Array.from({ length: 6 }, () => newResident()));
    for (const c of people) await c.get(`/commons/pacts/${id}`);
    // All six at once, and the first of them twice more at the same moment.
    const joins = await Promise.all([...people, people[0], people[0]].map((c) => c.post(`/commons/pacts/${id}/join`, {}, J)));
    assert.equal(joins.filter((r) => r.status === 200).length, 6);
    assert.equal(joins.filter((r) => r.status === 409).length, 2, 'one membership each');
    // Three leave while two of them try to join again at once.
    const churn = await Promise.all([
      ...people.slice(0, 3).map((c) => c.post(`/commons/pacts/${id}/leave`, {}, J)),
      people[4].post(`/commons/pacts/${id}/join`, {}, J),
      people[5].post(`/commons/pacts/${id}/join`, {}, J),
    ]);
    assert.deepEqual(churn.map((r) => r.status), [200, 200, 200, 409, 409]);
    let p = await pact(id);
    assert.equal(p.signatories.filter((s) => s.role === 'member').length, 3);
    assert.equal(p.signatories.length, 5, 'proposer, city and three members');
    // The proposer stays while the pact lasts.
    assert.equal((await resident.post(`/commons/pacts/${id}/leave`, {}, J)).status, 409);
    // The public sees how many, not who.
    const anon = (await new Client().get(`/commons/pacts/${id}`, J)).json().pact;
    assert.equal(anon.signatory_count, 5);
    assert.equal(anon.signatories.length, 0);
    assert.equal(anon.proposer_name, '', 'a resident who proposed is not named to the public');
    assert.equal((await officer.get(`/commons/pacts/${id}`, J)).json().pact.proposer_name, 'Rino Inquilino (demo)');
    const listed = (await new Client().get('/commons/pacts', J)).json().pacts.find((x) => x.id === id);
    assert.equal(listed.proposer_name, '');
    // The ledger: the city's support by its officer, the citizens' by members only.
    assert.equal((await officer.post(`/commons/pacts/${id}/ledger`, { kind: 'materials', description: 'Vernice', on_date: today(2), value: '150,50' }, J)).status, 200);
    assert.equal((await officer.post(`/commons/pacts/${id}/ledger`, { kind: 'fee_waiver', description: 'Esenzione canone', on_date: today(2), value: '1.000' }, J)).status, 200);
    assert.equal((await people[3].post(`/commons/pacts/${id}/ledger`, { kind: 'volunteer_hours', description: 'Sabato mattina', on_date: today(2), hours: '12' }, J)).status, 200);
    assert.equal((await people[4].post(`/commons/pacts/${id}/ledger`, { kind: 'volunteer_hours', description: 'Sabato', on_date: today(2), hours: '8' }, J)).status, 200);
    assert.equal((await people[0].post(`/commons/pacts/${id}/ledger`, { kind: 'volunteer_hours', description: 'Uscito', on_date: today(2), hours: '3' }, J)).status, 403, 'not a signatory any more');
    assert.equal((await people[3].post(`/commons/pacts/${id}/ledger`, { kind: 'fee_waiver', description: 'x', on_date: today(2), value: '1' }, J)).status, 422, 'the city\'s kinds are the city\'s');
    p = await pact(id);
    assert.equal(p.balance.city_cents, 115050);
    assert.equal(p.balance.citizens_hours, 20);
    assert.equal(p.ledger.length, 4);
    // An activity day with the people taking part, for the insurance: by a signatory, within
    // the term, each line a name and maybe a birth date; names for the office and signatories.
    const day = { day: today(3), activity: 'Pulizia del cortile', people: 'Maria Rossi, 1980-01-31\nLuca Bianchi\n  Anna Verdi ; 1975-12-02  \n\n' };
    assert.equal((await people[0].post(`/commons/pacts/${id}/days`, day, J)).status, 403, 'not a signatory any more');
    assert.equal((await people[3].post(`/commons/pacts/${id}/days`, { ...day, day: today(1) }, J)).status, 422, 'before the pact starts');
    assert.equal((await people[3].post(`/commons/pacts/${id}/days`, { ...day, people: 'Mario Rossi, 31/01/1980' }, J)).status, 422, 'a date as the one date reader wants it');
    assert.equal((await people[3].post(`/commons/pacts/${id}/days`, { ...day, people: Array.from({ length: 101 }, (_, i) => `Persona ${i}`).join('\n') }, J)).status, 422, 'at most 100 a day');
    const recorded = await people[3].post(`/commons/pacts/${id}/days`, day, J);
    assert.equal(recorded.status, 200, recorded.text.slice(0, 300));
    assert.equal(recorded.json().people, 3);
    assert.equal((await people[4].post(`/commons/pacts/${id}/days`, day, J)).status, 409, 'the same activity on the same day once');
    const withDays = await pact(id);
    assert.deepEqual(withDays.days[0].people.map((x) => [x.full_name, x.birth_date]),
      [['Anna Verdi', '1975-12-02'], ['Luca Bianchi', null], ['Maria Rossi', '1980-01-31']]);
    const publicDays = (await new Client().get(`/commons/pacts/${id}`, J)).json().pact.days;
    assert.equal(publicDays[0].count, 3);
    assert.equal(publicDays[0].people, undefined, 'no names for the public');
    const insurance = await officer.get(`/commons/insurance.csv?month=${today(3).slice(0, 7)}`);
    assert.equal(insurance.status, 200);
    const lines = insurance.text.split('\r\n').filter((l) => l.includes('Pulizia del cortile'));
    assert.equal(lines.length, 3);
    assert.ok(lines.some((l) => l.endsWith(',Maria Rossi,1980-01-31')));
    assert.equal((await officer.get('/commons/insurance.csv?month=2026-13')).status, 422);
    assert.equal((await people[3].get(`/commons/insurance.csv?month=${today(3).slice(0, 7)}`)).status, 403);
    // A report with two photos, checked by their bytes; within the term; by a signatory.
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('resto di un png di prova')]);
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('resto di un jpeg di prova')]);
    const pdf = Buffer.from('%PDF-1.4\n% non una foto\n%%EOF\n');
    const report = (who, fields, files) => who.multipart(`/commons/pacts/${id}/reports`, [...Object.entries(fields), ...files.map((f) => ['photos', f])], J);
    const period = { period_from: today(2), period_to: today(3), text: 'Pulito il cortile.\nPiantati due alberi.', hours: '9' };
    assert.equal((await report(people[3], period, [{ name: 'doc.pdf', type: 'image/png', bytes: pdf }])).status, 422, 'a PDF is not a photo, whatever it claims');
    assert.equal((await report(people[3], { ...period, period_from: today(1) }, [])).status, 422, 'before the pact started');
    assert.equal((await report(people[0], period, [])).status, 403, 'not a signatory any more');
    const sent = await report(people[3], period, [{ name: 'a.png', type: 'image/png', bytes: png }, { name: 'b.jpg', type: 'image/jpeg', bytes: jpeg }]);
    assert.equal(sent.status, 200, sent.text.slice(0, 300));
    assert.equal(sent.json().photos, 2);
    const rep = (await new Client().get(`/commons/pacts/${id}`, J)).json().pact.reports[0];
    assert.equal(rep.hours, 9);
    assert.equal(rep.photos.length, 2);
    const photo = await new Client().get(`/commons/pacts/${id}/photos/${rep.photos[1].id}`);
    assert.equal(photo.status, 200);
    assert.equal(photo.headers.get('content-type'), 'image/jpeg');
    assert.equal((await new Client().get(`/commons/pacts/${id + 100000}/photos/${rep.photos[1].id}`)).status, 404, 'a photo is read through its own pact');
    // The open data: the pact with its figures, a resident proposer not named.
    const csv = (await new Client().get('/opendata/pacts.csv')).text;
    const line = csv.split('\r\n').find((l) => l.startsWith(`${id},`));
    assert.ok(line, 'the pact is in the open data');
    assert.match(line, /,resident,,active,/);
    assert.match(line, /,5,1150\.50,0\.00,20\.00,\d{4},\d+$/);
  } finally {
    await clockAt(0);
  }
});

test('the other routes to a good: a free loan through its steps and deadlines to its term, a refusal, and the law\'s limits', async () => {
  const building = await addGood({ kind: 'building', name: `Edificio vuoto ${randomBytes(2).toString('hex')}`, address: 'via Vuota 1' });
  const confiscated = await addGood({ kind: 'confiscated', name: `Box ${randomBytes(2).toString('hex')}`, address: 'via Confisca 2', anbsc_code: `MI-${randomBytes(3).toString('hex')}` });
  await officer.get(`/commons/goods/${building}`);
  const start = (good, kind, months, party = 'Fondazione di prova ETS') => officer.post(`/commons/goods/${good}/routes`, { kind, party, term_months: months }, J);
  assert.equal((await start(building, 'free_loan', 361)).status, 422, 'more than 30 years');
  assert.equal((await start(building, 'social_partnership', 61)).status, 422);
  assert.equal((await start(building, 'confiscated_concession', 12)).status, 409, 'only for confiscated assets');
  assert.equal((await start(confiscated, 'free_loan', 12)).status, 409, 'a confiscated asset by concession only');
  const res = await start(building, 'free_loan', 120);
  assert.equal(res.status, 200, res.text.slice(0, 300));
  const route = res.json().route_id;
  const routeOf = async () => (await officer.get(`/commons/goods/${building}`, J)).json().good.routes.find((x) => x.id === route);
  let r = await routeOf();
  assert.deepEqual(r.steps.map((s) => s.name), ['request', 'eligibility', 'project', 'decision', 'loan_agreement']);
  assert.match(r.steps[0].note, /^\d{7}\/\d{4}$/, 'the request is in the protocol');
  assert.equal(r.step, 1);
  assert.equal(r.step_due, today(30));
  // The good is taken: no pact, no second route.
  assert.equal((await start(building, 'social_partnership', 12)).status, 409);
  await resident.get(`/commons/goods/${building}`);
  assert.equal((await resident.post('/commons/pacts', { good_id: building, title: 'x', activities: 'x', proposer_kind: 'resident', months: 6 }, J)).status, 409);
  // Two clicks at once on the step seen record it once; the next step is not taken by mistake.
  const both = await Promise.all([1, 2].map(() => officer.post(`/commons/routes/${route}/advance`, { step: 1, note: 'RUNTS verificato' }, J)));
  assert.deepEqual(both.map((x) => x.status).sort(), [200, 409]);
  r = await routeOf();
  assert.equal(r.step, 2);
  assert.equal(r.step_due, today(30));
  assert.equal((await officer.post(`/commons/routes/${route}/advance`, { step: 2, note: 'Progetto valutato' }, J)).status, 200);
  assert.equal((await routeOf()).step_due, today(60), 'the decision may take 60 days');
  // A step's document: a PDF only, registered in the protocol and named by the step.
  const notPdf = await officer.multipart(`/commons/routes/${route}/advance`, [['step', '3'], ['note', 'Delibera'], ['document', { name: 'delibera.txt', type: 'application/pdf', bytes: Buffer.from('non un pdf') }]], J);
  assert.equal(notPdf.status, 422);
  assert.deepEqual(notPdf.json().errors.map((e) => e.field), ['document']);
  assert.equal((await routeOf()).step, 3, 'nothing done on a refused document');
  const act = Buffer.from('%PDF-1.4\n% delibera di Giunta (prova)\n%%EOF\n');
  assert.equal((await officer.multipart(`/commons/routes/${route}/advance`, [['step', '3'], ['note', 'Delibera'], ['document', { name: 'delibera.pdf', type: 'application/pdf', bytes: act }]], J)).status, 200);
  const withDoc = (await routeOf()).steps[3];
  assert.match(withDoc.protocol_label, /^\d{7}\/\d{4}$/);
  const kept = await officer.get(`/protocol/${withDoc.protocol_entry_id}/files/1`);
  assert.equal(kept.status, 200);
  assert.equal(kept.text, act.toString(), 'the document as attached');
  assert.equal((await resident.get(`/protocol/${withDoc.protocol_entry_id}/files/1`)).status, 403);
  assert.equal((await officer.post(`/commons/routes/${route}/advance`, { step: 4, note: 'Contratto firmato' }, J)).status, 200);
  r = await routeOf();
  assert.equal(r.state, 'active');
  assert.equal(r.starts_on, today());
  const end = new Date(`${today()}T12:00:00Z`);
  end.setUTCMonth(end.getUTCMonth() + 120);
  end.setUTCDate(end.getUTCDate() - 1);
  assert.equal(r.ends_on, end.toISOString().slice(0, 10), 'ten years less a day');
  assert.ok(r.steps.every((s) => s.is_done));
  assert.equal((await officer.post(`/commons/routes/${route}/advance`, { step: 4 }, J)).status, 409, 'nothing left to do');
  const g = (await officer.get(`/commons/goods/${building}`, J)).json().good;
  assert.equal(g.state, 'concession');
  assert.deepEqual(g.events.map((e) => e.event), ['offered', 'proposed', 'concession']);
  // A refusal says why and gives the good back.
  const other = (await start(confiscated, 'confiscated_concession', 96, 'Associazione di prova APS')).json().route_id;
  assert.equal((await officer.post(`/commons/routes/${other}/refuse`, { reason: '' }, J)).status, 422);
  assert.equal((await officer.post(`/commons/routes/${other}/refuse`, { reason: 'Requisiti non posseduti.' }, J)).status, 200);
  assert.equal((await officer.get(`/commons/goods/${confiscated}`, J)).json().good.state, 'offered');
  assert.equal((await resident.post(`/commons/routes/${other}/refuse`, { reason: 'x' }, J)).status, 403);
});

test('a good that is also a space of the register shows the co-design calls and agreements that went through it', async () => {
  const id = await addGood({ kind: 'building', name: `Locale del registro ${randomBytes(3).toString('hex')}`, address: 'via Palmanova' });
  const page = (await officer.get(`/commons/goods/${id}`, J)).json();
  assert.equal(page.good.space, undefined);
  const palmanova = page.space_choices.find((s) => s.name === 'Spazio via Palmanova');
  assert.ok(palmanova, 'the city\'s spaces to choose from');
  await officer.get(`/commons/goods/${id}`);
  assert.equal((await resident.post(`/commons/goods/${id}/space`, { space_id: palmanova.id }, J)).status, 403);
  const unknown = await officer.post(`/commons/goods/${id}/space`, { space_id: 999999999 }, J);
  assert.equal(unknown.status, 422);
  assert.deepEqual(unknown.json().errors.map((e) => e.field), ['space_id']);
  assert.equal((await officer.post(`/commons/goods/${id}/space`, { space_id: palmanova.id }, J)).status, 200);
  // Seen by anyone: the space, the calls that offered it (not drafts) and its agreements.
  const g = (await new Client().get(`/commons/goods/${id}`, J)).json().good;
  assert.equal(g.space.name, 'Spazio via Palmanova');
  assert.ok(g.calls.some((k) => k.title.includes('Quartieri Connessi')), JSON.stringify(g.calls));
  assert.ok(g.calls.every((k) => k.state !== 'draft' && k.state_label));
  assert.ok(Array.isArray(g.agreements));
  // A space is one good's.
  const other = await addGood({ kind: 'building', name: `Altro locale ${randomBytes(3).toString('hex')}`, address: 'via Palmanova' });
  const taken = await officer.post(`/commons/goods/${other}/space`, { space_id: palmanova.id }, J);
  assert.equal(taken.status, 409);
  assert.equal(taken.json().error.code, 'commons.space_taken');
  // Unlinked, the page says so and the space is free again.
  assert.equal((await officer.post(`/commons/goods/${id}/space`, { space_id: 0 }, J)).status, 200);
  assert.equal((await resident.get(`/commons/goods/${id}`, J)).json().good.space, undefined);
  assert.equal((await officer.post(`/commons/goods/${other}/space`, { space_id: palmanova.id }, J)).status, 200);
  assert.equal((await officer.post(`/commons/goods/${other}/space`, { space_id: 0 }, J)).status, 200);
});

test('a dispute over an active pact goes to a conciliation committee within the regulation\'s days, registered at both ends', async () => {
  const good = await addGood({ kind: 'square', name: `Piazzetta contesa ${randomBytes(2).toString('hex')}`, address: 'via Lite 1' });
  await resident.get(`/commons/goods/${good}`);
  const id = (await resident.post('/commons/pacts', { good_id: good, title: 'Piazzetta curata', activities: 'Pulizia e panchine.', proposer_kind: 'resident', months: 12, open: '1' }, J)).json().pact_id;
  // Not before the pact is active.
  await resident.get(`/commons/pacts/${id}`);
  assert.equal((await resident.post(`/commons/pacts/${id}/disputes`, { subject: 'Troppo presto' }, J)).status, 409);
  await officer.post(`/commons/pacts/${id}/publish`, {}, J);
  await clockAt(2 * 86400);
  try {
    assert.equal((await officer.post(`/commons/pacts/${id}/sign`, { starts_on: today(2) }, J)).status, 200);
    // Only the pact's signatories and the city raise one.
    const stranger = await newResident();
    await stranger.get(`/commons/pacts/${id}`);
    assert.equal((await stranger.post(`/commons/pacts/${id}/disputes`, { subject: 'Non mi riguarda' }, J)).status, 403);
    await resident.get(`/commons/pacts/${id}`);
    assert.equal((await resident.post(`/commons/pacts/${id}/disputes`, { subject: '' }, J)).status, 422);
    const raised = await resident.post(`/commons/pacts/${id}/disputes`, { subject: 'Il Comune non ha fornito le panchine promesse.' }, J);
    assert.equal(raised.status, 200, raised.text.slice(0, 300));
    const dispute = raised.json().dispute_id;
    await officer.get(`/commons/pacts/${id}`);
    const twice = await officer.post(`/commons/pacts/${id}/disputes`, { subject: 'Altra' }, J);
    assert.equal(twice.status, 409);
    assert.equal(twice.json().error.code, 'commons.dispute_open');
    let d = (await officer.get(`/commons/pacts/${id}`, J)).json().pact.disputes[0];
    assert.deepEqual([d.state, d.side], ['raised', 'signatories']);
    assert.match(d.protocol_label, /^\d{7}\/\d{4}$/, 'registered in the protocol');
    assert.equal((await new Client().get(`/commons/pacts/${id}`, J)).json().pact.disputes, undefined, 'not for the public');
    // The committee, named by the officer; its proposal due in the regulation's days (30 by default).
    await resident.get(`/commons/pacts/${id}`);
    assert.equal((await resident.post(`/commons/disputes/${dispute}/committee`, { member_signatories: 'a', member_city: 'b', chair: 'c' }, J)).status, 403);
    const partial = await officer.post(`/commons/disputes/${dispute}/committee`, { member_signatories: 'Anna Rossi', member_city: '' }, J);
    assert.equal(partial.status, 422);
    assert.deepEqual(partial.json().errors.map((e) => e.field).sort(), ['chair', 'member_city']);
    assert.equal((await officer.post(`/commons/disputes/${dispute}/close`, { outcome: 'conciliated', proposal: 'x' }, J)).status, 409, 'no committee yet');
    assert.equal((await officer.post(`/commons/disputes/${dispute}/committee`, { member_signatories: 'Anna Rossi', member_city: 'Luca Bianchi', chair: 'Maria Verdi' }, J)).status, 200);
    assert.equal((await officer.post(`/commons/disputes/${dispute}/committee`, { member_signatories: 'x', member_city: 'y', chair: 'z' }, J)).status, 409, 'named once');
    d = (await officer.get(`/commons/pacts/${id}`, J)).json().pact.disputes[0];
    assert.equal(d.state, 'committee');
    assert.equal(d.due_on, today(2 + 30));
    assert.equal(d.chair, 'Maria Verdi');
    assert.equal((await officer.post(`/commons/disputes/${dispute}/close`, { outcome: 'conciliated' }, J)).status, 422);
    const closed = await officer.post(`/commons/disputes/${dispute}/close`, { outcome: 'conciliated', proposal: 'Due panchine entro marzo, posate con i firmatari.' }, J);
    assert.equal(closed.status, 200);
    d = (await resident.get(`/commons/pacts/${id}`, J)).json().pact.disputes[0];
    assert.deepEqual([d.state, d.proposal], ['conciliated', 'Due panchine entro marzo, posate con i firmatari.']);
    const reg = (await officer.get(`/protocol?q=${encodeURIComponent('conciliazione')}`, J)).json();
    assert.ok(reg.entries.length >= 1, 'the outcome is registered');
    // Closed, another may be raised.
    assert.equal((await officer.post(`/commons/pacts/${id}/disputes`, { subject: 'Nuova questione' }, J)).status, 200);
  } finally {
    await clockAt(0);
  }
});

test('a complex pact: a notice on a listed good, competing proposals merged at the comparison meeting, the giunta, then publication and signing', async () => {
  const tag = randomBytes(2).toString('hex');
  const good = await addGood({ kind: 'heritage', name: `Cascina di prova ${tag}`, address: 'via Cascina 9' });
  await officer.get(`/commons/goods/${good}`);
  const bad = await officer.post(`/commons/goods/${good}/notices`, { title: '', council_act: '', body: '', days: 3 }, J);
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.json().errors.map((e) => e.field).sort(), ['body', 'council_act', 'days', 'title']);
  await resident.get(`/commons/goods/${good}`);
  assert.equal((await resident.post(`/commons/goods/${good}/notices`, { title: 'x', council_act: 'x', body: 'x', days: 15 }, J)).status, 403);
  const notice = { title: `Avviso cascina ${tag}`, council_act: 'Delibera di Consiglio n. 1 del 02/01/2026 (prova)', body: 'Proposte per riaprire la cascina al quartiere.', days: 15 };
  const made = await officer.post(`/commons/goods/${good}/notices`, notice, J);
  assert.equal(made.status, 200, made.text.slice(0, 300));
  const nid = made.json().notice_id;
  assert.match(made.json().protocol, /^\d{7}\/\d{4}$/);
  assert.equal((await officer.post(`/commons/goods/${good}/notices`, notice, J)).json().error.code, 'commons.notice_open_already');
  const listed = (await resident.get('/commons', J)).json().notices.find((n) => n.id === nid);
  assert.deepEqual([listed.good_id, listed.proposals_until], [good, today(15)], 'the register lists the open notice');
  // Under a notice, proposals go under it, and no other route starts.
  const ordinary = await resident.post('/commons/pacts', { good_id: good, title: 'Da solo', activities: 'x', proposer_kind: 'resident', months: 12 }, J);
  assert.equal(ordinary.status, 409);
  assert.equal(ordinary.json().error.code, 'commons.under_notice');
  assert.equal((await officer.post(`/commons/goods/${good}/routes`, { kind: 'free_loan', party: 'Fondazione di prova ETS', term_months: 12 }, J)).json().error.code, 'commons.under_notice');
  const other = await newResident();
  await other.get(`/commons/goods/${good}`);
  const propose = (who, title, group) => who.post('/commons/pacts', { good_id: good, notice_id: nid, title, activities: `Attività di ${title}`, proposer_kind: 'informal_group', group_name: group, months: 12, open: '1' }, J);
  const a = await propose(resident, 'Cascina aperta', 'Amici della cascina');
  const b = await propose(other, 'Orti in cascina', 'Ortisti del quartiere');
  assert.equal(a.status, 200, a.text.slice(0, 300));
  assert.equal(b.status, 200, b.text.slice(0, 300));
  const [pa, pb] = [a.json().pact_id, b.json().pact_id];
  assert.equal((await pact(pa)).kind, 'complex');
  let page = (await resident.get(`/commons/notices/${nid}`, J)).json();
  assert.deepEqual(page.notice.proposals.map((p) => p.id), [pa, pb]);
  assert.equal(page.notice.is_competing, true);
  assert.equal(page.notice.is_taking_proposals, true);
  assert.equal(page.may_meet, false);
  // Nothing is compared, approved or published while the notice takes proposals.
  assert.equal((await officer.post(`/commons/notices/${nid}/meeting`, { held_on: today(), lead: pa, minutes: 'x' }, J)).json().error.code, 'commons.proposals_open');
  assert.equal((await officer.post(`/commons/pacts/${pa}/giunta`, { act: 'Delibera di Giunta n. 2', approved_on: today() }, J)).json().error.code, 'commons.proposals_open');
  assert.equal((await officer.post(`/commons/pacts/${pa}/publish`, {}, J)).json().error.code, 'commons.no_giunta');
  try {
    await clockAt(16 * 86400);
    assert.equal((await propose(resident, 'In ritardo', 'Ritardatari')).json().error.code, 'commons.notice_closed');
    const home = (await officer.get('/', J)).json().roles.find((r) => r.role === 'officer');
    assert.ok(home.items.find((i) => i.key === 'notices_to_weigh').count >= 1, 'the officer\'s home says the notice waits');
    assert.equal((await officer.post(`/commons/pacts/${pa}/giunta`, { act: 'Delibera di Giunta n. 2', approved_on: today(16) }, J)).json().error.code, 'commons.competing');
    for (const day of [today(17), today(10)]) {
      const wrong = await officer.post(`/commons/notices/${nid}/meeting`, { held_on: day, lead: pa, merged: [pb], minutes: 'x' }, J);
      assert.equal(wrong.status, 422, day);
      assert.deepEqual(wrong.json().errors.map((e) => e.field), ['held_on']);
    }
    assert.equal((await officer.post(`/commons/notices/${nid}/meeting`, { held_on: today(16), lead: pa, merged: [999999999], minutes: 'x' }, J)).status, 404);
    page = (await officer.get(`/commons/notices/${nid}`, J)).json();
    assert.equal(page.may_meet, true);
    const met = await officer.post(`/commons/notices/${nid}/meeting`, { held_on: today(16), lead: pa, merged: [pb], title: 'Cascina aperta e orti', minutes: 'Le due proposte si uniscono: apertura e orti insieme.' }, J);
    assert.equal(met.status, 200, met.text.slice(0, 300));
    assert.equal((await officer.post(`/commons/notices/${nid}/meeting`, { held_on: today(16), lead: pa, minutes: 'ancora' }, J)).status, 409, 'one meeting');
    const merged = await pact(pb);
    assert.deepEqual([merged.state, merged.merged_into], ['rejected', pa]);
    const lead = await pact(pa);
    assert.equal(lead.title, 'Cascina aperta e orti');
    assert.equal(lead.signatories.filter((s) => s.role === 'proposer').length, 2, 'the merged proposal\'s proposer signs the one it joined');
    assert.equal((await resident.post(`/commons/pacts/${pa}/giunta`, { act: 'x', approved_on: today(16) }, J)).status, 403);
    assert.equal((await officer.post(`/commons/pacts/${pa}/giunta`, { act: '', approved_on: '' }, J)).status, 422);
    assert.equal((await officer.post(`/commons/pacts/${pa}/giunta`, { act: 'Delibera di Giunta n. 2 (prova)', approved_on: today(16) }, J)).status, 200);
    assert.equal((await officer.post(`/commons/pacts/${pa}/giunta`, { act: 'Delibera di Giunta n. 3', approved_on: today(16) }, J)).status, 409, 'approved once');
    assert.equal((await officer.get(`/commons/notices/${nid}`, J)).json().notice.state, 'closed');
    const approved = await pact(pa);
    assert.deepEqual([approved.giunta_act, approved.giunta_on], ['Delibera di Giunta n. 2 (prova)', today(16)]);
    // Then as an ordinary pact: publication for comments, signing.
    assert.equal((await officer.post(`/commons/pacts/${pa}/publish`, {}, J)).status, 200);
    await clockAt(19 * 86400);
    assert.equal((await officer.post(`/commons/pacts/${pa}/sign`, { starts_on: today(19) }, J)).status, 200);
    const g = (await officer.get(`/commons/goods/${good}`, J)).json().good;
    assert.equal(g.state, 'pact');
    assert.deepEqual(g.events.map((e) => e.event), ['offered', 'notice', 'proposed', 'proposed', 'meeting', 'approved', 'pact']);
    assert.equal(Number(dbText(`SELECT count(*) FROM protocol_entries WHERE ref_type = 'pact_notice' AND ref_id = ${nid}`)), 2, 'the notice and the minutes');

    // A notice with no proposal closes without outcome, with a reason; the good is free again.
    const quiet = await addGood({ kind: 'building', name: `Magazzino di prova ${tag}`, address: 'via Vuota 1' });
    await officer.get(`/commons/goods/${quiet}`);
    const qn = (await officer.post(`/commons/goods/${quiet}/notices`, { ...notice, title: `Avviso magazzino ${tag}` }, J)).json().notice_id;
    assert.equal((await officer.post(`/commons/notices/${qn}/void`, { reason: '' }, J)).status, 422);
    assert.equal((await officer.post(`/commons/notices/${qn}/void`, { reason: 'Nessuna proposta ricevuta.' }, J)).status, 200);
    assert.equal((await officer.get(`/commons/notices/${qn}`, J)).json().notice.state, 'void');
    await resident.get(`/commons/goods/${quiet}`);
    assert.equal((await resident.post('/commons/pacts', { good_id: quiet, title: 'Dopo l\'avviso', activities: 'Pulizia', proposer_kind: 'resident', months: 6 }, J)).status, 200);
  } finally {
    await clockAt(0);
  }
});

test('the register comes in pages of 50, filtered by kind, state and neighbourhood, the filters kept in the pager', async () => {
  const hood = `Pagine ${randomBytes(2).toString('hex')}`;
  for (let i = 0; i < 51; i++) await addGood({ kind: 'square', name: `Piazza ${String(i).padStart(2, '0')}`, address: `via Pagina ${i}`, neighbourhood: hood });
  const q = `neighbourhood=${encodeURIComponent(hood)}`;
  const first = (await resident.get(`/commons?${q}`, J)).json();
  assert.equal(first.total, 51);
  assert.equal(first.goods.length, 50);
  assert.ok(first.goods.every((g) => g.neighbourhood === hood));
  assert.deepEqual([first.page, first.pages, first.has_next, first.has_prev], [1, 2, true, false]);
  assert.ok(first.neighbourhoods.find((n) => n.name === hood).selected);
  const second = (await resident.get(`/commons?${q}&page=2`, J)).json();
  assert.deepEqual(second.goods.map((g) => g.name), ['Piazza 50']);
  assert.equal((await resident.get(`/commons?${q}&page=3`, J)).json().goods.length, 0);
  assert.equal((await resident.get(`/commons?${q}&kind=room`, J)).json().total, 0);
  // The page's links carry the filters, encoded.
  const html = (await resident.get(`/commons?${q}`)).text;
  assert.ok(html.includes(`href="/commons?page=2&amp;neighbourhood=${encodeURIComponent(hood)}"`), 'the next page keeps the neighbourhood');
  assert.equal((await resident.get('/commons?kind=castle', J)).status, 422);
});
