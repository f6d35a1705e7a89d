// Slow and idle clients: N connections from other local addresses (127.0.0.2, .3, … 250
// each, as many machines would) that send half a request and then one header byte every
// 5 s, while one normal client asks for the home page over and over from 127.0.0.1.
// Prints one line of JSON: connections held open, the normal client's answers, p50 and p99.
// Usage: node bench/slow.mjs URL N SECONDS
import net from 'node:net';

const [url, n = '1000', seconds = '10'] = process.argv.slice(2);
const { hostname, port } = new URL(url);
const socks = [];
let refused = 0;
for (let i = 0; i < Number(n); i++) {
  const localAddress = `127.0.0.${2 + Math.floor(i / 250)}`;
  const s = net.connect({ host: hostname, port: Number(port), localAddress });
  s.on('error', () => { refused += 1; });
  s.on('close', () => { s.gone = true; });
  s.on('connect', () => s.write('GET / HTTP/1.1\r\nHost: slow\r\n'));
  socks.push(s);
}
const trickle = setInterval(() => { for (const s of socks) if (!s.gone) s.write('X-a: b\r\n'); }, 5000);
await new Promise((r) => setTimeout(r, 1000));
const lat = [];
let failed = 0;
const end = Date.now() + Number(seconds) * 1000;
while (Date.now() < end) {
  const t0 = performance.now();
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    await res.text();
    if (res.status === 200) lat.push(performance.now() - t0); else failed += 1;
  } catch { failed += 1; }
}
const open = socks.filter((s) => !s.gone).length;
clearInterval(trickle);
for (const s of socks) s.destroy();
lat.sort((a, b) => a - b);
const q = (p) => (lat.length ? Number(lat[Math.min(lat.length - 1, Math.floor(lat.length * p))].toFixed(2)) : null);
console.log(JSON.stringify({ slow_connections: Number(n), held_open: open, refused, normal_ok: lat.length, normal_failed: failed, p50_ms: q(0.5), p99_ms: q(0.99) }));
