/**
 * Results: each figure is { name, value, unit, baseline?, ratio?, budget, ok } (plus a note),
 * printed as a table and written to bench/results.json and bench/results.md.
 */
/* global console */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BENCH_DIR, round } from './common.mjs';

export const results = [];

/**
 * Adds one figure. `budget` is text such as "≤ 200 kB"; `check` decides ok from value and ratio;
 * `ratio` defaults to value / baseline when a baseline is given.
 */
export function record({ name, value, unit, baseline, ratio, budget, check, note }) {
  const entry = { name, value: round(value, 2), unit };
  if (baseline !== undefined) {
    entry.baseline = round(baseline, 2);
    entry.ratio = round(ratio ?? value / baseline, 3);
  }
  entry.budget = budget ?? 'report only';
  entry.ok = check ? Boolean(check(value, entry.ratio)) && Number.isFinite(value) : Number.isFinite(value);
  if (note) entry.note = note;
  results.push(entry);
  console.log(`  ${entry.ok ? 'ok  ' : 'MISS'} ${name}: ${fmt(entry.value)} ${unit}${baseline !== undefined ? ` (baseline ${fmt(entry.baseline)}, ratio ${entry.ratio})` : ''}  [${entry.budget}]`);
  return entry;
}

/** A part that could not run: kept in the table as a failure with its reason. */
export function recordFailure(name, error) {
  const note = String(error?.message ?? error).split('\n')[0].slice(0, 300);
  results.push({ name, value: null, unit: '', budget: 'ran', ok: false, note });
  console.log(`  FAIL ${name}: ${note}`);
}

const fmt = (v) => (typeof v === 'number' ? (Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : String(v)) : String(v));

export function table(rows = results) {
  const header = ['figure', 'value', 'baseline', 'ratio', 'budget', 'ok'];
  const lines = rows.map((r) => [
    r.name,
    r.value === null ? 'n/a' : `${fmt(r.value)} ${r.unit}`.trim(),
    r.baseline === undefined ? '' : `${fmt(r.baseline)} ${r.unit}`.trim(),
    r.ratio === undefined ? '' : `${r.ratio}x`,
    r.budget,
    r.ok ? 'ok' : 'MISSED',
  ]);
  return { header, lines };
}

export function printTable() {
  const { header, lines } = table();
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(`\n${row(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const line of lines) console.log(row(line));
}

function markdown(meta, level) {
  const { header, lines } = table();
  const esc = (s) => s.replace(/\|/g, '\\|');
  return [
    `Produced by \`npm run bench\` on ${meta.date} (${meta.machine}); ${meta.parts}. ${meta.duration}.`,
    'Every ratio compares two figures measured side by side in this same run.',
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...lines.map((l) => `| ${l.map(esc).join(' | ')} |`),
    '',
    ...(results.some((r) => r.note) ? [`${'#'.repeat(level)} Notes`, '', ...results.filter((r) => r.note).map((r) => `- **${esc(r.name)}**: ${r.note}`), ''] : []),
  ].join('\n');
}

/** bench/results.json and results.md; with `docs`, also the results section of docs/performance.md. */
export function writeResults(meta, { docs = false } = {}) {
  writeFileSync(path.join(BENCH_DIR, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(BENCH_DIR, 'results.md'), `# Benchmark results\n\nSee docs/performance.md for what each figure means.\n\n${markdown(meta, 2)}`);
  if (!docs) return;
  const file = path.join(BENCH_DIR, '..', 'docs', 'performance.md');
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf('<!-- results:start -->');
  const end = text.indexOf('<!-- results:end -->');
  if (start < 0 || end < start) return;
  writeFileSync(file, `${text.slice(0, start)}<!-- results:start -->\n${markdown(meta, 3)}<!-- results:end -->${text.slice(end + '<!-- results:end -->'.length)}`);
}
