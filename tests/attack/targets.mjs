// Lists what sqlmap attacks: every form and every link with a query string that each demo role
// can reach, found by walking the pages from its home as that role (a bearer token, so no CSRF
// token goes stale and nothing a form does can end the session). One JSON object a line:
// {role, method, url, data, json}; `data` is the form's fields url-encoded with the values the
// page offers (the first option of a select, a number where the field asks for one). Each form
// is listed again as the JSON API takes it (json: true), and each page with a number in its
// path once with that number marked (`*`) for sqlmap to attack.
// Forms that would lock the walker out (password, tokens, erasure, logout) are left out.
// Usage: node tests/attack/targets.mjs BASE_URL TOKENS_JSON [MAX_PAGES_PER_ROLE]
import { readFileSync } from 'node:fs';

const [base, tokensFile, maxPages = '500'] = process.argv.slice(2);
const tokens = JSON.parse(readFileSync(tokensFile, 'utf8'));
const SKIP = /^\/(static\/|logout|account\/password|account\/tokens\/\d+\/revoke|my\/data\/erase|_test\/)|\.(pdf|xlsx|csv|ics|json|txt|png|jpe?g|webp)$|\/(photos|attachments|documents|receipts|pdf|igrue)\//;
const decode = (s) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
const attr = (tag, name) => { const m = tag.match(new RegExp(`\\s${name}="([^"]*)"`, 'i')); return m ? decode(m[1]) : null; };
// One target per shape: the path with its numbers as {n}, and the parameter names.
const shape = (method, url, names) => `${method} ${new URL(url).pathname.replace(/\/\d+/g, '/{n}')} ${[...names].sort().join(',')}`;

function forms(html, pageUrl) {
  const out = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const method = (attr(m[1], 'method') || 'GET').toUpperCase();
    const action = new URL(attr(m[1], 'action') || pageUrl, pageUrl);
    const fields = new Map();
    const tags = [...m[2].matchAll(/<(input)\b([^>]*)>/gi), ...m[2].matchAll(/<(select|textarea)\b([^>]*)>([\s\S]*?)<\/\1>/gi)];
    for (const f of tags.sort((a, b) => a.index - b.index)) {
      const name = attr(f[2], 'name');
      const type = (attr(f[2], 'type') || '').toLowerCase();
      if (!name || name === '_csrf' || ['submit', 'button', 'file', 'reset'].includes(type) || fields.has(name)) continue;
      let value = attr(f[2], 'value') ?? '';
      if (f[1].toLowerCase() === 'select') value = decode((f[3] || '').match(/<option[^>]*value="([^"]*)"/i)?.[1] ?? '');
      if (f[1].toLowerCase() === 'textarea') value = decode(f[3] || '');
      if (!value) value = ['number', 'range'].includes(type) ? '1' : type === 'date' ? '2026-12-01' : type === 'email' ? 'x@example.invalid' : type === 'checkbox' ? 'on' : 'prova';
      fields.set(name, value);
    }
    if (fields.size) out.push({ method, action, fields });
  }
  return out;
}

const targets = new Map();
for (const [role, token] of Object.entries(tokens)) {
  const headers = { Authorization: `Bearer ${token}` };
  const seen = new Set();
  const queue = ['/', '/my/home', '/account'];
  while (queue.length && seen.size < Number(maxPages)) {
    const path = queue.shift();
    if (seen.has(path)) continue;
    seen.add(path);
    const res = await fetch(base + path, { headers, redirect: 'manual' });
    if (!(res.headers.get('content-type') || '').startsWith('text/html')) { await res.arrayBuffer(); continue; }
    const html = await res.text();
    if (/\/\d+/.test(path)) {
      const key = shape('PATH', base + path, []);
      if (!targets.has(key)) targets.set(key, { role, method: 'GET', url: base + path.split('?')[0].replace(/\/(\d+)/, '/$1*'), data: '' });
    }
    for (const m of html.matchAll(/href="([^"#]+)"/g)) {
      const u = new URL(decode(m[1]), base + path);
      if (u.origin !== new URL(base).origin || SKIP.test(u.pathname)) continue;
      const next = u.pathname + u.search;
      if (!seen.has(next)) queue.push(next);
      // The language switch is one parameter of every page: attacked once, on the home page.
      if (u.searchParams.has('lang') && u.pathname !== '/') continue;
      if (u.search) {
        const key = shape('GET', u.href, u.searchParams.keys());
        if (!targets.has(key)) targets.set(key, { role, method: 'GET', url: u.href, data: '' });
      }
    }
    for (const f of forms(html, base + path)) {
      if (SKIP.test(f.action.pathname)) continue;
      const key = shape(f.method, f.action.href, f.fields.keys());
      if (targets.has(key)) continue;
      const data = new URLSearchParams([...f.fields]).toString();
      if (f.method === 'GET') {
        targets.set(key, { role, method: 'GET', url: `${f.action.origin}${f.action.pathname}?${data}`, data: '' });
      } else {
        targets.set(key, { role, method: 'POST', url: f.action.href, data });
        targets.set(`${key} json`, { role, method: 'POST', url: f.action.href, data: JSON.stringify(Object.fromEntries(f.fields)), json: true });
      }
    }
  }
  process.stderr.write(`${role}: ${seen.size} pages walked\n`);
}
for (const t of targets.values()) console.log(JSON.stringify(t));
