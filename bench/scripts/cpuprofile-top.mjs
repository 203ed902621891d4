#!/usr/bin/env node
// Summarises a `node --cpu-prof` profile: the functions with the most self time, and the files.
// Usage: node bench/scripts/cpuprofile-top.mjs FILE.cpuprofile [N] [FROM_S TO_S]
// FROM_S TO_S: only the samples taken that many seconds after the profile started (one phase of a run).
import { readFileSync } from 'node:fs';

const [file, n = '25', fromS, toS] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/scripts/cpuprofile-top.mjs FILE.cpuprofile [N]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
const dt = profile.timeDeltas;
const from = fromS === undefined ? -Infinity : Number(fromS) * 1e6;
const to = toS === undefined ? Infinity : Number(toS) * 1e6;
let at = 0;
for (let i = 0; i < profile.samples.length; i++) {
  at += dt[i] ?? 0;
  if (at < from || at > to) continue;
  const id = profile.samples[i];
  self.set(id, (self.get(id) ?? 0) + (dt[i + 1] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const fn = new Map();
const files = new Map();
for (const [id, us] of self) {
  const { callFrame: cf } = byId.get(id);
  const where = cf.url.replace(/^file:\/\//, '').replace(/.*\/node_modules\//, 'nm/').replace(/.*\/work\/main\//, '');
  const key = `${cf.functionName || '(anonymous)'}  ${where}:${cf.lineNumber + 1}`;
  fn.set(key, (fn.get(key) ?? 0) + us);
  const f = where || `(${cf.functionName})`;
  const pkg = f.startsWith('nm/') ? f.split('/').slice(0, f.split('/')[1].startsWith('@') ? 3 : 2).join('/') : f;
  files.set(pkg, (files.get(pkg) ?? 0) + us);
}
const pct = (us) => `${((us / total) * 100).toFixed(1).padStart(5)} %`;
console.log(`${file}: ${(total / 1e6).toFixed(1)} s of samples`);
console.log('\nself time by function');
for (const [k, us] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, Number(n))) console.log(`${pct(us)}  ${k}`);
console.log('\nself time by file / package');
for (const [k, us] of [...files].sort((a, b) => b[1] - a[1]).slice(0, Number(n))) console.log(`${pct(us)}  ${k}`);
