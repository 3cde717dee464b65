import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { reportToCsv } from "../../src/formats/csv.js";
import { reportToCycloneDx } from "../../src/formats/cyclonedx.js";
import { reportToJson } from "../../src/formats/findings-json.js";
import { reportToSarifJson } from "../../src/formats/sarif.js";
import { inventoryToSpdxJson } from "../../src/formats/spdx.js";
import { reportToTable } from "../../src/formats/table.js";
import type { VulnDb } from "../../src/intel/db/reader.js";
import { openVulnDb } from "../../src/intel/index.js";
import type { ScanReport } from "../../src/scan/report.js";
import { scan } from "../../src/scan/scan.js";
import { FEEDS, sharedScanDb } from "../../src/scan/test-support/vulndb.js";
import { expectGolden, redact } from "./golden.js";

// The real pipeline once per target, then every output format, pinned byte for byte (volatile fields
// redacted, see golden.ts). Targets are named by a relative path from their parent directory, as a user
// in that directory would, so that the target ref and the finding ids (which hash it) are the same on
// every machine. "today" is fixed, so end-of-life findings do not move with the calendar.

const TODAY = "2026-11-26";
const FORMATS: [string, (r: ScanReport) => string][] = [
  ["table.txt", (r) => reportToTable(r)],
  ["json", reportToJson],
  ["csv", reportToCsv],
  ["sarif.json", reportToSarifJson],
  ["cdx.json", (r) => reportToCycloneDx(r)],
  ["spdx.json", (r) => inventoryToSpdxJson(r.inventory)],
];

let db: VulnDb;
let tmp: string;
const reports = new Map<string, ScanReport>();

async function scanFrom(dir: string, ref: string): Promise<ScanReport> {
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    return (await scan(ref, db, { today: TODAY })).report;
  } finally {
    process.chdir(cwd);
  }
}

before(async () => {
  db = openVulnDb(await sharedScanDb());
  // An npm project: express and lodash 4.17.15 (NSWG-ECO-516), the real lockfile.
  reports.set(
    "npm-v3-express-lodash",
    await scanFrom(join(FEEDS, "artifacts/lockfiles"), "npm-v3-express-lodash"),
  );
  // A Debian 11 root: the real bullseye minbase dpkg status with libssl1.1 set back to 1.1.1n-0+deb11u3,
  // before DSA-5343-1 (five CVEs, split into five findings), and Debian 11 past its end of life.
  tmp = mkdtempSync(join(tmpdir(), "vigil-golden-"));
  const root = join(tmp, "debian-bullseye");
  mkdirSync(join(root, "etc"), { recursive: true });
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
  reports.set("debian-bullseye", await scanFrom(tmp, "debian-bullseye"));
});

after(() => {
  db.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("golden files: every output format of a real scan", () => {
  for (const target of ["npm-v3-express-lodash", "debian-bullseye"]) {
    for (const [ext, encode] of FORMATS) {
      test(`${target}: ${ext}`, () => {
        const report = reports.get(target)!;
        expectGolden(`${target}.${ext}`, redact(encode(report), [tmp]));
      });
    }
  }

  test("the targets cover what the goldens are meant to pin: a language finding, a split DSA, an end-of-life finding", () => {
    const npm = reports.get("npm-v3-express-lodash")!.findings.map((f) => f.vulnerabilityId);
    assert.ok(npm.includes("NSWG-ECO-516"));
    const debian = reports.get("debian-bullseye")!.findings;
    const dsa = debian.filter((f) => f.aliases.includes("DSA-5343-1")).map((f) => f.vulnerabilityId);
    assert.deepEqual(dsa.sort(), [
      "CVE-2022-2097",
      "CVE-2022-4304",
      "CVE-2022-4450",
      "CVE-2023-0215",
      "CVE-2023-0286",
    ]);
    assert.ok(debian.some((f) => f.type === "END_OF_LIFE" && f.vulnerabilityId === "EOL-debian-11"));
  });

  test("encoding the same report twice gives the same bytes once redacted (nothing volatile left)", () => {
    for (const report of reports.values()) {
      for (const [, encode] of FORMATS)
        assert.equal(redact(encode(report), [tmp]), redact(encode(report), [tmp]));
    }
  });
});
