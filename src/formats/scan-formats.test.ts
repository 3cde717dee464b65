import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { Spec, Validation } from "@cyclonedx/cyclonedx-library";
import type { Log } from "sarif";
import type { VulnDb } from "../intel/db/reader.js";
import { openVulnDb } from "../intel/index.js";
import type { ScanReport } from "../scan/report.js";
import { scan } from "../scan/scan.js";
import { FEEDS, sharedScanDb } from "../scan/test-support/vulndb.js";
import { CSV_COLUMNS, csvField, reportToCsv } from "./csv.js";
import { reportToCycloneDx } from "./cyclonedx.js";
import { reportToJson } from "./findings-json.js";
import { reportToSarif } from "./sarif.js";
import { reportToTable } from "./table.js";

let db: VulnDb;
let report: ScanReport;

before(async () => {
  db = openVulnDb(await sharedScanDb());
  // The real bullseye dpkg status with openssl set back to a version from before DSA-5343-1.
  const root = mkdtempSync(join(tmpdir(), "vigil-formats-"));
  mkdirSync(join(root, "etc"));
  mkdirSync(join(root, "var/lib/dpkg"), { recursive: true });
  writeFileSync(
    join(root, "etc/os-release"),
    'ID=debian\nVERSION_ID="11"\nPRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\n',
  );
  const status = readFileSync(join(FEEDS, "artifacts/dpkg/debian-bullseye-minbase.status"), "utf8").replace(
    /(Package: libssl1\.1\n(?:[^\n]+\n)*?Version: )[^\n]+/,
    "$11.1.1n-0+deb11u3",
  );
  writeFileSync(join(root, "var/lib/dpkg/status"), status);
  report = (await scan(root, db, { today: "2026-11-26" })).report;
  assert.ok(report.findings.length >= 5);
});
after(() => db.close());

describe("scan output formats", () => {
  test("CycloneDX 1.6 with a vulnerabilities section is valid against the official schema", async () => {
    const json = reportToCycloneDx(report);
    assert.equal(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(json), null);
    const bom = JSON.parse(json) as {
      vulnerabilities: { id: string; affects: { ref: string }[] }[];
      components: { "bom-ref": string }[];
    };
    const refs = new Set(bom.components.map((c) => c["bom-ref"]));
    assert.equal(bom.vulnerabilities.length, report.findings.length);
    for (const v of bom.vulnerabilities.filter((x) => x.id.startsWith("CVE-"))) {
      assert.ok(refs.has(v.affects[0]!.ref), `${v.id} affects a listed component`);
    }
  });

  test("SARIF 2.1.0 has what GitHub code scanning requires: rules with security-severity, located results, fingerprints", () => {
    const log: Log = reportToSarif(report);
    assert.equal(log.version, "2.1.0");
    const run = log.runs[0]!;
    const rules = run.tool.driver.rules!;
    assert.equal(new Set(rules.map((r) => r.id)).size, rules.length, "rule ids unique");
    for (const r of rules) {
      assert.ok(r.shortDescription?.text);
      assert.match(String(r.properties?.["security-severity"]), /^\d+(\.\d)?$/);
    }
    for (const res of run.results!) {
      assert.equal(rules[res.ruleIndex!]!.id, res.ruleId);
      const loc = res.locations![0]!.physicalLocation!;
      assert.ok(loc.artifactLocation!.uri && !loc.artifactLocation!.uri.startsWith("/"));
      assert.ok(loc.region!.startLine! >= 1);
      assert.ok(res.partialFingerprints?.["vigil/finding/v1"]);
      assert.ok(["error", "warning", "note"].includes(res.level!));
    }
  });

  test("CSV has the header and one row per finding; fields with commas, quotes and formulas are escaped", () => {
    const lines = reportToCsv(report).trimEnd().split("\r\n");
    assert.equal(lines[0], CSV_COLUMNS.join(","));
    assert.equal(lines.length, report.findings.length + 1);
    assert.equal(csvField('a,"b"'), '"a,""b"""');
    assert.equal(csvField("=cmd()"), "'=cmd()");
  });

  test("the table groups findings by package and totals them per severity", () => {
    const table = reportToTable(report, { width: 120 });
    assert.match(table, /Total: \d+ \(CRITICAL: \d+, HIGH: \d+, MEDIUM: \d+/);
    const lines = table.split("\n").filter((l) => l.startsWith("libssl1.1"));
    assert.equal(lines.length, 1, "the package name is printed once for its block");
    assert.ok(
      table.split("\n").every((l) => l.length <= 120),
      "fits the width",
    );
  });

  test("the native JSON carries the summary, findings and problems", () => {
    const j = JSON.parse(reportToJson(report)) as { summary: Record<string, number>; findings: unknown[] };
    assert.equal(
      Object.values(j.summary).reduce((a, b) => a + b, 0),
      report.findings.length,
    );
    assert.equal(j.findings.length, report.findings.length);
  });
});
