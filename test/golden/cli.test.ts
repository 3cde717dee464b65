import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { FEEDS, sharedScanDb } from "../../src/scan/test-support/vulndb.js";
import { vigilArgs } from "../support/cli.js";
import { expectGolden, redact } from "./golden.js";

// What a user sees from the built `vigil`, pinned: exit code, standard output and standard error, in one
// snapshot file per invocation. The target is named relative to the working directory, as in CI, so the
// output and the finding ids are the same on every machine; the database path is redacted.

let db: string;
before(async () => {
  db = await sharedScanDb();
});

const LOCKFILES = join(FEEDS, "artifacts/lockfiles");

function snapshot(args: string[], cwd = LOCKFILES): string {
  const r = spawnSync(process.execPath, vigilArgs(...args), {
    cwd,
    encoding: "utf8",
    // A pipe, not a terminal: no colours, no progress line, the default table width.
    env: { ...process.env, NO_COLOR: "1", COLUMNS: "" },
  });
  assert.equal(r.error, undefined);
  const shown = args.map((a) => (a === db ? "<DB>" : a)).join(" ");
  return redact(
    `$ vigil ${shown}\nexit: ${r.status}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`
      .split(db)
      .join("<DB>"),
  );
}

describe("CLI snapshots", () => {
  const cases: [string, string, () => string[]][] = [
    ["vigil --help lists the commands", "cli/help.txt", () => ["--help"]],
    ["vigil scan --help lists the scan options", "cli/scan-help.txt", () => ["scan", "--help"]],
    [
      "scan prints the table and exits 0 with no --fail-on",
      "cli/scan-table.txt",
      () => ["scan", "npm-v3-express-lodash", "--db", db],
    ],
    [
      "scan --format json --fail-on medium prints the report and exits 1, saying why on stderr",
      "cli/scan-json-fail-on-medium.txt",
      () => ["scan", "npm-v3-express-lodash", "--db", db, "--format", "json", "--fail-on", "medium"],
    ],
    [
      "scan --fail-on critical exits 0 when nothing that severe remains",
      "cli/scan-fail-on-critical.txt",
      () => ["scan", "npm-v3-express-lodash", "--db", db, "--format", "csv", "--fail-on", "critical"],
    ],
    [
      "an unknown severity is a usage error: exit 2, a message naming it, nothing on stdout",
      "cli/scan-bad-severity.txt",
      () => ["scan", "npm-v3-express-lodash", "--db", db, "--fail-on", "severe"],
    ],
    [
      "a missing database is an input error: exit 2 and what to run",
      "cli/scan-missing-db.txt",
      () => ["scan", "npm-v3-express-lodash", "--db", "/nonexistent/vuln.db"],
    ],
  ];
  for (const [name, file, args] of cases) {
    test(name, () => expectGolden(file, snapshot(args())));
  }
});
