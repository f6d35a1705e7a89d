// A local SMTP sink for the tests: accepts mail and writes each message to DIR/<n>.eml with its
// envelope recipient first. Recipients whose local part holds "tempfail" are refused for now
// (451) on their first two attempts; those holding "bounce" are refused for good (550).
// Usage: node tests/smtp-sink.mjs PORT DIR
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';

const [port, dir] = [Number(process.argv[2]), process.argv[3]];
fs.mkdirSync(dir, { recursive: true });
const tries = new Map();
let count = 0;

net.createServer((sock) => {
  let buf = '';
  let data = false;
  let to = '';
  let lines = [];
  const say = (s) => sock.write(s + '\r\n');
  say('220 sink ESMTP');
  sock.on('data', (chunk) => {
    buf += chunk.toString('utf8');
    let i;
    while ((i = buf.indexOf('\r\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 2);
      if (data) {
        if (line === '.') {
          data = false;
          count += 1;
          fs.writeFileSync(path.join(dir, `${String(count).padStart(5, '0')}.eml`), `X-Envelope-To: ${to}\r\n${lines.join('\r\n')}\r\n`);
          say('250 queued');
        } else lines.push(line.startsWith('..') ? line.slice(1) : line);
        continue;
      }
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO' || verb === 'HELO') { sock.write('250-sink\r\n'); say('250 8BITMIME'); }
      else if (verb === 'MAIL') say('250 ok');
      else if (verb === 'RCPT') {
        to = (line.match(/<([^>]*)>/) || [])[1] || '';
        const n = (tries.get(to) || 0) + 1;
        tries.set(to, n);
        if (to.includes('bounce')) say('550 no such mailbox');
        else if (to.includes('tempfail') && n <= 2) say('451 try again later');
        else say('250 ok');
      } else if (verb === 'DATA') { data = true; lines = []; say('354 go ahead'); }
      else if (verb === 'QUIT') { say('221 bye'); sock.end(); }
      else if (verb === 'RSET' || verb === 'NOOP') say('250 ok');
      else say('502 not implemented');
    }
  });
  sock.on('error', () => {});
}).listen(port, '127.0.0.1', () => console.log(`smtp sink on ${port}`));
