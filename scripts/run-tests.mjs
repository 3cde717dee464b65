#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with Node's own test runner (TypeScript through tsx).
// Arguments narrow the run to files whose path contains one of them: `npm run test:unit -- versions`.
//
// In CI (CI=true) a skipped test fails the run: every tool and service the suite needs is installed and
// started by .ci/run, so a skip means something is missing and the run would otherwise pass without
// testing it. The skipped tests are listed with their reasons.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function find(dir, out) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    if (name === "node_modules" || name === "testdata" || name === "fixtures") continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

/** `ok 3 - name # SKIP reason` lines of a TAP stream, as "name: reason". */
export function skippedTests(tap) {
  const out = [];
  for (const line of tap.split("\n")) {
    const m = /^\s*ok \d+ - (.*?) # SKIP\s*(.*)$/.exec(line);
    if (m) out.push(`${m[1]}: ${m[2] || "(no reason given)"}`);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = [...find("src", []), ...find("test", [])]
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(" ")}`);
  process.exit(1);
}
const concurrency = process.env.VIGIL_TEST_CONCURRENCY ?? "2";
const ci = process.env.CI === "true" || process.env.CI === "1";
const work = mkdtempSync(join(tmpdir(), "vigil-tests-"));
const tapFile = join(work, "results.tap");
const r = spawnSync(
  process.execPath,
  [
    "--import",
    "tsx",
    "--test",
    `--test-concurrency=${concurrency}`,
    `--test-reporter=${process.stdout.isTTY ? "spec" : "tap"}`,
    "--test-reporter-destination=stdout",
    "--test-reporter=tap",
    `--test-reporter-destination=${tapFile}`,
    ...files,
  ],
  { stdio: "inherit" },
);
let status = r.status ?? 1;
let skipped = [];
try {
  skipped = skippedTests(readFileSync(tapFile, "utf8"));
} catch {
  // No TAP file: the runner itself failed, and its status says so.
}
rmSync(work, { recursive: true, force: true });
if (skipped.length > 0) {
  const head = ci
    ? `CI: ${skipped.length} test(s) skipped; in CI every tool and service is installed, so a skip fails the run:`
    : `${skipped.length} test(s) skipped:`;
  console.error(`\n${head}\n${skipped.map((s) => `  - ${s}`).join("\n")}`);
  if (ci && status === 0) status = 1;
}
process.exit(status);
