// Family pathways (issue 16, action 3.2.1): a household leaving a camp followed as one, its
// reference member's pathway and home being the household's, matched to homes by its size under
// the city's rule; each opening of the household's page logged on every member's record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Client, api } from './helpers.mjs';

const tag = () => randomBytes(3).toString('hex');

async function open(fields) {
  const res = await api('social', 'POST', '/people', fields);
  assert.equal(res.status, 200, res.text);
  return res.json().person_id;
}

const NEEDS = { level_housing: 'serious', level_income: 'serious', level_health: 'some', level_documents: 'serious', level_work: 'some', level_relations: 'none' };

test('the by-name list counts a new record at once, before the ticker folds its move', async () => {
  const before = (await api('social', 'GET', '/people/by-name')).json();
  await open({ nickname: `Conta ${tag()}`, ethos: 'public_space' });
  const after = (await api('social', 'GET', '/people/by-name')).json();
  assert.equal(after.total, before.total + 1);
  assert.equal(after.active, before.active + 1, 'a new record is a contact today');
});

test('a household leaving a camp is followed as one: members, its pathway, a home that holds it, its figures', async () => {
  const family = `Nucleo ${tag()}`;
  const ref = await open({ given_name: 'Mira', family_name: family, ethos: 'non_conventional' });
  const partner = await open({ given_name: 'Dragan', family_name: family, ethos: 'non_conventional' });
  const child = await open({ given_name: 'Ljuba', family_name: family, ethos: 'non_conventional' });

  // Made from the reference's record; a camp exit names the camp.
  const noPlace = await api('social', 'POST', `/people/${ref}/household`, { context: 'camp_exit' });
  assert.equal(noPlace.status, 422);
  assert.deepEqual(noPlace.json().errors.map((e) => e.field), ['place']);
  assert.equal((await api('social', 'POST', `/people/${ref}/household`, { context: 'picnic', place: 'x' })).status, 422);
  assert.equal((await api('social', 'POST', '/people/999999999/household', { context: 'street' })).status, 404);
  const made = await api('social', 'POST', `/people/${ref}/household`, { context: 'camp_exit', place: 'Campo di prova' });
  assert.equal(made.status, 200, made.text);
  const hh = made.json().household_id;
  assert.equal((await api('social', 'POST', `/people/${ref}/household`, { context: 'street' })).json().error.code, 'pathways.household_already');

  // Members join once, by record number, with their relation; the city's bodies do not see it.
  assert.equal((await api('social', 'POST', `/households/${hh}/members`, { person_id: partner, relation: 'partner' })).status, 200);
  assert.equal((await api('social', 'POST', `/households/${hh}/members`, { person_id: child, relation: 'child' })).status, 200);
  const twice = await api('social', 'POST', `/households/${hh}/members`, { person_id: child, relation: 'child' });
  assert.equal(twice.status, 409);
  assert.equal(twice.json().error.code, 'pathways.household_already');
  const nobody = await api('social', 'POST', `/households/${hh}/members`, { person_id: 999999999, relation: 'child' });
  assert.equal(nobody.status, 404);
  assert.deepEqual(nobody.json().errors.map((e) => e.field), ['person_id']);
  assert.equal((await api('social', 'POST', `/households/${hh}/members`, { person_id: child, relation: 'reference' })).status, 422, 'one reference');
  assert.equal((await api('ets1', 'GET', `/households/${hh}`)).status, 403);
  assert.equal((await api('social', 'GET', '/households/999999999')).status, 404);

  // The reference leaves last.
  const refLeaves = await api('social', 'POST', `/households/${hh}/members/${ref}/leave`, {});
  assert.equal(refLeaves.status, 409);
  assert.equal(refLeaves.json().error.code, 'pathways.household_reference_last');

  let page = (await api('social', 'GET', `/households/${hh}`)).json();
  assert.equal(page.size, 3);
  assert.equal(page.place, 'Campo di prova');
  assert.equal(page.members[0].id, ref);
  assert.equal(page.members[0].is_reference, true);
  assert.deepEqual(page.members.map((m) => m.relation).sort(), ['child', 'partner', 'reference']);
  assert.ok(page.label.includes(family), 'called by its reference member');
  assert.equal(page.pathway_id, null);
  // Each opening is logged on every member's record, as the person sees it with the card.
  const code = (await api('social', 'POST', `/people/${child}/card`)).json().code;
  const holder = new Client();
  await holder.get('/card');
  const card = (await holder.post('/card', { code }, { accept: 'application/json' })).json().card;
  assert.equal(card.reads.filter((r) => r.part === 'household' && r.purpose === 'social_service').length, 1, JSON.stringify(card.reads));
  const person = (await api('social', 'GET', `/people/${child}`)).json();
  assert.deepEqual([person.household.id, person.household.size, person.household.relation], [hh, 3, 'child']);
  const listed = (await api('social', 'GET', '/households')).json().households.find((h) => h.id === hh);
  assert.equal(listed.size, 3);

  // The household's pathway is the reference's; a home is offered to the reference for all.
  assert.equal((await api('social', 'POST', `/people/${ref}/pathway`, { review_days: 30 })).status, 200);
  assert.equal((await api('social', 'POST', `/people/${ref}/pathway/needs`, NEEDS)).status, 200);
  assert.equal((await api('social', 'POST', `/people/${partner}/pathway`, { review_days: 30 })).status, 200);
  page = (await api('social', 'GET', `/households/${hh}`)).json();
  assert.ok(page.pathway_id > 0);
  const small = (await api('social', 'POST', '/housing-first/homes', { kind: 'agency', address: `via Piccola ${tag()}`, rooms: 1 })).json().home_id;
  const big = (await api('social', 'POST', '/housing-first/homes', { kind: 'agency', address: `via Grande ${tag()}`, rooms: 2 })).json().home_id;
  const tooSmall = await api('social', 'POST', `/people/${ref}/placements`, { home_id: small, programme: 'housing_led', skip_reason: 'prova' });
  assert.equal(tooSmall.status, 422);
  assert.equal(tooSmall.json().error.code, 'pathways.home_too_small');
  assert.ok(!(await api('social', 'GET', `/housing-first/homes/${small}`)).json().people.some((p) => p.id === ref), 'two at most in one room');
  const member = await api('social', 'POST', `/people/${partner}/placements`, { home_id: big, programme: 'housing_led', skip_reason: 'prova' });
  assert.equal(member.status, 422);
  assert.equal(member.json().error.code, 'pathways.household_member_offer');
  const match = (await api('social', 'GET', `/housing-first/homes/${big}`)).json();
  assert.equal(match.holds, 4);
  assert.ok(!match.people.some((p) => p.id === partner), 'members move with the reference');
  const shown = match.people.find((p) => p.id === ref);
  if (shown) assert.deepEqual([shown.household_size, shown.is_household], [3, true]);
  const offered = await api('social', 'POST', `/people/${ref}/placements`, { home_id: big, programme: 'housing_led', skip_reason: 'Il nucleo esce dal campo questo mese' });
  assert.equal(offered.status, 200, offered.text);
  const placement = (await api('social', 'GET', `/people/${ref}/pathway`)).json().placements[0];
  assert.deepEqual([placement.household_size, placement.is_household], [3, true]);
  page = (await api('social', 'GET', `/households/${hh}`)).json();
  assert.equal(page.placement_state, 'offered');

  // A member leaves; the household counts in the report by the situation it left.
  assert.equal((await api('social', 'POST', `/households/${hh}/members/${child}/leave`, {})).status, 200);
  assert.equal((await api('social', 'POST', `/households/${hh}/members/${child}/leave`, {})).status, 404);
  assert.equal((await api('social', 'GET', `/households/${hh}`)).json().size, 2);
  assert.equal((await api('social', 'GET', `/people/${child}`)).json().household, null);
  const report = (await api('officer', 'GET', '/people/report')).json();
  const camps = report.households.find((h) => h.context === 'camp_exit');
  assert.ok(camps.households >= 1 && camps.people >= 2 && camps.in_charge >= 1);

  // Two records in households are not merged into one.
  const other = await open({ given_name: 'Altra', family_name: family, ethos: 'non_conventional' });
  assert.equal((await api('social', 'POST', `/people/${other}/household`, { context: 'street' })).status, 200);
  const merge = await api('social', 'POST', `/people/${other}/merge`, { other_id: partner });
  assert.equal(merge.status, 409);
});

test('the people a room holds are the city\'s rule, set by an officer', async () => {
  const rule = (await api('social', 'GET', '/people/priority-rule')).json().rule;
  assert.equal((await api('officer', 'POST', '/people/priority-rule', { ...rule, people_per_room: 9 })).status, 422);
  try {
    assert.equal((await api('officer', 'POST', '/people/priority-rule', { ...rule, people_per_room: 1 })).status, 200);
    // Each reading asks afresh (?after=): a token client's page kept by another instance may lag
    // that instance's notice of the commit by a moment.
    assert.equal((await api('social', 'GET', '/people/priority-rule?after=1')).json().rule.people_per_room, 1);
    const hid = (await api('social', 'POST', '/housing-first/homes', { kind: 'agency', address: `via Regola ${tag()}`, rooms: 3 })).json().home_id;
    assert.equal((await api('social', 'GET', `/housing-first/homes/${hid}`)).json().holds, 3);
    // A client that does not send it keeps the city's.
    const { people_per_room: _, ...without } = rule;
    assert.equal((await api('officer', 'POST', '/people/priority-rule', without)).status, 200);
    assert.equal((await api('social', 'GET', '/people/priority-rule?after=2')).json().rule.people_per_room, 1);
  } finally {
    assert.equal((await api('officer', 'POST', '/people/priority-rule', rule)).status, 200);
  }
});

test('a person who needs a home without barriers is matched only to such homes', async () => {
  const id = await open({ nickname: `Senza barriere ${tag()}`, ethos: 'public_space' });
  assert.equal((await api('social', 'POST', `/people/${id}/pathway`, { review_days: 30 })).status, 200);
  assert.equal((await api('social', 'POST', `/people/${id}/pathway/needs`, NEEDS)).status, 200);
  assert.equal((await api('social', 'POST', '/people/999999999/step-free', { needs_step_free: true })).status, 404);
  assert.equal((await api('social', 'POST', `/people/${id}/step-free`, { needs_step_free: true })).status, 200);
  const steps = (await api('social', 'POST', '/housing-first/homes', { kind: 'agency', address: `via Scalini ${tag()}`, rooms: 2 })).json().home_id;
  const flat = (await api('social', 'POST', '/housing-first/homes', { kind: 'agency', address: `via Piana ${tag()}`, rooms: 2, step_free: true })).json().home_id;
  const refused = await api('social', 'POST', `/people/${id}/placements`, { home_id: steps, programme: 'housing_led', skip_reason: 'prova' });
  assert.equal(refused.status, 422);
  assert.equal(refused.json().error.code, 'pathways.home_not_step_free');
  assert.ok(refused.json().errors.some((e) => e.field === 'home_id'));
  const match = (await api('social', 'GET', `/housing-first/homes/${flat}`)).json();
  assert.equal(match.home.is_step_free, true);
  const shown = match.people.find((p) => p.id === id);
  if (shown) assert.equal(shown.is_step_free_needed, true);
  const other = (await api('social', 'GET', `/housing-first/homes/${steps}`)).json();
  assert.ok(!other.people.some((p) => p.id === id), 'not offered a home with steps');
  assert.ok(other.eligible < match.eligible || match.eligible >= 1);
  assert.equal((await api('social', 'GET', `/people/${id}/pathway`)).json().person.is_step_free_needed, true);
  const placed = await api('social', 'POST', `/people/${id}/placements`, { home_id: flat, programme: 'housing_led', skip_reason: 'Casa al piano terra, la sola adatta' });
  assert.equal(placed.status, 200, placed.text);
  // Recorded the other way too.
  assert.equal((await api('social', 'POST', `/people/${id}/step-free`, {})).status, 200);
  assert.equal((await api('social', 'GET', `/people/${id}/pathway`)).json().person.is_step_free_needed, false);
});
