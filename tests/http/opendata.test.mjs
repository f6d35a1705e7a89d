// Open data: public CSV and JSON downloads, streamed; operations in OpenCoesione's format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, Client, localIn } from './helpers.mjs';

test('the open data page lists every dataset with CSV and JSON links', async () => {
  const page = await new Client().get('/opendata', { accept: 'application/json' });
  assert.deepEqual(page.json().datasets.map((d) => d.name), ['operations', 'calls', 'rankings', 'agreements', 'indicators', 'services', 'service_nights', 'pacts']);
  const html = await new Client().get('/opendata');
  assert.match(html.text, /href="\/opendata\/operations\.csv"/);
});

test('operations use OpenCoesione column names and formats', async () => {
  const res = await fetch(`${BASE}/opendata/operations.csv`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('transfer-encoding'), 'chunked', 'streamed, not built whole');
  assert.match(res.headers.get('content-disposition'), /operations\.csv/);
  const lines = (await res.text()).trim().split('\r\n');
  assert.equal(lines[0], 'COD_LOCALE_PROGETTO;CUP;OC_TITOLO_PROGETTO;OC_SINTESI_PROGETTO;OC_CODICE_PROGRAMMA;FONDO_COMUNITARIO;FINANZ_TOTALE_PUBBLICO;OC_DATA_INIZIO_PROGETTO;OC_DATA_FINE_PROGETTO_PREVISTA;OC_STATO_PROGETTO;COD_COMUNE');
  const qc = lines.find((l) => l.startsWith('MI3.3.1.b;')).split(';');
  assert.deepEqual([qc[1], qc[4], qc[5], qc[6], qc[7], qc[8], qc[9], qc[10]],
    ['B41H20000000022', '2014IT16M2OP004', 'FSE', '516500,00', '20201001', '20231231', 'In corso', '015146']);
  const erdf = lines.find((l) => l.startsWith('MI4.2.1.a;')).split(';');
  assert.equal(erdf[5], 'FESR');
});

test('rankings and calls as JSON; agreements only once signed', async () => {
  const rk = await (await fetch(`${BASE}/opendata/rankings.json`)).json();
  const qc = rk.filter((r) => r.call.startsWith('Quartieri Connessi'));
  assert.equal(qc.length, 7);
  assert.ok(qc.some((r) => r.score === 87.5 && r.admitted === true));
  const calls = await (await fetch(`${BASE}/opendata/calls.json`)).json();
  assert.ok(calls.every((k) => k.state !== 'draft'), 'drafts are never published');
  assert.ok(calls.some((k) => k.total_budget_eur === 516500));
  const ag = await (await fetch(`${BASE}/opendata/agreements.json`)).json();
  assert.ok(ag.length >= 2);
  assert.ok(ag.every((a) => ['signed_city', 'active', 'closed'].includes(a.state)));
  assert.ok(ag.every((a) => /^\d{4}-\d\d-\d\dT/.test(a.signed_at)));
});

test('unknown datasets and formats answer 404', async () => {
  assert.equal((await fetch(`${BASE}/opendata/people.csv`)).status, 404);
  assert.equal((await fetch(`${BASE}/opendata/operations.xml`)).status, 404);
  assert.equal((await fetch(`${BASE}/opendata/operations`)).status, 404);
});

test('text that a spreadsheet would run as a formula goes out inert; numbers stay numbers', async () => {
  const officer = new Client();
  await officer.login('officer');
  await officer.get('/account');
  const ops = (await officer.get('/operations', { accept: 'application/json' })).json().operations;
  const op = ops.find((o) => o.local_code === 'MI3.3.1.b');
  // Typed text is trimmed, so a tab or space in front never survives to the export.
  const titles = ['=HYPERLINK("http://evil.example","x")', '+1+2', '-3+4', '@SUM(A1)', ' =1+1'];
  const cells = ['"\'=HYPERLINK(""http://evil.example"",""x"")"', '"\'+1+2"', '"\'-3+4"', '"\'@SUM(A1)"', '"\'=1+1"'];
  for (const title of titles) {
    const made = await officer.post('/calls', [['operation_id', String(op.id)], ['title', title],
      ['object', 'Prova'], ['total_budget', '1.000'], ['min_cofinancing', '10'], ['duration_months', '24'],
      ['threshold_points', '60'], ['publication', localIn(-60)], ['deadline', localIn(40 * 86400)],
      ['area_name', 'Unica'], ['area_budget', '1000'], ['criterion_name', 'Qualità'], ['criterion_points', '100']]);
    assert.equal(made.status, 303, `${title}: ${made.text.slice(0, 200)}`);
    const id = made.headers.get('location').split('/').pop();
    assert.equal((await officer.post(`/calls/${id}/publish`, {})).status, 303);
  }
  const text = await (await fetch(`${BASE}/opendata/calls.csv`)).text();
  for (const cell of cells) assert.ok(text.includes(`,${cell},`), `${cell} missing from the CSV`);
  const line = text.split('\r\n').find((l) => l.includes('@SUM(A1)'));
  assert.match(line, /,published,1000\.00,10\.00,24,60,/, "numeric columns are written as numbers");
  assert.ok(!/(^|,)[=+\-@]/.test(text.replace(/"[^"]*(""[^"]*)*"/g, 'Q')), 'no unquoted cell starts a formula');
});
