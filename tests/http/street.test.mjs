// Street work: contacts recorded by the teams (a contact sent again with its key is stored once,
// however many times and on whichever instance), the zones and the routing of public alerts to
// the zone's team, the board's stamp that its watchers follow, and the night count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BASE, Client, api } from './helpers.mjs';

const key = () => randomBytes(16).toString('hex');

test('a street contact sent again with its key is stored once, even ten at once', async () => {
  const page = await api('ets1', 'GET', '/street/contacts');
  assert.equal(page.status, 200);
  const view = page.json();
  assert.match(view.client_key, /^[0-9a-f]{32}$/, 'a key for the form sent without a script');
  const zone = view.zones.find((z) => z.name.startsWith('Stazione Centrale'));
  const k = key();
  const contact = { client_key: k, place: 'Piazza IV Novembre', person: `Uomo con la chitarra ${k.slice(0, 6)}`, needs: ['food', 'shelter'], offered: 'Panino e tè', zone_id: zone.id };
  const first = await api('ets1', 'POST', '/street/contacts', contact);
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json().replayed, false);
  const again = await api('ets1', 'POST', '/street/contacts', contact);
  assert.equal(again.status, 200);
  assert.equal(again.json().replayed, true);
  assert.equal(again.json().contact_id, first.json().contact_id, 'the contact kept the first time');
  // The network came back and the phone sent its queue while the old request was still on its way.
  const k2 = key();
  const burst = await Promise.all(Array.from({ length: 10 }, () =>
    api('ets1', 'POST', '/street/contacts', { ...contact, client_key: k2, person: `Donna col cappotto ${k2.slice(0, 6)}` })));
  assert.deepEqual(burst.map((r) => r.status), Array(10).fill(200));
  assert.equal(new Set(burst.map((r) => r.json().contact_id)).size, 1, 'one contact for ten sends');
  assert.equal(burst.filter((r) => !r.json().replayed).length, 1);
  const list = (await api('ets1', 'GET', '/street/contacts')).json().contacts;
  assert.equal(list.filter((c) => c.person.endsWith(k.slice(0, 6))).length, 1);
  assert.equal(list.filter((c) => c.person.endsWith(k2.slice(0, 6))).length, 1);
  const mine = list.find((c) => c.person.endsWith(k.slice(0, 6)));
  assert.equal(mine.needs, 'food,shelter');
  assert.equal(mine.zone, zone.name);
});

test('a street contact with a bad key, unknown needs or a reference of nowhere is refused', async () => {
  const base = { place: 'Via Torino', person: 'Ragazzo' };
  const nokey = await api('ets1', 'POST', '/street/contacts', base);
  assert.equal(nokey.status, 422);
  assert.deepEqual(nokey.json().errors.map((e) => e.field), ['client_key']);
  assert.equal((await api('ets1', 'POST', '/street/contacts', { ...base, client_key: 'short' })).status, 422);
  assert.equal((await api('ets1', 'POST', '/street/contacts', { ...base, client_key: 'x'.repeat(32) })).status, 422);
  assert.equal((await api('ets1', 'POST', '/street/contacts', { ...base, client_key: key(), needs: ['spa'] })).status, 422);
  const nowhere = await api('ets1', 'POST', '/street/contacts', { ...base, client_key: key(), zone_id: 999999 });
  assert.equal(nowhere.status, 404);
  assert.match(nowhere.json().error.message, /non sono della tua città/);
  assert.equal((await api('resident1', 'GET', '/street/contacts')).status, 403);
  const anon = await fetch(`${BASE}/street/contacts`, { redirect: 'manual' });
  assert.equal(anon.status, 303, 'sign in first');
});

test('the contact page works without a script: a form with its key, the flash after it', async () => {
  const team = new Client();
  await team.login('ets1');
  const page = await team.get('/street/contacts');
  assert.match(page.text, /Contatti in strada/);
  const k = page.text.match(/name="client_key" value="([0-9a-f]{32})"/)[1];
  const sent = await team.post('/street/contacts', { client_key: k, place: 'Via Dante', person: 'Signore con il bastone', needs: 'health' });
  assert.equal(sent.status, 303);
  const again = await team.post('/street/contacts', { client_key: k, place: 'Via Dante', person: 'Signore con il bastone', needs: 'health' });
  assert.equal(again.status, 303, 'sent twice (the button pressed again): still one');
  const after = await team.get('/street/contacts');
  assert.match(after.text, /era già registrato/);
  assert.equal(after.text.split('Signore con il bastone').length - 1, 1);
  assert.match(after.text, /Bisogni: Salute/, 'needs in words, not codes');
  const sw = await fetch(`${BASE}/street/sw.js`);
  assert.equal(sw.status, 200);
  assert.match(sw.headers.get('content-type'), /javascript/);
});

test('zones: each has its team, and a public alert goes to the team of its zone', async () => {
  const officer = new Client();
  await officer.login('officer');
  const zones = (await api('officer', 'GET', '/street/zones')).json();
  const day = zones.units.find((u) => u.name.startsWith('Unità di strada diurna'));
  const name = `Città Studi ${key().slice(0, 6)}`;
  const made = await api('officer', 'POST', '/street/zones', { name, service_id: day.id });
  assert.equal(made.status, 200, made.text);
  assert.equal((await api('officer', 'POST', '/street/zones', { name })).status, 409, 'one name per city');
  assert.equal((await api('officer', 'POST', '/street/zones', { name: 'Altrove', service_id: 999999 })).status, 404);
  assert.equal((await api('ets1', 'POST', '/street/zones', { name: 'Mia' })).status, 403);
  const anyone = new Client();
  const form = await anyone.get('/alerts/new');
  assert.match(form.text, new RegExp(name));
  const sent = await anyone.post('/alerts', { place: 'Piazza Leonardo da Vinci', description: 'Uomo sotto il portico', zone_id: made.json().zone_id });
  assert.equal(sent.status, 200);
  const alert = (await api('ets1', 'GET', '/alerts')).json().alerts.find((a) => a.place === 'Piazza Leonardo da Vinci');
  assert.equal(alert.team, day.name, 'routed to the zone\'s team');
  assert.equal(alert.zone, name);
  assert.equal(alert.state, 'new');
  const foreign = await anyone.post('/alerts', { place: 'X', description: 'Y', zone_id: 999999 }, { accept: 'application/json' });
  assert.equal(foreign.status, 422);
});

test('the board\'s stamp moves with every hold, and the board shows alerts and the teams on duty', async () => {
  const stamp = async () => (await api('ets1', 'GET', '/services/board/stamp')).json().stamp;
  const before = await stamp();
  const sites = (await (await fetch(`${BASE}/services`, { headers: { Accept: 'application/json' } })).json()).sites;
  const shelter = sites.find((s) => s.name === 'Casa Aldini per famiglie (demo)');
  const held = await api('ets1', 'POST', `/services/${shelter.id}/holds`, { kind: 'bed', person: 'Per il tabellone' });
  assert.equal(held.status, 200, held.text);
  const moved = await stamp();
  assert.ok(moved > before, 'a hold moves the stamp');
  assert.equal((await api('ets1', 'POST', `/holds/${held.json().hold_id}/release`, {})).status, 200);
  assert.ok((await stamp()) > moved, 'so does a release');
  const board = (await api('officer', 'GET', '/services/board')).json();
  assert.ok(board.alerts.some((a) => a.state === 'new'), 'open alerts');
  assert.ok(board.alerts.every((a) => a.is_open));
  assert.ok(Array.isArray(board.on_duty));
  assert.ok(board.on_duty.every((s) => ['street_unit', 'social_emergency'].includes(s.kind) && s.is_open_now));
  assert.ok(board.on_duty.some((s) => s.kind === 'social_emergency'), 'the emergency service is always on duty');
  const officer = new Client();
  await officer.login('officer');
  const still = await officer.get('/services/board');
  assert.equal(still.headers.get('refresh'), null, 'no refresh unless asked');
  assert.match(still.text, /data-stamp="\d+"/);
  const auto = await officer.get('/services/board?auto=1');
  assert.match(auto.headers.get('refresh'), /^30; url=\/services\/board\?auto=1$/);
  assert.match(auto.text, /Ferma l(&#39;|')aggiornamento automatico/);
  assert.equal((await api('resident1', 'GET', '/services/board/stamp')).status, 403);
});

test('the night count: pairs in zones, tallies, totals with the people sheltered, then closed', async () => {
  const list = (await api('officer', 'GET', '/services/counts')).json();
  const demo = list.counts.find((c) => c.name.startsWith('Conta notturna di gennaio'));
  assert.ok(demo && demo.state === 'closed' && demo.people > 0);
  const night = list.tonight;
  let made = await api('officer', 'POST', '/services/counts', { name: 'Conta di stanotte', night });
  if (made.status === 409) { // a second run of the suite on the same database
    made = { json: () => ({ count_id: list.counts.find((c) => c.night === night).id }), status: 200 };
  }
  assert.equal(made.status, 200, made.text);
  const id = made.json().count_id;
  assert.equal((await api('officer', 'POST', '/services/counts', { name: 'Doppia', night })).status, 409, 'one count a night');
  const count = (await api('officer', 'GET', `/services/counts/${id}`)).json().count;
  if (count.state === 'closed') return;
  const zone = count.zones[0];
  assert.equal((await api('officer', 'POST', `/services/counts/${id}/pairs`, { zone_id: zone.id, volunteer_a: 'Ilaria', volunteer_b: 'Luca' })).status, 200);
  assert.equal((await api('ets1', 'POST', `/services/counts/${id}/pairs`, { zone_id: zone.id, volunteer_a: 'A', volunteer_b: 'B' })).status, 403, 'the city assigns the pairs');
  const tally = (people, extra = {}) => api('ets1', 'POST', `/services/counts/${id}/tallies`, { zone_id: zone.id, ethos: 'public_space', gender: 'woman', age_band: '30_49', people, ...extra });
  assert.equal((await tally(3)).status, 200);
  assert.equal((await tally(2, { gender: 'man', age_band: '65_plus' })).status, 200);
  assert.equal((await tally(0)).status, 422);
  assert.equal((await tally(1, { ethos: 'palace' })).status, 422);
  assert.equal((await tally(1, { zone_id: 999999 })).status, 404);
  const after = (await api('officer', 'GET', `/services/counts/${id}`)).json().count;
  assert.equal(after.zones.find((z) => z.id === zone.id).people - zone.people, 5);
  assert.equal(after.street_total - count.street_total, 5);
  assert.ok(after.by_gender.find((g) => g.code === 'woman').people >= 3);
  assert.ok(after.sheltered_total >= 2, 'the people checked in tonight are counted as sheltered');
  assert.equal(after.total, after.street_total + after.sheltered_total);
  assert.equal((await api('officer', 'POST', `/services/counts/${id}/close`, {})).status, 200);
  assert.equal((await tally(1)).status, 409, 'a closed count takes no more');
  assert.equal((await api('officer', 'POST', `/services/counts/${id}/close`, {})).status, 409);
  assert.equal((await api('resident1', 'GET', `/services/counts/${id}`)).status, 403);
});

test('the report: night by night against the beds, per service and winter plan; open data withholds small counts', async () => {
  const rep = (await api('officer', 'GET', '/services/reports')).json();
  assert.equal(rep.nights.length, 30, 'the last 30 nights by default');
  const last = rep.nights.at(-1);
  assert.ok(last.beds >= 2600, `Milan's winter network: ${last.beds} beds`);
  assert.ok(rep.nights[0].beds < last.beds, 'the winter plan\'s beds count only from its first night');
  assert.ok(rep.nights.every((n) => n.occupancy_pct >= 0 && n.occupancy_pct <= 100 && n.stays <= n.beds));
  assert.equal(rep.totals.stays, rep.nights.reduce((a, n) => a + n.stays, 0));
  assert.equal(rep.totals.turnaways, rep.nights.reduce((a, n) => a + n.turnaways, 0));
  const byService = rep.services.reduce((a, s) => a + s.stays, 0);
  assert.equal(byService, rep.totals.stays, 'per service adds up to the nights');
  const plan = rep.plans.find((p) => p.name.startsWith('Piano freddo'));
  assert.equal(plan.services, 4);
  assert.equal(plan.beds, 440);
  assert.ok(rep.services.filter((s) => s.plan).every((s) => s.nights_open < 30), 'winter services were open on fewer nights');
  assert.equal((await api('officer', 'GET', '/services/reports?from=2026-11-30&to=2026-11-01')).status, 422);
  assert.equal((await api('officer', 'GET', '/services/reports?from=2024-01-01&to=2026-01-01')).status, 422);
  assert.equal((await api('officer', 'GET', '/services/reports?from=2026-02-30')).status, 422);
  assert.equal((await api('auditor', 'GET', '/services/reports')).status, 200);
  assert.equal((await api('ets1', 'GET', '/services/reports')).status, 403);
  const officer = new Client();
  await officer.login('officer');
  const page = await officer.get('/services/reports');
  assert.match(page.text, /<svg[^>]+role="img"/, 'the chart');
  assert.match(page.text, /<caption>Notte per notte<\/caption>/, 'and its table');

  const nights = await (await fetch(`${BASE}/opendata/service_nights.json`)).json();
  assert.ok(nights.length > 500);
  for (const n of nights) {
    for (const v of [n.stays, n.no_shows]) assert.ok(v === null || v === 0 || (v >= 5 && v % 5 === 0), `${JSON.stringify(n)}`);
  }
  assert.ok(nights.some((n) => n.no_shows === null), 'small counts withheld');
  const csv = await (await fetch(`${BASE}/opendata/services.csv`)).text();
  const [head, ...rows] = csv.trim().split('\r\n');
  assert.equal(head, 'service_id,city,kind,name,organisation,location,address,postal_code,neighbourhood,latitude,longitude,hours,status,beds');
  assert.ok(rows.some((r) => r.includes('Dormitorio Sammartini (demo)') && r.includes(',45.489000,9.205000,')));
});
