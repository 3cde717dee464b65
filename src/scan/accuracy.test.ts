/**
 * Accuracy of `vigil scan` on real data: real package databases, real lockfiles and real image archives
 * against the real feed snapshots in ../shared/feeds. Every expected finding says why it is expected.
 *
 * The Debian images in ../shared/feeds are newer (11.11, 12.x point releases) than its DSA/DLA lists
 * (2023-04), so they must come out clean of package vulnerabilities. To exercise the Debian matcher on
 * vulnerable versions, the Debian cases below take the real bullseye dpkg status file and set a few
 * packages back to versions from before the advisories' fixes (in the same real status format), and
 * add a chromium stanza where a case needs one. Each such change is named in its test.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { VulnDb } from "../intel/db/reader.js";
import { openVulnDb } from "../intel/index.js";
import type { Finding } from "../model/finding.js";
import { failsOn, scan } from "./scan.js";
import { FEEDS, sharedScanDb } from "./test-support/vulndb.js";

let db: VulnDb;
before(async () => {
  db = openVulnDb(await sharedScanDb());
});
after(() => db.close());

const TODAY = "2026-11-26";

const OS_RELEASE: Record<string, string> = {
  bullseye: `PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\nNAME="Debian GNU/Linux"\nVERSION_ID="11"\nVERSION="11 (bullseye)"\nVERSION_CODENAME=bullseye\nID=debian\n`,
  buster: `PRETTY_NAME="Debian GNU/Linux 10 (buster)"\nNAME="Debian GNU/Linux"\nVERSION_ID="10"\nVERSION="10 (buster)"\nVERSION_CODENAME=buster\nID=debian\n`,
};

/** A root file system with the real bullseye dpkg status, edited as each case says. */
function debianRoot(suite: "bullseye" | "buster", edit: (status: string) => string): string {
  const root = mkdtempSync(join(tmpdir(), "vigil-accuracy-"));
  mkdirSync(join(root, "etc"), { recursive: true });
  mkdirSync(join(root, "var/lib/dpkg"), { recursive: true });
  writeFileSync(join(root, "etc/os-release"), OS_RELEASE[suite]!);
  const real = readFileSync(join(FEEDS, "artifacts/dpkg/debian-bullseye-minbase.status"), "utf8");
  writeFileSync(join(root, "var/lib/dpkg/status"), edit(real));
  return root;
}

function setVersion(status: string, pkg: string, version: string): string {
  const re = new RegExp(`(Package: ${pkg}\\n(?:[^\\n]+\\n)*?Version: )[^\\n]+`);
  assert.match(status, re, `stanza of ${pkg}`);
  return status.replace(re, `$1${version}`);
}

function chromiumStanza(version: string): string {
  return [
    "Package: chromium",
    "Status: install ok installed",
    "Priority: optional",
    "Section: web",
    "Installed-Size: 220000",
    "Maintainer: Debian Chromium Team <chromium@packages.debian.org>",
    "Architecture: amd64",
    `Version: ${version}`,
    "Description: web browser",
    "",
    "",
  ].join("\n");
}

const vulns = (fs: Finding[], pkg: string) =>
  fs
    .filter((f) => f.package?.name === pkg)
    .map((f) => f.vulnerabilityId)
    .sort();

describe("Debian: distro advisories by source package and release", () => {
  test("the real bullseye and bookworm images have no package vulnerability (their point releases postdate the DSA/DLA snapshot)", async () => {
    for (const suite of ["bullseye", "bookworm"]) {
      const r = await scan(join(FEEDS, `artifacts/images/debian-${suite}-minbase.tar.gz`), db, {
        today: TODAY,
      });
      assert.ok(r.report.inventory.packages.length > 80, `${suite}: packages listed`);
      assert.deepEqual(
        r.report.findings.filter((f) => f.type === "PACKAGE_VULNERABILITY").map((f) => f.vulnerabilityId),
        [],
      );
      // Both are past the end of regular security support on 2026-11-26 (bullseye 2024-08-14, bookworm 2026-06-10).
      assert.equal(
        r.report.findings.filter((f) => f.type === "END_OF_LIFE").length,
        1,
        `${suite}: end-of-life finding`,
      );
    }
  });

  test("openssl set back to 1.1.1n-0+deb11u3: DSA-5343-1's five CVEs, fixed in 1.1.1n-0+deb11u4; earlier DSAs are fixed", async () => {
    const root = debianRoot("bullseye", (s) => setVersion(s, "libssl1.1", "1.1.1n-0+deb11u3"));
    const r = await scan(root, db, { today: TODAY });
    // DSA-5343-1 [bullseye] openssl 1.1.1n-0+deb11u4 {CVE-2022-2097 CVE-2022-4304 CVE-2022-4450 CVE-2023-0215 CVE-2023-0286}.
    // DSA-5169-1 (CVE-2022-2068) was fixed in 1.1.1n-0+deb11u3 itself, so it is not reported.
    assert.deepEqual(vulns(r.report.findings, "libssl1.1"), [
      "CVE-2022-2097",
      "CVE-2022-4304",
      "CVE-2022-4450",
      "CVE-2023-0215",
      "CVE-2023-0286",
    ]);
    for (const f of r.report.findings.filter((x) => x.package?.name === "libssl1.1")) {
      assert.deepEqual(f.fixedVersions, ["1.1.1n-0+deb11u4"]);
      assert.equal(f.fixAvailable, "YES");
      assert.ok(f.aliases.includes("DSA-5343-1"), "the DSA is listed with the CVE");
      assert.equal(f.package?.source?.name, "openssl");
    }
  });

  test("a fix backported into a Debian revision is not reported: zlib 1:1.2.11.dfsg-2+deb11u2 carries the CVE-2022-37434 fix", async () => {
    // Upstream fixed CVE-2022-37434 in zlib 1.2.13; Debian backported it to 1:1.2.11.dfsg-2+deb11u2 (DSA-5218-1),
    // the version the real bullseye image has. One revision lower is vulnerable.
    const fixed = await scan(
      debianRoot("bullseye", (s) => s),
      db,
      { today: TODAY },
    );
    assert.deepEqual(vulns(fixed.report.findings, "zlib1g"), []);
    const older = await scan(
      debianRoot("bullseye", (s) => setVersion(s, "zlib1g", "1:1.2.11.dfsg-2+deb11u1")),
      db,
      { today: TODAY },
    );
    assert.deepEqual(vulns(older.report.findings, "zlib1g"), ["CVE-2022-37434"]);
  });

  test("Debian 11's advisories do not apply to Debian 10 packages and vice versa", async () => {
    // DSA-5343-1 has only a [bullseye] line; on a buster root the same openssl version matches nothing from it.
    const r = await scan(
      debianRoot("buster", (s) => setVersion(s, "libssl1.1", "1.1.1n-0+deb11u3")),
      db,
      { today: TODAY },
    );
    assert.ok(!vulns(r.report.findings, "libssl1.1").includes("CVE-2023-0286"));
  });

  test("alias pair: DSA-5068-1 and the tracker's DEBIAN-CVE-2022-0456 merge into one CVE-2022-0456 finding", async () => {
    // chromium 97 on bullseye: DSA-5068-1 fixes 20 CVEs in 98.0.4758.80-1~deb11u1, and the security tracker's
    // JSON also records CVE-2022-0456 as resolved in that version for bullseye.
    const r = await scan(
      debianRoot("bullseye", (s) => s + chromiumStanza("97.0.4692.99-1~deb11u2")),
      db,
      { today: TODAY },
    );
    // chromium 97 is also below every later chromium DSA for bullseye (hundreds of CVEs up to 2023-03).
    const chromium = r.report.findings.filter((f) => f.package?.name === "chromium");
    const dsa5068 = chromium.filter((x) => x.aliases.includes("DSA-5068-1"));
    assert.equal(dsa5068.length, 20, "one finding per CVE of the DSA");
    const f = chromium.find((x) => x.vulnerabilityId === "CVE-2022-0456")!;
    assert.ok(f.aliases.includes("DSA-5068-1"));
    assert.ok(
      f.aliases.some((a) => a.startsWith("DEBIAN-") || a === "DEBIAN-CVE-2022-0456"),
      f.aliases.join(","),
    );
    assert.equal(chromium.filter((x) => x.vulnerabilityId === "CVE-2022-0456").length, 1);
    assert.deepEqual(f.fixedVersions, ["98.0.4758.80-1~deb11u1"]);
    const patched = await scan(
      debianRoot("bullseye", (s) => s + chromiumStanza("98.0.4758.80-1~deb11u1")),
      db,
      { today: TODAY },
    );
    const left = patched.report.findings.filter((x) => x.package?.name === "chromium");
    assert.ok(
      !left.some((x) => x.aliases.includes("DSA-5068-1")),
      "the DSA's fix version is not affected by it",
    );
    assert.ok(!left.some((x) => x.vulnerabilityId === "CVE-2022-0456"));
    assert.ok(left.length > 0 && left.length < chromium.length, "later DSAs still apply");
  });

  test("unfixed distro CVE: chromium on buster is open (end-of-life) for CVE-2022-0456 and reported with no fix", async () => {
    const r = await scan(
      debianRoot("buster", (s) => s + chromiumStanza("89.0.4389.114-1~deb10u1")),
      db,
      { today: TODAY },
    );
    const f = r.report.findings.find(
      (x) => x.package?.name === "chromium" && x.vulnerabilityId === "CVE-2022-0456",
    );
    assert.ok(f, "reported");
    assert.deepEqual(f.fixedVersions, []);
    assert.equal(f.fixAvailable, "NO");
  });
});

describe("npm lockfiles against the Node.js security WG advisories", () => {
  test("express/lodash lockfile (v3): lodash 4.17.15 has NSWG-ECO-516 (>=4.17.15 <4.17.19)", async () => {
    const r = await scan(join(FEEDS, "artifacts/lockfiles/npm-v3-express-lodash"), db, { today: TODAY });
    assert.deepEqual(vulns(r.report.findings, "lodash"), ["NSWG-ECO-516"]);
    assert.deepEqual(r.report.findings.find((f) => f.package?.name === "lodash")!.fixedVersions, ["4.17.19"]);
    // lodash's older advisories (<4.17.5, <4.17.11) are fixed in 4.17.15: not reported.
  });

  test("legacy lockfile (v1): handlebars 4.0.11 has NSWG-ECO-519 (<4.6.0); marked 0.3.6 is exactly the patched version", async () => {
    const r = await scan(join(FEEDS, "artifacts/lockfiles/npm-v1-legacy"), db, { today: TODAY });
    assert.deepEqual(vulns(r.report.findings, "handlebars"), ["NSWG-ECO-519"]);
    // NSWG-ECO-101: marked <=0.3.5, patched >=0.3.6: the boundary is not affected.
    assert.deepEqual(vulns(r.report.findings, "marked"), []);
  });
});

describe("Python requirements against the PyPA advisory database", () => {
  // Expectations computed independently with Python's `packaging` over ../shared/feeds/osv/PyPI/all.zip.
  const expected: Record<string, [string, string][]> = {
    jinja2: [
      ["CVE-2019-10906", "2.10.1"], // PYSEC-2019-217, fixed 2.10.1
      ["CVE-2020-28493", "2.11.3"], // PYSEC-2021-66, fixed 2.11.3
    ],
    pyyaml: [
      ["CVE-2020-14343", "5.4"], // PYSEC-2021-142, introduced 0 fixed 5.4
      ["CVE-2020-1747", "5.3.1"], // PYSEC-2020-96, introduced 5.1 fixed 5.3.1
    ],
    requests: [
      ["CVE-2018-18074", "2.20.0"], // PYSEC-2018-28
      ["CVE-2023-32681", "2.31.0"], // PYSEC-2023-74, introduced 2.3.0 fixed 2.31.0
    ],
    urllib3: [
      ["CVE-2021-33503", "1.26.5"], // PYSEC-2021-108
      ["CVE-2023-43804", "1.26.17"], // PYSEC-2023-192: events out of order (2.0.0..2.0.6, then 0..1.26.17)
      ["CVE-2023-45803", "1.26.18"], // PYSEC-2023-212
    ],
  };

  test("each pinned version gets exactly the advisories whose ranges include it, with the lowest fix", async () => {
    const r = await scan(join(import.meta.dirname, "testdata/python-app"), db, { today: TODAY });
    for (const [pkg, want] of Object.entries(expected)) {
      const got = r.report.findings
        .filter((f) => f.package?.name.toLowerCase() === pkg)
        .map((f) => [f.vulnerabilityId, f.fixedVersions[0]] as [string, string])
        .sort((a, b) => (a[0] < b[0] ? -1 : 1));
      assert.deepEqual(got, want, pkg);
    }
    const f = r.report.findings.find((x) => x.vulnerabilityId === "CVE-2019-10906")!;
    assert.ok(f.aliases.includes("PYSEC-2019-217") && f.aliases.includes("GHSA-462w-v97r-4m45"));
  });

  test("withdrawn advisories are ignored: arrayfire (PYSEC-2019-144) and Flask-Caching (PYSEC-2021-13)", async () => {
    const r = await scan(join(import.meta.dirname, "testdata/python-app"), db, { today: TODAY });
    assert.deepEqual(vulns(r.report.findings, "arrayfire"), []);
    assert.deepEqual(vulns(r.report.findings, "Flask-Caching"), []);
  });
});

describe("--fail-on", () => {
  test("turns red exactly when a finding at or above the threshold remains after ignores and VEX", async () => {
    const root = debianRoot("bullseye", (s) => setVersion(s, "libssl1.1", "1.1.1n-0+deb11u3"));
    const r = await scan(root, db, { today: TODAY });
    const sev = (id: string) => r.report.findings.find((f) => f.vulnerabilityId === id)!.severity;
    assert.ok(failsOn(r.report.findings, "HIGH"), `CVE-2023-0286 is ${sev("CVE-2023-0286")}`);
    const ids = r.report.findings.filter((f) => f.severity === "HIGH" || f.severity === "CRITICAL");
    const ignored = await scan(root, db, {
      today: TODAY,
      ignoreRules: ids.map((f, i) => ({ id: f.vulnerabilityId, line: i + 1 })),
    });
    assert.equal(failsOn(ignored.report.findings, "HIGH"), false, "all high and critical ignored");
    assert.ok(ignored.dropped.length >= ids.length);
  });
});

describe("runtimes", () => {
  test("a Node.js 20.0.0 binary is matched against the Node.js security WG core advisories", async () => {
    const { evaluate } = await import("./scan.js");
    const r = evaluate(
      {
        target: { kind: "directory", ref: "node-host" },
        packages: [],
        runtimes: [{ product: "nodejs", version: "20.0.0", location: "usr/local/bin/node" }],
        problems: [],
        createdAt: "2026-11-26T00:00:00Z",
      },
      db,
      { today: TODAY },
    );
    // NSWG-CORE-108 (CVE-2023-30581): vulnerable 20.x below 20.3.1.
    const f = r.report.findings.find((x) => x.vulnerabilityId === "CVE-2023-30581");
    assert.ok(f, "CVE-2023-30581 reported");
    assert.ok(f.aliases.includes("NSWG-CORE-108"));
    assert.equal(f.fixedVersions[0], "20.3.1");
    // Node.js 20 reached its end of life on 2026-04-30.
    assert.ok(
      r.report.findings.some((x) => x.type === "END_OF_LIFE" && x.vulnerabilityId === "EOL-nodejs-20"),
    );
  });
});
