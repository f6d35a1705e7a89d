// Service hubs and who works which ticket: a hub run by a body under an agreement, with hours,
// services and buildings; tickets of hub categories go to the hub serving the building and are
// worked by its body; housing staff work housing tickets only; tenants' committees follow
// buildings and report on their behalf.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Client, api, newTenant } from './helpers.mjs';

const officer = new Client();
const housing = new Client();
const tenant = new Client();
const member = new Client();
const outsider = new Client();
const building = `HUB-${randomBytes(3).toString('hex')}`;
const other = `HUB-${randomBytes(3).toString('hex')}`;
let hub;
let hubTicket;
let housingTicket;
let committee;
let memberEmail;

test('setup: officer, housing staff, a tenant in a new building, a committee member elsewhere', async () => {
  await officer.login('officer');
  await housing.login('housing');
  await newTenant(officer, tenant, { building, address: 'via dei Portieri 1', hood: 'Rogoredo (prova)' });
  memberEmail = await newTenant(officer, member, { building: other, address: 'via dei Comitati 2', hood: 'Rogoredo (prova)' });
  await newTenant(officer, outsider);
});

test('the city opens a hub under an active agreement, for known buildings only', async () => {
  const page = (await officer.get('/hubs', { accept: 'application/json' })).json();
  // legale.1 represents the body of the first active agreement (the demo's viale Omero hub).
  const omero = page.hubs.find((h) => h.address === 'viale Omero 15');
  const agreement = (await new Client().get(`/hubs/${omero.id}`, { accept: 'application/json' })).json().hub.agreement_id;
  await officer.get('/hubs');
  const form = { agreement_id: String(agreement), name: 'Portineria di prova', neighbourhood: 'Rogoredo (prova)', address: 'via dei Portieri 1' };
  assert.equal((await officer.post('/hubs', { ...form, agreement_id: '999999' }, { accept: 'application/json' })).status, 422);
  const unknown = await officer.post('/hubs', { ...form, buildings: `${building}, NON-ESISTE` }, { accept: 'application/json' });
  assert.equal(unknown.status, 422);
  assert.ok(unknown.json().errors.some((e) => e.field === 'buildings'));
  const before = (await officer.get('/hubs', { accept: 'application/json' })).json().hubs.length;
  assert.equal(before, page.hubs.length, 'a refused hub leaves nothing behind');
  const res = await officer.post('/hubs', { ...form, buildings: building }, { accept: 'application/json' });
  assert.equal(res.status, 200);
  hub = res.json().hub_id;
});

test('its body sets hours and services; another body cannot; only the city picks buildings', async () => {
  assert.equal((await api('legale.1', 'POST', `/hubs/${hub}`, { phone: '02 1234', hours: 'lunedì 9-12\nxyz 10:00-11:00' })).status, 422);
  assert.equal((await api('legale.1', 'POST', `/hubs/${hub}`, { phone: '02 1234', hours: 'lun 9:00-12:30 14:00-18:00\nven 9:30-12:00' })).status, 200);
  assert.equal((await api('legale.1', 'POST', `/hubs/${hub}/services`, { name: 'Sportello casa', audience: 'Inquilini', schedule: 'lunedì', access: 'Senza appuntamento' })).status, 200);
  assert.equal((await api('ets1', 'POST', `/hubs/${hub}`, { phone: 'x' })).status, 403);
  assert.equal((await api('ets1', 'POST', '/hubs/999999', { phone: 'x' })).status, 404);
  assert.equal((await api('legale.1', 'POST', `/hubs/${hub}/buildings`, { buildings: other })).status, 403);
  const h = (await new Client().get(`/hubs/${hub}`, { accept: 'application/json' })).json().hub;
  assert.deepEqual(h.hours.map((p) => [p.weekday, p.opens, p.closes]), [[1, 540, 750], [1, 840, 1080], [5, 570, 720]]);
  assert.equal(h.hours_text, 'lunedì 9:00-12:30 14:00-18:00\nvenerdì 9:30-12:00');
  assert.deepEqual(h.services.map((s) => s.name), ['Sportello casa']);
  assert.equal(h.phone, '02 1234');
  assert.deepEqual(h.buildings.map((b) => b.code), [building]);
});

test('a tenant sees the hub serving their building first, then those of their neighbourhood', async () => {
  const hubs = (await tenant.get('/hubs', { accept: 'application/json' })).json().hubs;
  assert.equal(hubs[0].id, hub);
  assert.equal(hubs[0].is_mine, true);
  const firstOther = hubs.findIndex((h) => !h.is_near);
  assert.ok(hubs.slice(1, firstOther < 0 ? undefined : firstOther).every((h) => h.is_near === true));
});

test('a hub ticket goes to the hub\'s body; a housing ticket to the housing staff; each sees only its own', async () => {
  const cats = (await tenant.get('/tickets', { accept: 'application/json' })).json().categories;
  const need = cats.find((k) => k.handled_by === 'hub');
  const fault = cats.find((k) => k.handled_by === 'housing');
  await tenant.get('/tickets');
  let res = await tenant.post('/tickets', { category_id: String(need.id), description: 'Serve aiuto con la spesa' }, { accept: 'application/json' });
  hubTicket = res.json().ticket_id;
  res = await tenant.post('/tickets', { category_id: String(fault.id), description: 'Citofono guasto' }, { accept: 'application/json' });
  housingTicket = res.json().ticket_id;
  const t = (await tenant.get(`/tickets/${hubTicket}`, { accept: 'application/json' })).json().ticket;
  assert.equal(t.hub_id, hub);
  // The hub's body
  const q = (await api('legale.1', 'GET', '/queue')).json().tickets;
  assert.ok(q.some((x) => x.id === hubTicket));
  assert.ok(q.every((x) => x.handled_by === 'hub'));
  assert.equal((await api('legale.1', 'GET', `/tickets/${housingTicket}`)).status, 404);
  assert.equal((await api('legale.1', 'POST', `/tickets/${hubTicket}/state`, { state: 'acknowledged' })).status, 200);
  // another body sees neither
  assert.equal((await api('ets1', 'GET', `/tickets/${hubTicket}`)).status, 404);
  assert.ok(!(await api('ets1', 'GET', '/queue')).json().tickets.some((x) => x.id === hubTicket));
  // housing staff
  const hq = (await housing.get('/queue', { accept: 'application/json' })).json().tickets;
  assert.ok(hq.length > 0 && hq.every((x) => x.handled_by === 'housing'));
  const all = [];
  for (let after = 0, page; ; after = page.next) {
    page = (await housing.get(`/queue?after=${after}`, { accept: 'application/json' })).json();
    all.push(...page.tickets);
    if (!page.next) break;
  }
  assert.ok(all.some((x) => x.id === housingTicket));
  assert.equal((await housing.get(`/tickets/${hubTicket}`, { accept: 'application/json' })).status, 404);
  await housing.get(`/tickets/${housingTicket}`);
  assert.equal((await housing.post(`/tickets/${housingTicket}/state`, { state: 'in_progress' })).status, 303);
  const moved = (await tenant.get(`/tickets/${housingTicket}`, { accept: 'application/json' })).json().ticket;
  assert.equal(moved.state, 'in_progress');
  // the city's officers still see everything of their city
  await officer.get(`/tickets/${hubTicket}`);
  assert.equal((await officer.get(`/tickets/${hubTicket}`, { accept: 'application/json' })).status, 200);
});

test('a committee follows buildings: members see their tickets and report on its behalf', async () => {
  await officer.get('/committees');
  const name = `Comitato di prova ${randomBytes(2).toString('hex')}`;
  const res = await officer.post('/committees', { name, buildings: `${building}, ${other}` }, { accept: 'application/json' });
  assert.equal(res.status, 200);
  committee = res.json().committee_id;
  assert.equal((await officer.post('/committees', { name, buildings: building }, { accept: 'application/json' })).status, 409);
  assert.equal((await officer.post(`/committees/${committee}/members`, { email: 'nessuno@test.invalid' }, { accept: 'application/json' })).status, 422);
  assert.equal((await officer.post(`/committees/${committee}/members`, { email: memberEmail })).status, 303);
  assert.equal((await officer.post(`/committees/${committee}/members`, { email: memberEmail }, { accept: 'application/json' })).status, 409);
  // The member lives in `other`, yet follows `building` through the committee.
  const page = (await member.get(`/committees/${committee}`, { accept: 'application/json' })).json();
  assert.ok(page.tickets.some((t) => t.id === hubTicket));
  const seen = (await member.get(`/tickets/${hubTicket}`, { accept: 'application/json' })).json().ticket;
  assert.equal(seen.author, undefined, 'the author stays private');
  assert.equal((await outsider.get(`/committees/${committee}`, { accept: 'application/json' })).status, 404);
  assert.equal((await outsider.get(`/tickets/${hubTicket}`, { accept: 'application/json' })).status, 404);
  const buildingId = page.committee.buildings.find((b) => b.code === building).id;
  const cat = page.categories.find((k) => k.handled_by === 'city');
  await member.get(`/committees/${committee}`);
  const filed = await member.post('/tickets', { committee_id: String(committee), building_id: String(buildingId), category_id: String(cat.id), description: 'Lampioni spenti nel cortile' }, { accept: 'application/json' });
  assert.equal(filed.status, 200);
  const t = (await member.get(`/tickets/${filed.json().ticket_id}`, { accept: 'application/json' })).json().ticket;
  assert.equal(t.building, building);
  assert.equal(t.committee_id, committee);
  await outsider.get('/tickets');
  const refused = await outsider.post('/tickets', { committee_id: String(committee), building_id: String(buildingId), category_id: String(cat.id), description: 'x' }, { accept: 'application/json' });
  assert.equal(refused.status, 403);
  const members = (await officer.get(`/committees/${committee}`, { accept: 'application/json' })).json().committee.members;
  const mid = members[0].id;
  await officer.get(`/committees/${committee}`);
  assert.equal((await officer.post(`/committees/${committee}/members/${mid}/remove`, {})).status, 303);
  assert.equal((await member.get(`/committees/${committee}`, { accept: 'application/json' })).status, 404);
});
