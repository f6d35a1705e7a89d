// Turns a bench run's log into bench/report.md (the tables as they were printed, by section)
// and bench/report.json (every table row as an object keyed by its header, every other line
// as a note), so runs can be compared by a program. Usage: node bench/report.mjs LOG MD JSON
import { readFileSync, writeFileSync } from 'node:fs';

const [log, mdOut, jsonOut] = process.argv.slice(2);
const lines = readFileSync(log, 'utf8').split('\n').filter((l) => l.trim() && !/^\d{4}-\d\d-\d\dT.* (info|warn) /.test(l));
const report = { title: lines[0] ?? '', sections: [] };
let section = null;
let header = null;
for (const line of lines.slice(1)) {
  if (line.startsWith('== ')) {
    section = { name: line.slice(3), rows: [], notes: [] };
    report.sections.push(section);
    header = null;
    continue;
  }
  if (!section) continue;
  const cells = line.trim().split(/\s{2,}|\s(?=\S)/).filter(Boolean);
  if (/^(page|engine)\s/.test(line.trim())) { header = cells.map((h, i) => (cells.indexOf(h) < i ? `${h}_${i}` : h)); continue; }
  // A row has as many cells as the header, with numbers where the header names a measure.
  const numeric = (v) => /^-?[\d.]+$/.test(v);
  if (header && cells.length === header.length && header.every((h, i) => !/(rps|bytes|ratio)$/.test(h) || numeric(cells[i]))) {
    section.rows.push(Object.fromEntries(header.map((h, i) => [h, /^-?[\d.]+$/.test(cells[i]) ? Number(cells[i]) : cells[i]])));
  } else {
    section.notes.push(line.trim());
  }
}
writeFileSync(jsonOut, JSON.stringify(report, null, 1) + '\n');
let md = `# Benchmark report\n\n${report.title}\n\nProduced by \`make bench\`; ratios compare coprog with a reference measured in the same run.\n`;
for (const s of report.sections) {
  md += `\n## ${s.name}\n\n`;
  if (s.rows.length) {
    const keys = Object.keys(s.rows[0]);
    md += `| ${keys.join(' | ')} |\n|${keys.map(() => '---').join('|')}|\n`;
    for (const r of s.rows) md += `| ${keys.map((k) => r[k]).join(' | ')} |\n`;
    md += '\n';
  }
  for (const n of s.notes) md += `- ${n}\n`;
}
writeFileSync(mdOut, md);
