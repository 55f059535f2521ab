#!/usr/bin/env node
// The failures of a test run in a few lines each, printed last by scripts/test-all.sh when the run fails: a CI
// log that keeps only its beginning and end still says which test failed, where and why. Reads jest's
// --json results (one file per stream, given as arguments); prints nothing for a stream that passed.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

const LINES = Number(process.env.DIGEST_LINES ?? 14);
const ansi = /\u001b\[[0-9;]*m/g;
const clip = (text) => {
  const lines = text.replace(ansi, '').split('\n').filter((l) => l.trim() !== '');
  // The message and its first frames in the project's own files; node_modules frames say little.
  const kept = lines.filter((l) => !/^\s+at .*node_modules/.test(l)).slice(0, LINES);
  return kept.map((l) => `      ${l.trimEnd().slice(0, 300)}`).join('\n') + (lines.length > kept.length ? '\n      …' : '');
};

for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) { console.log(`  (no results in ${file}: the stream ended before jest wrote them)`); continue; }
  let results;
  try { results = JSON.parse(readFileSync(file, 'utf8')); } catch (err) { console.log(`  (results in ${file} unreadable: ${err.message})`); continue; }
  const stream = file.replace(/^.*ci-(.*)\.json$/, '$1');
  for (const suite of results.testResults ?? []) {
    const path = relative(process.cwd(), suite.name);
    const failed = (suite.assertionResults ?? []).filter((a) => a.status === 'failed');
    if (suite.status !== 'failed' && failed.length === 0) continue;
    if (failed.length === 0) {
      console.log(`✘ [${stream}] ${path}: the file failed to run`);
      console.log(clip(suite.message || suite.failureMessage || '(no message)'));
    }
    for (const a of failed) {
      console.log(`✘ [${stream}] ${path} › ${a.fullName} (${Math.round((a.duration ?? 0) / 1000)} s)`);
      console.log(clip((a.failureMessages ?? []).join('\n') || '(no message)'));
    }
  }
}
