// Low-threshold services: the public directory (kind, who for, open now, near a place), a
// service's page, places held, checked in, released and freed when their time runs out,
// turn-aways, who may do what; and the same directory as the HSDS 3.0 API, validated against
// Open Referral's schemas when COPROG_SPEC_DIR holds them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { BASE, Client, api, setClock } from './helpers.mjs';

const require = createRequire(import.meta.url);
const anon = (path) => fetch(BASE + path, { headers: { Accept: 'application/json' } });
const json = async (path) => (await anon(path)).json();

async function service(name) {
  const sites = (await json('/services')).sites;
  const s = sites.find((x) => x.name === name);
  assert.ok(s, `${name} is in the directory`);
  return s;
}

// Tests that move the clock by up to about 100 minutes start where that does not cross 8:00 in
// Rome, when one night's places give way to the next.
function quietOffset() {
  const [h, m] = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Rome', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date()).split(':').map(Number);
  const mins = h * 60 + m;
  return mins >= 8 * 60 - 110 && mins < 8 * 60 ? (8 * 60 - mins + 5) * 60 : 0;
}

const freeBeds = async (id) => (await json(`/services/${id}`)).service.free_by_kind.find((k) => k.kind === 'bed').free;

test('the directory: every service, filtered by kind, by who it is for, open now, and by distance', async () => {
  const all = (await json('/services')).sites;
  assert.ok(all.length >= 11, 'the demo network');
  assert.equal(all[0].kind, 'social_emergency', 'the social emergency service comes first');
  const shelters = (await json('/services?kind=night_shelter')).sites;
  assert.ok(shelters.length >= 3 && shelters.every((s) => s.kind === 'night_shelter'));
  const women = (await json('/services?who=women')).sites;
  assert.ok(women.every((s) => s.is_for_women));
  const men = (await json('/services?who=men')).sites;
  assert.ok(men.every((s) => s.is_for_men) && !men.some((s) => s.name.includes('Ortles')), 'the women\'s shelter is not for men');
  assert.ok(!(await json('/services?who=pets')).sites.some((s) => s.name.includes('Ortles')), 'the women\'s shelter takes no pets');
  const open = (await json('/services?open_now=1')).sites;
  assert.ok(open.every((s) => s.is_open_now), 'only what is open now');
  assert.ok(open.some((s) => s.kind === 'social_emergency'), 'the emergency service never closes');
  const places = (await json('/services')).places;
  const dogana = places.find((p) => p.name.includes('Dogana'));
  const near = (await json(`/services?near=${dogana.id}`)).sites;
  assert.equal(near[0].location, dogana.name, 'the nearest first');
  const metres = near.map((s) => s.metres);
  assert.deepEqual(metres, [...metres].sort((a, b) => a - b), 'ordered by distance');
  assert.equal((await anon('/services?kind=spa')).status, 422);
  const page = await (await fetch(`${BASE}/services?who=families`)).text();
  assert.match(page, /Servizi per chi non ha casa/);
  assert.match(page, /Casa Aldini/);
  assert.doesNotMatch(page, /Rifugio Ortles/, 'not for families');
  assert.match(page, /(Aperto ora|Chiuso ora)<\/span>/, 'each card says whether it is open now, in two words');
  const en = await (await fetch(`${BASE}/services?lang=en`)).text();
  assert.match(en, /Services for people without a home/);
  assert.match(en, /Sammartini night shelter/, 'the English name');
});

test('a service page says where, when, for whom, what to bring and tonight\'s free places; staff alone see the places', async () => {
  const s = await service('Dormitorio Sammartini (demo)');
  const page = await (await fetch(`${BASE}/services/${s.id}`)).text();
  assert.match(page, /via Sammartini 120/);
  assert.match(page, /Posti liberi stanotte/);
  assert.doesNotMatch(page, /Tieni un posto/, 'no staff forms for visitors');
  const officer = new Client();
  await officer.login('officer');
  const staff = await officer.get(`/services/${s.id}`);
  assert.match(staff.text, /Tieni un posto per una persona/);
  assert.match(staff.text, /Richiesta senza posto/);
  assert.equal((await anon('/services/999999')).status, 404);
});

test('a street team holds a bed, the person checks in; a place is never given twice', async () => {
  const s = await service('Dormitorio Sammartini (demo)');
  const before = await freeBeds(s.id);
  const held = await api('ets1', 'POST', `/services/${s.id}/holds`, { kind: 'bed', person: 'Prova, berretto blu' });
  assert.equal(held.status, 200, held.text.slice(0, 300));
  const hold = held.json().hold_id;
  assert.equal(await freeBeds(s.id), before - 1, 'one place fewer');
  const hsds = (await json(`/hsds/services/${(await json('/hsds/services?search=Sammartini')).contents[0].id}`));
  assert.equal(hsds.capacities.find((c) => c.unit.identifier === 'bed').available, before - 1, 'the HSDS capacity follows');
  assert.equal((await api('officer', 'POST', `/holds/${hold}/check-in`, {})).status, 200);
  const again = await api('officer', 'POST', `/holds/${hold}/check-in`, {});
  assert.equal(again.status, 409);
  assert.match(again.json().error.message, /non è più tenuto/);
  assert.equal((await api('officer', 'POST', `/holds/${hold}/release`, {})).status, 409, 'a checked-in place is not released by mistake');
  assert.equal(await freeBeds(s.id), before - 1, 'the night\'s stay keeps the place');
  const mine = await api('ets1', 'POST', `/services/${s.id}/holds`, { kind: 'bed', person: 'Altra persona' });
  const release = await api('ets1', 'POST', `/holds/${mine.json().hold_id}/release`, {});
  assert.equal(release.status, 200);
  assert.equal(await freeBeds(s.id), before - 1, 'a released hold gives its place back');
});

test('no place of that kind: 409 that says so, and the turn-away is recorded', async () => {
  const s = await service('Dormitorio Sammartini (demo)');
  const none = await api('ets1', 'POST', `/services/${s.id}/holds`, { kind: 'bed', person: 'Famiglia con bimbi', family: true });
  assert.equal(none.status, 409);
  assert.match(none.json().error.message, /Nessun posto libero/);
  const t = await api('ets1', 'POST', `/services/${s.id}/turnaways`, { kind: 'bed', note: 'famiglia di quattro' });
  assert.equal(t.status, 200, t.text.slice(0, 200));
  assert.equal((await api('ets1', 'POST', `/services/${s.id}/turnaways`, { kind: 'sofa' })).status, 422);
  assert.equal((await api('ets1', 'POST', `/services/${s.id}/holds`, { kind: 'bed' })).status, 422, 'who the place is for is asked');
});

test('a hold past its time frees its place with no one acting, and cannot be checked in', async () => {
  const start = quietOffset();
  try {
    await setClock(start);
    const s = await service('Dormitorio Sammartini (demo)');
    const before = await freeBeds(s.id);
    const held = await api('ets1', 'POST', `/services/${s.id}/holds`, { kind: 'bed', person: 'Chi non arriverà' });
    assert.equal(await freeBeds(s.id), before - 1);
    await setClock(start + 91 * 60);
    // Other holds of the day may run out too.
    assert.ok(await freeBeds(s.id) >= before, 'its place is free again after 90 minutes');
    const places = (await api('officer', 'GET', `/services/${s.id}`)).json().places;
    assert.equal(places.find((p) => p.id === held.json().place_id).hold_id, null, 'the place has no hold');
    const late = await api('ets1', 'POST', `/holds/${held.json().hold_id}/check-in`, {});
    assert.equal(late.status, 409);
  } finally {
    await setClock(0);
  }
});

test('residents and visitors cannot hold places', async () => {
  const s = await service('Dormitorio Sammartini (demo)');
  assert.equal((await api('resident1', 'POST', `/services/${s.id}/holds`, { kind: 'bed', person: 'x' })).status, 403);
  const res = await fetch(`${BASE}/services/${s.id}/holds`, { method: 'POST', headers: { Accept: 'application/json' } });
  assert.ok([401, 403].includes(res.status));
});

test('HSDS 3.0: pages, one record, foreign ids, bad parameters', async () => {
  const root = await json('/hsds');
  assert.equal(root.version, '3.0');
  const page = await json('/hsds/services?per_page=5&page=2');
  assert.equal(page.page_number, 2);
  assert.equal(page.size, 5);
  assert.equal(page.total_pages, Math.ceil(page.total_items / 5));
  assert.equal(page.first_page, false);
  const all = await json('/hsds/services?per_page=500');
  assert.equal(all.total_items, all.contents.length);
  assert.equal(new Set(all.contents.map((s) => s.id)).size, all.contents.length, 'ids are unique');
  const mensa = await json('/hsds/services?search=mensa');
  assert.equal(mensa.total_items, 1);
  assert.equal((await json('/hsds/services?search=%25')).total_items, 0, 'a % is a letter, not a wildcard');
  const one = await json(`/hsds/services/${all.contents[0].id}`);
  assert.ok(one.service_at_locations.length >= 1);
  assert.ok(one.service_at_locations[0].schedules.length >= 1);
  assert.equal(one.organization.id, one.organization_id);
  const orgs = await json('/hsds/organizations');
  assert.ok(orgs.contents.some((o) => o.id === one.organization_id));
  const org = await json(`/hsds/organizations/${one.organization_id}`);
  assert.ok(org.services.some((s) => s.id === one.id));
  const filtered = await json(`/hsds/services?organization_id=${one.organization_id}`);
  assert.ok(filtered.contents.every((s) => s.organization_id === one.organization_id));
  const sites = await json('/hsds/service_at_locations');
  const site = await json(`/hsds/service_at_locations/${sites.contents[0].id}`);
  assert.equal(site.id, sites.contents[0].id);
  assert.equal((await anon(`/hsds/services/${one.organization_id}`)).status, 404, 'an organisation id is not a service id');
  assert.equal((await anon('/hsds/services/not-a-uuid')).status, 404);
  assert.equal((await anon('/hsds/services?per_page=0')).status, 422);
  assert.equal((await anon('/hsds/services?organization_id=x')).status, 422);
});

const SPEC = process.env.COPROG_SPEC_DIR && join(process.env.COPROG_SPEC_DIR, 'hsds');
test('HSDS answers validate against Open Referral\'s schemas', { skip: !(SPEC && existsSync(SPEC)) && 'COPROG_SPEC_DIR/hsds not found' }, async () => {
  const Ajv = require('ajv').default;
  const addFormats = require('ajv-formats').default;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const schema = (name) => ajv.compile(JSON.parse(readFileSync(join(SPEC, `${name}.json`), 'utf8')));
  const check = (validate, value, what) => assert.ok(validate(value), `${what}: ${ajv.errorsText(validate.errors)}`);
  const page = JSON.parse(readFileSync(join(SPEC, 'openapi.json'), 'utf8')).components.schemas.Page;
  const envelope = ajv.compile({ ...page, required: Object.keys(page.properties) });
  const [service, serviceList, organization, organizationList, site, siteList, capacity] =
    ['service', 'service_list', 'organization', 'organization_list', 'service_at_location', 'service_at_location_list', 'service_capacity-3.1'].map(schema);
  const services = await json('/hsds/services?per_page=500');
  check(envelope, services, 'services page');
  for (const s of services.contents) {
    check(serviceList, s, `list item ${s.name}`);
    const full = await json(`/hsds/services/${s.id}`);
    check(service, full, `service ${s.name}`);
    for (const c of full.capacities) check(capacity, c, `capacity of ${s.name}`);
  }
  const orgs = await json('/hsds/organizations');
  check(envelope, orgs, 'organizations page');
  for (const o of orgs.contents) {
    check(organizationList, o, `organization ${o.name}`);
    check(organization, await json(`/hsds/organizations/${o.id}`), `organization ${o.name}`);
  }
  const sites = await json('/hsds/service_at_locations?per_page=500');
  check(envelope, sites, 'service_at_locations page');
  for (const x of sites.contents) {
    check(siteList, x, 'service_at_location list item');
    check(site, await json(`/hsds/service_at_locations/${x.id}`), 'service_at_location');
  }
});

test('the city\'s officers keep the directory: a place, a service with its hours, its places, its status', async () => {
  const bad = await api('officer', 'POST', '/services/locations', { name: 'Palestra di via Prova', address: 'via Prova 1', latitude: '145,2', longitude: '9,2' });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.json().errors.map((e) => e.field), ['latitude']);
  assert.match(bad.json().errors[0].message, /latitudine/);
  const loc = await api('officer', 'POST', '/services/locations', { name: 'Palestra di via Prova', address: 'via Prova 1', postal_code: '20100', neighbourhood: 'Prova', latitude: '45,47', longitude: '9,19' });
  assert.equal(loc.status, 200, loc.text.slice(0, 200));
  const location_id = loc.json().location_id;
  const bodies = (await api('officer', 'GET', '/services')).json().bodies;
  const city = bodies.find((b) => b.kind === 'city');
  const form = { kind: 'night_shelter', organisation_id: city.id, location_id, name: 'Palestra del piano freddo (prova)', for_men: true, for_women: true, hours: 'lun 0:00-8:00 20:00-24:00\nmer 20:00-24:00' };
  const wrongHours = await api('officer', 'POST', '/services', { ...form, hours: 'lun 20-8' });
  assert.equal(wrongHours.status, 422);
  assert.deepEqual(wrongHours.json().errors.map((e) => e.field), ['hours']);
  const made = await api('officer', 'POST', '/services', form);
  assert.equal(made.status, 200, made.text.slice(0, 200));
  const id = made.json().service_id;
  assert.ok((await json('/services?kind=night_shelter')).sites.some((s) => s.id === id), 'in the directory');
  assert.ok((await json('/hsds/services?search=palestra del piano freddo')).total_items === 1, 'in HSDS');
  assert.equal((await api('officer', 'POST', `/services/${id}/places`, { kind: 'bed', count: '3', seasonal: true })).status, 200);
  assert.equal((await api('officer', 'POST', `/services/${id}/places`, { kind: 'bed', count: '501' })).status, 422);
  assert.equal(await freeBeds(id), 3);
  const held = await api('ets1', 'POST', `/services/${id}/holds`, { kind: 'bed', person: 'Nel freddo' });
  assert.equal(held.status, 200, 'a street team of the city holds in any service of the city');
  assert.equal((await api('officer', 'POST', `/services/${id}/status`, { status: 'temporarily closed' })).status, 200);
  const closed = await api('ets1', 'POST', `/services/${id}/holds`, { kind: 'bed', person: 'Altro' });
  assert.equal(closed.status, 409);
  assert.match(closed.json().error.message, /non è attivo/);
  assert.equal((await api('ets1', 'POST', `/services/${id}/status`, { status: 'active' })).status, 403, 'another body\'s service');
  assert.equal((await api('ets1', 'POST', `/services/${id}/places`, { kind: 'bed', count: '1' })).status, 403);
  const aldini = await service('Casa Aldini per famiglie (demo)');
  assert.equal((await api('ets1', 'POST', `/services/${aldini.id}/places`, { kind: 'meal', count: '2' })).status, 200, 'a body keeps its own service\'s places');
  assert.equal((await api('ets1', 'POST', '/services', form)).status, 403, 'only officers add services');
  assert.equal((await api('resident1', 'POST', '/services/locations', { name: 'x', address: 'y', latitude: '45', longitude: '9' })).status, 403);
});

test('the pocket guide: a PDF of the city\'s services, or of one neighbourhood with the emergency number', async () => {
  const all = await fetch(`${BASE}/services/guide.pdf`);
  assert.equal(all.status, 200);
  assert.equal(all.headers.get('content-type'), 'application/pdf');
  assert.match(all.headers.get('content-disposition'), /^inline; filename="guida-servizi.pdf"/);
  const whole = Buffer.from(await all.arrayBuffer());
  assert.equal(whole.subarray(0, 5).toString(), '%PDF-');
  const greco = Buffer.from(await (await fetch(`${BASE}/services/guide.pdf?neighbourhood=Greco`)).arrayBuffer());
  assert.equal(greco.subarray(0, 5).toString(), '%PDF-');
  assert.ok(greco.length < whole.length, 'one neighbourhood is shorter');
  const page = await (await fetch(`${BASE}/services`)).text();
  assert.match(page, /href="\/services\/guide.pdf"/);
  const s = await service('Pronto intervento sociale (demo)');
  assert.match(s.hours_text, /^tutti i giorni 0:00-24:00$/, 'days with the same hours run together');
});

test('the operations room\'s board: tonight\'s places by service, holds running out, turn-aways', async () => {
  const start = quietOffset();
  try {
    await setClock(start);
    const s = await service('Rifugio Ortles per donne (demo)');
    const before = (await api('officer', 'GET', '/services/board')).json();
    const row = before.rows.find((x) => x.id === s.id && x.place_kind === 'bed');
    assert.equal(row.free + row.held + row.checked_in, row.total);
    const held = await api('ets1', 'POST', `/services/${s.id}/holds`, { kind: 'bed', person: 'Signora in stazione', women_only: true });
    assert.equal(held.status, 200, held.text.slice(0, 200));
    await setClock(start + 70 * 60); // twenty minutes before the hold runs out
    const after = (await api('ets1', 'GET', '/services/board')).json();
    const now = after.rows.find((x) => x.id === s.id && x.place_kind === 'bed');
    assert.equal(now.held, row.held + 1);
    assert.ok(after.expiring.some((e) => e.id === held.json().hold_id), 'listed as running out');
    assert.equal(after.beds_free, after.rows.filter((x) => x.place_kind === 'bed').reduce((n, x) => n + x.free, 0));
  } finally {
    await setClock(0);
  }
  const page = new Client();
  await page.login('officer');
  assert.match((await page.get('/services/board')).text, /Sala operativa/);
  assert.equal((await api('resident1', 'GET', '/services/board')).status, 403);
});

test('a winter plan: its services take people only on its nights and close by themselves after', async () => {
  const night = (await api('officer', 'GET', '/services/board')).json().night;
  const day = (n) => new Date(Date.parse(`${night}T12:00:00Z`) + n * 86400e3).toISOString().slice(0, 10);
  const backwards = await api('officer', 'POST', '/services/winter', { name: 'Piano al contrario', starts_on: day(3), ends_on: day(1) });
  assert.equal(backwards.status, 422);
  assert.deepEqual(backwards.json().errors.map((e) => e.field), ['ends_on']);
  assert.equal((await api('officer', 'POST', '/services/winter', { name: 'Piano passato', starts_on: day(-5), ends_on: day(-2) })).status, 422);
  const plan = await api('officer', 'POST', '/services/winter', { name: 'Piano freddo di prova', starts_on: day(1), ends_on: day(2) });
  assert.equal(plan.status, 200, plan.text.slice(0, 200));
  const bodies = (await api('officer', 'GET', '/services')).json().bodies;
  const location_id = (await json('/services')).places[0].id;
  const made = await api('officer', 'POST', '/services', { kind: 'night_shelter', organisation_id: bodies[0].id, location_id, name: 'Palestra del piano freddo (prova inverno)', for_men: true, for_women: true, winter_plan_id: plan.json().winter_plan_id, hours: 'lun 20-24' });
  assert.equal(made.status, 200, made.text.slice(0, 200));
  const id = made.json().service_id;
  assert.equal((await api('officer', 'POST', `/services/${id}/places`, { kind: 'bed', count: '2', seasonal: true })).status, 200);
  const listed = async () => (await json('/services')).sites.some((s) => s.id === id);
  assert.equal(await listed(), false, 'not before its first night');
  assert.equal((await api('ets1', 'POST', `/services/${id}/holds`, { kind: 'bed', person: 'Troppo presto' })).status, 409);
  try {
    await setClock(86400);
    assert.equal(await listed(), true, 'on its nights');
    assert.match((await (await fetch(`${BASE}/services`)).text()), /Piano freddo in corso/);
    assert.equal((await api('ets1', 'POST', `/services/${id}/holds`, { kind: 'bed', person: 'Nel gelo' })).status, 200);
    await setClock(3 * 86400);
    assert.equal(await listed(), false, 'not after its last night');
    // The ticker (every second) closes it for good.
    let status;
    for (let i = 0; i < 50 && status !== 'inactive'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await api('officer', 'GET', `/services/${id}`)).json().service.status;
    }
    assert.equal(status, 'inactive');
  } finally {
    await setClock(0);
  }
});

test('public alerts: anyone tells, a street team takes it and says what came of it, the private link follows it', async () => {
  const anyone = new Client();
  await anyone.get('/alerts/new');
  const empty = await anyone.post('/alerts', { place: '', description: '' }, { accept: 'application/json' });
  assert.equal(empty.status, 422);
  assert.deepEqual(empty.json().errors.map((e) => e.field).sort(), ['description', 'place']);
  const sent = await anyone.post('/alerts', { place: 'Portici di via Vittor Pisani 12', description: 'Uomo sui cinquanta, sacco a pelo verde, un cane' });
  assert.equal(sent.status, 200, sent.text.slice(0, 300));
  const path = sent.text.match(/href="(\/alerts\/track\/[0-9a-f]{32})"/)[1];
  assert.match(sent.text, /Conserva questo collegamento privato/);
  const track = async () => (await fetch(`${BASE}${path}`)).text();
  assert.match(await track(), /in attesa di un(&#39;|')unità di strada/);
  assert.doesNotMatch(await track(), /sacco a pelo verde/, 'the description stays with the teams');
  assert.equal((await fetch(`${BASE}/alerts/track/${'0'.repeat(32)}`)).status, 404);
  const list = (await api('ets1', 'GET', '/alerts')).json();
  const alert = list.alerts.find((a) => a.place.includes('Vittor Pisani'));
  assert.ok(alert && alert.is_open);
  const unit = list.units.find((u) => u.name.includes('Unità di strada'));
  assert.equal((await api('ets1', 'POST', `/alerts/${alert.id}`, { service_id: unit.id })).status, 200);
  assert.equal((await api('officer', 'POST', `/alerts/${alert.id}`, { service_id: unit.id })).status, 409, 'taken once');
  assert.match(await track(), /presa in carico da un(&#39;|')unità di strada/);
  assert.equal((await api('ets1', 'POST', `/alerts/${alert.id}`, {})).status, 422);
  assert.equal((await api('ets1', 'POST', `/alerts/${alert.id}`, { outcome_state: 'helped', outcome: 'Accompagnato al dormitorio di via Sammartini' })).status, 200);
  const after = await track();
  assert.match(after, /raggiunta e aiutata/);
  assert.match(after, /Accompagnato al dormitorio/);
  assert.equal((await api('resident1', 'GET', '/alerts')).status, 403);
});

test('public alerts are limited per address: the eleventh in an hour waits, with Retry-After', async () => {
  const flood = new Client(BASE, { from: '127.0.0.9' });
  await flood.get('/alerts/new');
  let last;
  for (let i = 0; i < 11; i++) last = await flood.post('/alerts', { place: `Via di prova ${i}`, description: 'prova di limite' }, { accept: 'application/json' });
  assert.equal(last.status, 429);
  assert.ok(Number(last.headers.get('retry-after')) > 0);
});
