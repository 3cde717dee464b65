import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { VERSION } from "../../src/version.js";

/**
 * Golden files: the exact bytes of an output, committed under test/golden/testdata/, compared
 * byte-for-byte after the volatile fields are redacted (see `redact`). To accept a change on purpose:
 *
 *     UPDATE_GOLDEN=1 node scripts/run-tests.mjs test/golden     (or: npm run golden:update)
 *
 * then review `git diff test/golden/testdata` like any code change.
 */

export const REPO = resolve(import.meta.dirname, "../..");
export const GOLDEN_DIR = resolve(import.meta.dirname, "testdata");
export const UPDATE_COMMAND = "UPDATE_GOLDEN=1 node scripts/run-tests.mjs test/golden";
const FEEDS = resolve(REPO, "../shared/feeds");

export interface RedactionRule {
  /** What the rule hides and why it varies between runs. */
  what: string;
  pattern: RegExp;
  replacement: string;
}

const ISO_TIME = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z`;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const VERSION_RE = escapeRegExp(VERSION);

/**
 * The volatile fields of Vigil's outputs, each replaced by a placeholder that keeps the field present
 * (so a field that disappears still fails the comparison). Nothing else is touched: an advisory's dates,
 * EPSS dates and package versions stay as they are.
 */
export const REDACTIONS: readonly RedactionRule[] = [
  {
    what: "report and inventory creation time, database build time (JSON createdAt/dbBuiltAt)",
    pattern: new RegExp(`("(?:createdAt|dbBuiltAt)": )"${ISO_TIME}"`, "g"),
    replacement: '$1"<TIMESTAMP>"',
  },
  {
    what: "CycloneDX metadata.timestamp and SPDX creationInfo.created (the time of the run)",
    pattern: new RegExp(`("(?:timestamp|created)": )"${ISO_TIME}"`, "g"),
    replacement: '$1"<TIMESTAMP>"',
  },
  {
    what: "CycloneDX serialNumber and the UUID in the SPDX documentNamespace (random per document)",
    pattern: /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
    replacement: "<UUID>",
  },
  {
    what: "Vigil's own version in the native JSON report",
    pattern: new RegExp(`("vigil": )"${VERSION_RE}"`, "g"),
    replacement: '$1"<VERSION>"',
  },
  {
    what: "Vigil's own version as the SARIF tool driver",
    pattern: new RegExp(`("name": "Vigil",\\s*"version": )"${VERSION_RE}"`, "g"),
    replacement: '$1"<VERSION>"',
  },
  {
    what: "Vigil's own version as the CycloneDX metadata tool component",
    pattern: new RegExp(`("name": "vigil",\\s*"group": "vigil",\\s*"version": )"${VERSION_RE}"`, "g"),
    replacement: '$1"<VERSION>"',
  },
  {
    what: "Vigil's own version as the SPDX creator",
    pattern: new RegExp(`Tool: vigil-${VERSION_RE}`, "g"),
    replacement: "Tool: vigil-<VERSION>",
  },
];

/**
 * An output with its volatile fields replaced (see REDACTIONS), then absolute paths of this machine
 * made portable: `paths` (e.g. a test's temporary directory, longest first), the feeds snapshot, the
 * repository and the system temporary directory become <TMPn>, <FEEDS>, <REPO> and <TMPDIR>.
 */
export function redact(text: string, paths: readonly string[] = []): string {
  let out = text;
  for (const r of REDACTIONS) out = out.replace(r.pattern, r.replacement);
  const named: [string, string][] = [
    ...paths.map((p, i): [string, string] => [p, `<TMP${i}>`]),
    [FEEDS, "<FEEDS>"],
    [REPO, "<REPO>"],
    [tmpdir(), "<TMPDIR>"],
  ];
  for (const [p, name] of named.sort((a, b) => b[0].length - a[0].length)) out = out.split(p).join(name);
  return out;
}

/**
 * Compares `actual` with test/golden/testdata/`name` byte for byte; with UPDATE_GOLDEN=1 writes it instead.
 * The failure names the file and the command that updates it.
 */
export function expectGolden(name: string, actual: string): void {
  const path = join(GOLDEN_DIR, name);
  const shown = relative(REPO, path);
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(dirname(path), { recursive: true });
    if (!existsSync(path) || readFileSync(path, "utf8") !== actual) writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) {
    assert.fail(
      `${shown} does not exist: create it with \`${UPDATE_COMMAND}\` and review it before committing`,
    );
  }
  const expected = readFileSync(path, "utf8");
  if (actual === expected) return;
  assert.fail(
    `the output differs from ${shown}: if the change is intended, run \`${UPDATE_COMMAND}\` and review the diff\n${firstDifference(expected, actual)}`,
  );
}

/** The first line that differs, with two lines of context, as `-` golden and `+` actual lines. */
export function firstDifference(expected: string, actual: string): string {
  const e = expected.split("\n");
  const a = actual.split("\n");
  let i = 0;
  while (i < e.length && i < a.length && e[i] === a[i]) i++;
  const from = Math.max(0, i - 2);
  const out = [`first difference at line ${i + 1}:`];
  for (let j = from; j < i; j++) out.push(`  ${e[j]}`);
  for (let j = i; j < Math.min(e.length, i + 3); j++) out.push(`- ${e[j]}`);
  for (let j = i; j < Math.min(a.length, i + 3); j++) out.push(`+ ${a[j]}`);
  if (e.length !== a.length) out.push(`(golden has ${e.length} lines, output ${a.length})`);
  return out.join("\n");
}
