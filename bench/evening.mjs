// The evening rush of the low-threshold network: street teams and the social emergency service
// hold beds across the city at RATE holds a minute (default 300) for MINUTES (default 20); each
// held place is, after 5 to 60 s, checked in (40%) or given back (60%), as people arrive or
// decide otherwise. Meanwhile a watcher does what the operations room's page does
// (static/js/board.js): asks the board's stamp every POLL_MS (500) and, when it moved, fetches
// the board. For each hold, the time from its answer to the end of the first board fetch whose
// stamp request started after that answer: an upper bound of how long the room waits to see it.
// Never pass/fail: prints one line of JSON.
// Usage: node bench/evening.mjs URL TOKEN   (an officer's API token)
const [url, token] = process.argv.slice(2);
const RATE = Number(process.env.RATE ?? 300);
const MINUTES = Number(process.env.MINUTES ?? 20);
const POLL_MS = Number(process.env.POLL_MS ?? 500);
const H = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();
const pct = (a, p) => (a.length ? a.slice().sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * p))] : null);

const shelters = (await (await fetch(`${url}/services?kind=night_shelter`, { headers: { Accept: 'application/json' } })).json())
  .sites.map((s) => s.id);
const stats = { holds_ok: 0, no_place: 0, errors: 0, check_ins: 0, releases: 0, move_errors: 0 };
const holdMs = [], okAt = [];
let stop = false;

// The watcher: cycles of [start, end] with the board fetched when the stamp moved.
const cycles = [];
async function watch() {
  let stamp = null;
  while (!stop) {
    const start = now();
    try {
      const s = (await (await fetch(`${url}/services/board/stamp`, { headers: H })).json()).stamp;
      if (s !== stamp) {
        stamp = s;
        await (await fetch(`${url}/services/board`, { headers: { Authorization: H.Authorization } })).text();
      }
      cycles.push([start, now()]);
    } catch { stats.errors++; }
    const rest = POLL_MS - (now() - start);
    if (rest > 0) await sleep(rest);
  }
}

async function move(id, checkIn) {
  await sleep(5000 + Math.random() * 55000);
  const res = await fetch(`${url}/holds/${id}/${checkIn ? 'check-in' : 'release'}`, { method: 'POST', headers: { ...H, 'Content-Type': 'application/json' }, body: '{}' });
  await res.text();
  if (res.status === 200) stats[checkIn ? 'check_ins' : 'releases']++;
  else stats.move_errors++;
}

const pending = [];
async function hold(n) {
  const id = shelters[n % shelters.length];
  const t0 = now();
  try {
    const res = await fetch(`${url}/services/${id}/holds`, { method: 'POST', headers: { ...H, 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'bed', person: `Persona della sera ${n}` }) });
    const body = await res.json();
    const t1 = now();
    holdMs.push(t1 - t0);
    if (res.status === 200) {
      stats.holds_ok++;
      okAt.push(t1);
      pending.push(move(body.hold_id, Math.random() < 0.4));
    } else if (res.status === 409) stats.no_place++;
    else stats.errors++;
  } catch { stats.errors++; }
}

const watcher = watch();
const total = Math.round(RATE * MINUTES), gap = 60000 / RATE, begin = now();
const sent = [];
for (let n = 0; n < total; n++) {
  const due = begin + n * gap - now();
  if (due > 0) await sleep(due);
  sent.push(hold(n));
}
const sendingMs = now() - begin;
await Promise.all(sent);
await sleep(2 * POLL_MS + 500);
stop = true;
await watcher;
await Promise.all(pending);
const seen = [];
let c = 0;
for (const t of okAt.sort((a, b) => a - b)) {
  while (c < cycles.length && cycles[c][0] < t) c++;
  if (c < cycles.length) seen.push(cycles[c][1] - t);
}
const r = (x) => (x === null ? null : Math.round(x * 10) / 10);
console.log(JSON.stringify({ ...stats, minutes: MINUTES, rate_per_min: RATE, achieved_per_min: r(total / (sendingMs / 60000)),
  hold_p50_ms: r(pct(holdMs, 0.5)), hold_p99_ms: r(pct(holdMs, 0.99)), watch_cycles: cycles.length,
  seen_p50_ms: r(pct(seen, 0.5)), seen_p99_ms: r(pct(seen, 0.99)), seen_max_ms: r(pct(seen, 1)), poll_ms: POLL_MS }));
