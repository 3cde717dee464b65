import assert from "node:assert/strict";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { primaryCvss, riskScore } from "../scoring/risk.js";
import { openVulnDb } from "./db/reader.js";
import { tempDir } from "./db/test-support/build.js";
import { FEEDS } from "./feeds/test-support/feeds.js";
import { importFeeds } from "./import.js";

const tmp = tempDir("vigil-import-");
after(tmp.cleanup);

function osvRecord(id: string, name: string, fixed: string, modified = "2026-01-01T00:00:00Z"): string {
  return JSON.stringify({
    id,
    modified,
    aliases: [],
    affected: [
      {
        package: { ecosystem: "PyPI", name },
        ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed }] }],
      },
    ],
    references: [],
  });
}

test("import: one bad record is skipped and reported, the rest is stored", async () => {
  const feed = join(tmp.dir, "feed1", "osv", "PyPI");
  mkdirSync(feed, { recursive: true });
  writeFileSync(join(feed, "PYSEC-1.json"), osvRecord("PYSEC-1", "requests", "2.0"));
  writeFileSync(join(feed, "PYSEC-2.json"), osvRecord("PYSEC-2", "flask", "1.0"));
  writeFileSync(
    join(feed, "PYSEC-3.json"),
    JSON.stringify({ id: "PYSEC-3", modified: "x", affected: "not a list" }),
  );
  const db = join(tmp.dir, "db1", "vuln.db");
  const r = await importFeeds([join(tmp.dir, "feed1")], { db });
  assert.equal(r.records, 2);
  assert.equal(r.skippedTotal, 1);
  assert.match(r.skipped[0]!.record, /PYSEC-3/);
  const v = openVulnDb(db);
  try {
    assert.deepEqual(
      v.advisoriesFor("PyPI", "Requests").map((a) => a.id),
      ["PYSEC-1"],
    );
    assert.equal(v.status().feeds[0]!.skipped, 1);
  } finally {
    v.close();
  }
});

test("import: invalid JSON makes the feed fail by name, and the previous database stays", async () => {
  const db = join(tmp.dir, "db2", "vuln.db");
  const good = join(tmp.dir, "feed2", "osv", "PyPI");
  mkdirSync(good, { recursive: true });
  writeFileSync(join(good, "PYSEC-1.json"), osvRecord("PYSEC-1", "requests", "2.0"));
  const first = await importFeeds([join(tmp.dir, "feed2")], { db });
  const kev = join(tmp.dir, "feed3");
  mkdirSync(kev, { recursive: true });
  writeFileSync(
    join(kev, "known_exploited_vulnerabilities.json"),
    '{"catalogVersion": "2025.08.25", "vulnerabilities": [{"cveID": ',
  );
  await assert.rejects(importFeeds([join(tmp.dir, "feed2"), kev], { db }), (e: Error) => {
    assert.match(e.message, /^feed cisa-kev \(/);
    assert.match(e.message, /nothing was changed in/);
    return true;
  });
  const v = openVulnDb(db);
  try {
    assert.equal(v.status().builtAt, first.builtAt);
  } finally {
    v.close();
  }
  assert.deepEqual(readdirSync(join(tmp.dir, "db2")), ["vuln.db"]);
});

test("import: a re-import reports the changed package keys", async () => {
  const db = join(tmp.dir, "db4", "vuln.db");
  const dir = join(tmp.dir, "feed4", "osv", "PyPI");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "PYSEC-1.json"), osvRecord("PYSEC-1", "requests", "2.0"));
  await importFeeds([join(tmp.dir, "feed4")], { db });
  writeFileSync(join(dir, "PYSEC-1.json"), osvRecord("PYSEC-1", "requests", "2.1", "2026-02-01T00:00:00Z"));
  writeFileSync(join(dir, "PYSEC-9.json"), osvRecord("PYSEC-9", "Flask", "3.0"));
  const r = await importFeeds([join(tmp.dir, "feed4")], { db });
  assert.deepEqual(r.changes.keys, [
    { ecosystem: "PyPI", name: "flask", gained: ["PYSEC-9"], lost: [], changed: [] },
    { ecosystem: "PyPI", name: "requests", gained: [], lost: [], changed: ["PYSEC-1"] },
  ]);
});

test("import: a path with no known feed is an input error naming it", async () => {
  const empty = join(tmp.dir, "empty");
  mkdirSync(empty);
  await assert.rejects(
    importFeeds([empty], { db: join(tmp.dir, "db3", "vuln.db") }),
    /empty: no known feed found here/,
  );
});

/** An NVD CVE API 2.0 page with one CVE: NVD's own 3.1 score (Primary) and the CNA's (Secondary). */
function nvdPage(cve: string, primary: string, cnaVector: string, cnaScore: number): string {
  const metric = (source: string, type: string, vectorString: string, baseScore: number) => ({
    source,
    type,
    cvssData: { version: "3.1", vectorString, baseScore },
  });
  return JSON.stringify({
    format: "NVD_CVE",
    version: "2.0",
    timestamp: "2024-10-24T00:00:00.000",
    vulnerabilities: [
      {
        cve: {
          id: cve,
          published: "2024-09-23T18:15:00.000",
          lastModified: "2024-10-01T00:00:00.000",
          descriptions: [{ lang: "en", value: "NVD's copy" }],
          metrics: {
            cvssMetricV31: [
              metric("nvd@nist.gov", "Primary", primary, 9.8),
              metric("psirt@purestorage.com", "Secondary", cnaVector, cnaScore),
            ],
          },
        },
      },
    ],
  });
}

test("import: a feed folder with CVE JSON 5 records stores CNA / CISA-ADP CVSS, SSVC and withdrawals; the score a finding shows is NVD's, then the CNA's, then CISA-ADP's", async () => {
  // The real vulnrichment sample, beside an NVD page that scores one of its CVEs (CVE-2024-0001).
  const nvdDir = join(tmp.dir, "feed5", "nvd");
  mkdirSync(nvdDir, { recursive: true });
  const NVD_OWN = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
  const CNA = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H";
  writeFileSync(join(nvdDir, "page.json"), nvdPage("CVE-2024-0001", NVD_OWN, CNA, 10));
  const db = join(tmp.dir, "db5", "vuln.db");
  const r = await importFeeds([join(FEEDS, "cve-v5"), nvdDir], { db });
  assert.deepEqual(
    r.feeds.map((f) => [f.label, f.count, f.skipped]),
    [
      ["cve-v5", 1751, 0],
      ["nvd:page.json", 1, 0],
    ],
  );
  const v = openVulnDb(db);
  try {
    // NVD and the CVE record both score CVE-2024-0001: NVD's rows come first, the CNA's vector (which
    // NVD lists as Secondary) once, and NVD's own score is the one a finding is scored from.
    const both = v.cvss("CVE-2024-0001");
    assert.deepEqual(
      both.map((m) => [m.vector, m.source, m.kind, m.container]),
      [
        [NVD_OWN, "nvd@nist.gov", "Primary", undefined],
        [CNA, "psirt@purestorage.com", "Secondary", undefined],
      ],
    );
    assert.equal(primaryCvss(both)?.source, "nvd@nist.gov");
    // Without NVD's own score, the CNA's wins.
    assert.equal(primaryCvss(both.filter((m) => m.source !== "nvd@nist.gov"))?.vector, CNA);
    // Not in NVD: the CNA's 3.0 wins over CISA-ADP's 3.1 (same version class, CNA before ADP).
    const atlassian = v.cvss("CVE-2023-22515");
    assert.deepEqual(
      atlassian.map((m) => [m.version, m.source, m.container]),
      [
        ["3.0", "atlassian", "cna"],
        ["3.1", "CISA-ADP", "adp"],
      ],
    );
    assert.equal(primaryCvss(atlassian)?.source, "atlassian");
    // Only CISA-ADP scored it: that score is used.
    const flash = v.cvss("CVE-2011-0611");
    assert.equal(primaryCvss(flash)?.source, "CISA-ADP");
    assert.equal(riskScore({ cvss: flash }).breakdown[0]?.score, 8.8);
    // CNA 4.0 and CISA-ADP 3.1: the version rule (3.x before 4.0) comes first.
    assert.equal(primaryCvss(v.cvss("CVE-2024-1100"))?.source, "CISA-ADP");
    // The record's own data, and SSVC.
    const flashRecord = v.cveRecord("CVE-2011-0611")!;
    assert.deepEqual(flashRecord.cwes, ["CWE-843"]);
    assert.deepEqual(
      [flashRecord.ssvc?.exploitation, flashRecord.ssvc?.automatable, flashRecord.ssvc?.technicalImpact],
      ["active", "no", "total"],
    );
    assert.equal(flashRecord.kev?.dateAdded, "2022-03-03");
    // NVD's record is kept as it was (its own description), beside the CVE record.
    assert.equal(v.nvd("CVE-2024-0001")?.description, "NVD's copy");
    assert.equal(v.cveRecord("CVE-2024-0001")?.assigner, "PureStorage");
    // A REJECTED record is stored as withdrawn, with no score.
    assert.equal(v.cveRecord("CVE-2024-1216")?.state, "REJECTED");
    assert.deepEqual(v.cvss("CVE-2024-1216"), []);
  } finally {
    v.close();
  }
});

test("import: an NVD page read after the CVE records keeps the CNA / ADP metrics, a newer CVE record replaces an older one", async () => {
  const feeds = join(tmp.dir, "feed6");
  const CNA = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H";
  const record = (updated: string, vector: string) =>
    JSON.stringify({
      dataType: "CVE_RECORD",
      dataVersion: "5.1",
      cveMetadata: { cveId: "CVE-2024-0001", assignerOrgId: "org", state: "PUBLISHED", dateUpdated: updated },
      containers: {
        cna: {
          providerMetadata: { orgId: "org", shortName: "PureStorage" },
          descriptions: [{ lang: "en", value: "x" }],
          metrics: [{ cvssV3_1: { vectorString: vector, baseScore: 10 } }],
        },
      },
    });
  mkdirSync(join(feeds, "a"), { recursive: true });
  mkdirSync(join(feeds, "b"), { recursive: true });
  mkdirSync(join(feeds, "c"), { recursive: true });
  writeFileSync(
    join(feeds, "a/CVE-2024-0001.json"),
    record("2024-09-01T00:00:00Z", "CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
  );
  writeFileSync(join(feeds, "b/CVE-2024-0001.json"), record("2024-10-01T00:00:00Z", CNA));
  writeFileSync(
    join(feeds, "c/page.json"),
    nvdPage("CVE-2024-0001", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", CNA, 10),
  );
  const db = join(tmp.dir, "db6", "vuln.db");
  await importFeeds([join(feeds, "a"), join(feeds, "b"), join(feeds, "c")], { db });
  const v = openVulnDb(db);
  try {
    const raw = v.cvss("CVE-2024-0001");
    assert.deepEqual(
      raw.map((m) => m.source),
      ["nvd@nist.gov", "psirt@purestorage.com"],
      "the newer record's CNA vector equals NVD's Secondary copy and is listed once",
    );
    assert.equal(v.cveRecord("CVE-2024-0001")?.updated, "2024-10-01T00:00:00Z");
  } finally {
    v.close();
  }
});
