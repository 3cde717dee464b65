import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, test } from "node:test";
import { FEEDS, sharedScanDb } from "../../src/scan/test-support/vulndb.js";
import { vigilArgs } from "../support/cli.js";

let db: string;
before(async () => {
  db = await sharedScanDb();
});

function vigil(args: string[], cwd?: string) {
  return spawnSync(process.execPath, vigilArgs(...args), {
    encoding: "utf8",
    ...(cwd ? { cwd } : {}),
  });
}

const lockfiles = join(FEEDS, "artifacts/lockfiles/npm-v3-express-lodash");

test("scan --fail-on medium exits 1 when a medium finding remains (lodash NSWG-ECO-516)", () => {
  const r = vigil(["scan", lockfiles, "--db", db, "--fail-on", "medium"]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /NSWG-ECO-516/);
  assert.match(r.stderr, /at or above medium/);
});

test("scan --fail-on critical exits 0 when nothing that severe remains", () => {
  const r = vigil(["scan", lockfiles, "--db", db, "--fail-on", "critical", "--format", "json"]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, "", "silent on a non-TTY");
});

test("an ignore file entry removes the finding and the pipeline turns green", () => {
  const dir = mkdtempSync(join(tmpdir(), "vigil-ignore-"));
  const ignore = join(dir, ".vigilignore");
  writeFileSync(ignore, "NSWG-ECO-516 package=lodash expires=2099-01-01 # not reachable in our use\n");
  const r = vigil(["scan", lockfiles, "--db", db, "--fail-on", "medium", "--ignorefile", ignore]);
  assert.equal(r.status, 0, r.stderr);
});

test("an OpenVEX not_affected statement removes the finding", () => {
  const dir = mkdtempSync(join(tmpdir(), "vigil-vex-"));
  const vex = join(dir, "app.openvex.json");
  writeFileSync(
    vex,
    JSON.stringify({
      "@context": "https://openvex.dev/ns/v0.2.0",
      "@id": "https://example.invalid/vex/1",
      author: "test",
      timestamp: "2026-11-26T00:00:00Z",
      version: 1,
      statements: [
        {
          vulnerability: { name: "NSWG-ECO-516" },
          products: [{ "@id": "pkg:npm/lodash@4.17.15" }],
          status: "not_affected",
          justification: "vulnerable_code_not_in_execute_path",
        },
      ],
    }),
  );
  const r = vigil(["scan", lockfiles, "--db", db, "--fail-on", "medium", "--vex", vex]);
  assert.equal(r.status, 0, r.stderr);
});

test("usage and input errors exit 2 with a message naming the problem, never a stack", () => {
  const bad = vigil(["scan", lockfiles, "--db", db, "--fail-on", "severe"]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown severity "severe"/);
  const missing = vigil(["scan", "/nonexistent/target", "--db", db]);
  assert.equal(missing.status, 2);
  assert.doesNotMatch(missing.stderr, /\n\s+at /);
  const nodb = vigil(["scan", lockfiles, "--db", "/nonexistent/vuln.db"]);
  assert.equal(nodb.status, 2);
  assert.match(nodb.stderr, /vigil db update/);
});

test("--format sarif --output writes the report to a file", () => {
  const dir = mkdtempSync(join(tmpdir(), "vigil-out-"));
  const out = join(dir, "report.sarif");
  const r = vigil(["scan", lockfiles, "--db", db, "--format", "sarif", "--output", out]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, "");
});

test("--fail-on high: red with a high finding, green once every high and critical finding is ignored", () => {
  // The real bullseye dpkg status with openssl set back to 1.1.1n-0+deb11u3, before DSA-5343-1.
  const root = mkdtempSync(join(tmpdir(), "vigil-failon-"));
  mkdirSync(join(root, "etc"));
  mkdirSync(join(root, "var/lib/dpkg"), { recursive: true });
  writeFileSync(
    join(root, "etc/os-release"),
    'ID=debian\nVERSION_ID="11"\nPRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\n',
  );
  writeFileSync(
    join(root, "var/lib/dpkg/status"),
    readFileSync(join(FEEDS, "artifacts/dpkg/debian-bullseye-minbase.status"), "utf8").replace(
      /(Package: libssl1\.1\n(?:[^\n]+\n)*?Version: )[^\n]+/,
      "$11.1.1n-0+deb11u3",
    ),
  );
  const red = vigil(["scan", root, "--db", db, "--fail-on", "high", "--format", "json"]);
  assert.equal(red.status, 1, red.stderr);
  const report = JSON.parse(red.stdout) as { findings: { vulnerabilityId: string; severity: string }[] };
  const severe = report.findings.filter((f) => f.severity === "HIGH" || f.severity === "CRITICAL");
  assert.ok(severe.length > 0);
  const ignore = join(root, ".vigilignore");
  writeFileSync(ignore, `${[...new Set(severe.map((f) => f.vulnerabilityId))].join("\n")}\n`);
  const green = vigil(["scan", root, "--db", db, "--fail-on", "high", "--ignorefile", ignore]);
  assert.equal(green.status, 0, green.stderr);
  const stillMedium = vigil(["scan", root, "--db", db, "--fail-on", "medium", "--ignorefile", ignore]);
  const medium = report.findings.some((f) => f.severity === "MEDIUM");
  assert.equal(stillMedium.status, medium ? 1 : 0, "a lower threshold still sees what is left");
});
