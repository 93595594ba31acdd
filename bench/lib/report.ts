import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fmt, type Row } from './context.js';

export interface ScenarioResult {
  id: string;
  runId: string;
  title: string;
  measuredAt: string;
  command: string;
  durationSec: number;
  rows: Row[];
  error?: string;
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  node: string;
  os: string;
  memoryGiB: number;
  loadAverageAtStart: number[];
  loadGenerator: string;
  redis: string;
  versions: Record<string, string>;
}

export interface Results {
  schema: 1;
  runId: string;
  command: string;
  startedAt: string;
  durationSec: number;
  machine: Machine;
  scenarios: ScenarioResult[];
  /** The full run before this one, for the "previous run" column (its own previous dropped). */
  previous?: Omit<Results, 'previous'>;
}

export type Verdict = 'met' | 'not met' | 'no value' | 'info';

export function verdict(row: Row): Verdict {
  if (row.informational) {
    return 'info';
  }
  if (row.value === null || !Number.isFinite(row.value)) {
    return 'no value';
  }
  const { op, value } = row.target;
  const met =
    op === '>=' ? row.value >= value : op === '<=' ? row.value <= value : row.value === value;
  return met ? 'met' : 'not met';
}

export function formatValue(value: number | null, unit: string, extraDigits = 0): string {
  if (value === null || !Number.isFinite(value)) {
    return '—';
  }
  const d = (digits: number): number => digits + extraDigits;
  switch (unit) {
    case '×':
      return `${fmt(value, d(2))}×`;
    case 'ms':
      return `${fmt(value, d(Math.abs(value) < 10 ? 2 : 0))} ms`;
    case '%':
      return `${fmt(value, d(1))} %`;
    case 's':
      return `${fmt(value, d(2))} s`;
    case 'µs':
      return `${fmt(value, d(0))} µs`;
    case '':
      return fmt(value, d(3));
    default:
      return fmt(value, d(0));
  }
}

/**
 * Extra digits a missed row needs so that its value does not print as its target (19.995× is not
 * "20×" when the target is ≥ 20×); up to three more.
 */
function digitsToShowMiss(row: Row): number {
  if (verdict(row) !== 'not met') {
    return 0;
  }
  const target = formatValue(row.target.value, row.unit);
  let extra = 0;
  while (extra < 3 && formatValue(row.value, row.unit, extra) === target) {
    extra++;
  }
  return extra;
}

/** "58 %", or "99.97 %" where a whole percent would read as the target itself. */
function percentOfTarget(ratio: number): string {
  let digits = 0;
  while (digits < 3 && fmt(ratio * 100, digits) === '100') {
    digits++;
  }
  return `${fmt(ratio * 100, digits)} %`;
}

/** The row's value as the table prints it. */
export function valueCell(row: Row): string {
  return formatValue(row.value, row.unit, digitsToShowMiss(row));
}

export function formatTarget(row: Row): string {
  const op = row.target.op === '>=' ? '≥' : row.target.op === '<=' ? '≤' : '=';
  return `${op} ${formatValue(row.target.value, row.unit)}`;
}

/** How far from the target, in the row's unit (and as a share of the target for ratios). */
export function gap(row: Row): string {
  const v = verdict(row);
  if (v === 'met' || v === 'info') {
    return '—';
  }
  if (v === 'no value') {
    return 'not measured';
  }
  const value = row.value as number;
  const target = row.target.value;
  const diff = Math.abs(value - target);
  const share = target !== 0 ? ` (${percentOfTarget(value / target)} of target)` : '';
  const extra = digitsToShowMiss(row);
  if (row.target.op === '>=') {
    return `short by ${formatValue(diff, row.unit, extra)}${share}`;
  }
  if (row.target.op === '<=') {
    return `over by ${formatValue(diff, row.unit, extra)}`;
  }
  return `off by ${formatValue(diff, row.unit, extra)}`;
}

export function printTable(scenarios: ScenarioResult[], print: (line: string) => void): void {
  const lines: string[][] = [['scenario', 'measure', 'value', 'target', 'result', 'gap']];
  for (const s of scenarios) {
    if (s.error) {
      lines.push([s.title, `FAILED: ${s.error.split('\n')[0] ?? ''}`, '', '', '', '']);
    }
    for (const row of s.rows) {
      lines.push([s.title, row.measure, valueCell(row), formatTarget(row), verdict(row), gap(row)]);
    }
  }
  const widths = lines[0]?.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length))) ?? [];
  for (const [index, line] of lines.entries()) {
    print(line.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '));
    if (index === 0) {
      print(widths.map((w) => '-'.repeat(w)).join('  '));
    }
  }
}

export function readResults(file: string): Results | undefined {
  if (!existsSync(file)) {
    return undefined;
  }
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Results;
  } catch {
    return undefined;
  }
}

/**
 * A full run replaces the stored results and keeps the one before as `previous`, with only the
 * scenarios that run measured itself: a scenario re-run on its own since (an experiment) is not
 * the previous full run's figure. A partial run replaces only its own scenarios.
 */
export function merge(stored: Results | undefined, next: Results, order: string[]): Results {
  if (next.scenarios.length === order.length) {
    if (!stored) {
      return next;
    }
    const { previous: _dropped, ...before } = stored;
    const measured = before.scenarios.filter((s) => s.runId === before.runId);
    return { ...next, previous: { ...before, scenarios: measured } };
  }
  if (!stored) {
    return next;
  }
  const byId = new Map(stored.scenarios.map((s) => [s.id, s]));
  for (const s of next.scenarios) {
    byId.set(s.id, s);
  }
  const scenarios = order.flatMap((id) => {
    const s = byId.get(id);
    return s ? [s] : [];
  });
  return { ...stored, scenarios };
}

export function writeJson(file: string, results: Results): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}

export function markdown(results: Results, notes: string): string {
  const m = results.machine;
  const partial = results.scenarios.filter((s) => s.runId !== results.runId);
  const before = new Map(
    (results.previous?.scenarios ?? []).flatMap((s) =>
      s.rows.map((row) => [`${s.id}|${row.measure}`, row] as const),
    ),
  );
  const previousValue = (s: ScenarioResult, row: Row): string => {
    const old = before.get(`${s.id}|${row.measure}`);
    return old ? `${formatValue(old.value, old.unit)} (${verdict(old)})` : '—';
  };
  const out: string[] = [
    '# Benchmarks and fault drills',
    '',
    'Written by `npm run bench` (see `bench/`); edit `bench/notes.md` for the text below the tables.',
    'Every figure is a ratio or a count measured side by side in one run; absolute req/s differ between',
    'machines and runs and are shown only as the raw material of a ratio.',
    '',
    `- **Command:** \`${results.command}\``,
    `- **Date:** ${results.startedAt} (took ${fmt(results.durationSec, 0)} s)`,
    `- **Machine:** ${m.cpus} cores (${m.cpuModel}), ${fmt(m.memoryGiB, 0)} GiB, ${m.os}; load average at start ${m.loadAverageAtStart.map((l) => fmt(l, 2)).join(', ')}`,
    `- **Node:** ${m.node}; ${Object.entries(m.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `- **Load generator:** ${m.loadGenerator}`,
    `- **Redis:** ${m.redis}`,
    '',
  ];
  if (partial.length > 0) {
    out.push(
      `Scenarios measured in a separate run: ${partial.map((s) => `${s.title} (${s.measuredAt}, \`${s.command}\`)`).join('; ')}.`,
      '',
    );
  }
  if (results.previous) {
    const before = results.previous;
    out.push(
      `The last column is the full run before this one (${before.startedAt}, load average at start ${before.machine.loadAverageAtStart.map((l) => fmt(l, 2)).join(', ')}); — where that run's figure was since replaced by a run of the scenario alone.`,
      '',
    );
  }
  out.push(
    '| Scenario | Measure | Value | Target | Result | Gap | Previous run |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const s of results.scenarios) {
    if (s.error) {
      out.push(
        `| ${s.title} | failed to run: ${cell(s.error.split('\n')[0] ?? '')} | — | — | no value | not measured | — |`,
      );
    }
    for (const row of s.rows) {
      out.push(
        `| ${s.title} | ${cell(row.measure)} | ${valueCell(row)} | ${formatTarget(row)} | ${verdict(row)} | ${gap(row)} | ${previousValue(s, row)} |`,
      );
    }
  }
  out.push('', '## How each figure was obtained', '');
  for (const s of results.scenarios) {
    out.push(`### ${s.title}`, '');
    if (s.error) {
      out.push(`- Failed: ${s.error.split('\n')[0] ?? ''}`);
    }
    for (const row of s.rows) {
      out.push(`- **${row.measure}:** ${valueCell(row)}. ${row.detail}.`);
    }
    out.push('');
  }
  out.push(notes.trim(), '');
  return out.join('\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
