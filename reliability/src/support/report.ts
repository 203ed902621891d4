import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ScenarioCounts {
  in: number;
  out: number;
  lost: number;
  duplicated: number;
  /** Anything else worth a column in the README (seconds, refusals by code...). */
  extra?: Record<string, string | number>;
}

const RESULTS = path.join(__dirname, '..', '..', 'output', 'last-run.jsonl');

/**
 * Prints the scenario's one-line summary (the suite's contract with CI and the README) and keeps it in
 * reliability/output/last-run.jsonl. Counts come from what the test measured, never from constants.
 */
export function reportScenario(name: string, counts: ScenarioCounts): string {
  const extra = Object.entries(counts.extra ?? {})
    .map(([k, v]) => ` ${k}=${v}`)
    .join('');
  const line = `scenario=${name} in=${counts.in} out=${counts.out} lost=${counts.lost} duplicated=${counts.duplicated}${extra}`;
  process.stdout.write(`${line}\n`);
  try {
    fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
    fs.appendFileSync(RESULTS, JSON.stringify({ at: new Date().toISOString(), scenario: name, ...counts }) + '\n');
  } catch {
    // The printed line is what counts; the file is a convenience for the README.
  }
  return line;
}

/** Of the ids expected once each, how many came out never, and how many more than once. */
export function lostAndDuplicated(expected: Iterable<string>, seen: Iterable<string>): { out: number; lost: number; duplicated: number } {
  const counts = new Map<string, number>();
  for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
  let out = 0;
  let lost = 0;
  let duplicated = 0;
  for (const id of expected) {
    const n = counts.get(id) ?? 0;
    if (n === 0) lost++;
    else out++;
    if (n > 1) duplicated += n - 1;
  }
  return { out, lost, duplicated };
}
