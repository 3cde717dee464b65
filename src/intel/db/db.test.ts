import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { openVulnDb } from "./reader.js";
import { advisory, buildFrom, tempDir } from "./test-support/build.js";

const tmp = tempDir();
after(tmp.cleanup);

describe("vulnerability database storage and look-ups", () => {
  const path = join(tmp.dir, "vuln.db");
  buildFrom(path, [
    advisory("PYSEC-2021-1", "osv:PyPI", [["PyPI", "Django_REST.framework", "3.1"]], {
      aliases: ["CVE-2021-1000", "GHSA-aaaa-bbbb-cccc"],
    }),
    advisory("GHSA-aaaa-bbbb-cccc", "osv:PyPI", [["PyPI", "djangorestframework", "3.1"]], {
      aliases: ["CVE-2021-1000"],
    }),
    // The Debian tracker yields one record per source package for the same CVE: they are merged.
    advisory("CVE-2022-0001", "debian-tracker", [["Debian:12", "openssl", "3.0.1-1"]], {
      references: [{ type: "WEB", url: "https://a" }],
    }),
    advisory("CVE-2022-0001", "debian-tracker", [["Debian:12", "openssl1.1", "1.1.1-2"]], {
      aliases: ["GHSA-x"],
      references: [
        { type: "WEB", url: "https://a" },
        { type: "WEB", url: "https://b" },
      ],
    }),
    // A DSA fixing two CVEs: the two CVEs are distinct vulnerabilities and stay in distinct groups.
    advisory("DSA-5000-1", "debian-dsa", [["Debian:12", "openssl", "3.0.2-1"]], {
      upstream: ["CVE-2022-0001", "CVE-2022-0002"],
    }),
    advisory("DLA-3000-1", "debian-dla", [["Debian:10", "curl", "7.1"]], { upstream: ["CVE-2022-0003"] }),
    // The DSA/DLA list reader states a DSA's CVEs as aliases: several CVEs are still distinct vulnerabilities.
    advisory("DLA-3001-1", "debian-dla", [["Debian:10", "curl", "7.2"]], {
      aliases: ["CVE-2022-0003", "CVE-2022-0004"],
    }),
    {
      kind: "nvd",
      record: {
        id: "CVE-2022-0001",
        published: "2022-01-01T00:00:00",
        lastModified: "2022-02-01T00:00:00",
        cvss: [
          {
            version: "3.1",
            vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
            baseScore: 9.8,
            source: "nvd@nist.gov",
            kind: "Primary",
          },
        ],
        cwes: ["CWE-787"],
        references: [],
      },
    },
    // An older copy of the same CVE (from an earlier NVD page) does not replace the newer one.
    {
      kind: "nvd",
      record: {
        id: "CVE-2022-0001",
        published: "2022-01-01T00:00:00",
        lastModified: "2022-01-15T00:00:00",
        cvss: [
          { version: "2.0", vector: "AV:N/AC:L/Au:N/C:P/I:P/A:P", baseScore: 7.5, source: "nvd@nist.gov" },
        ],
        cwes: [],
        references: [],
      },
    },
    {
      kind: "kev",
      entry: {
        cveId: "CVE-2022-0001",
        vendorProject: "OpenSSL",
        product: "OpenSSL",
        name: "x",
        dateAdded: "2022-03-01",
        dueDate: "2022-03-22",
        knownRansomwareCampaignUse: "Known",
      },
    },
    {
      kind: "epss",
      score: {
        cve: "CVE-2022-0001",
        epss: 0.97,
        percentile: 0.999,
        date: "2026-08-15",
        modelVersion: "v2026.06.15",
      },
    },
    { kind: "eol", cycle: { product: "debian", cycle: "12", codename: "Bookworm", eol: "2026-06-10" } },
    { kind: "eol", cycle: { product: "debian", cycle: "11", eol: true } },
    { kind: "skipped", feed: "osv:PyPI", record: "bad.json", reason: "no id" },
  ]);
  const db = openVulnDb(path);
  after(() => db.close());

  test("advisoriesFor finds a PyPI package under any PEP 503 spelling", () => {
    const ids = db.advisoriesFor("PyPI", "django-rest-framework").map((a) => a.id);
    assert.deepEqual(ids, ["PYSEC-2021-1"]);
    assert.deepEqual(
      db.advisoriesFor("PyPI", "DJANGO_rest.Framework").map((a) => a.id),
      ["PYSEC-2021-1"],
    );
    assert.deepEqual(db.advisoriesFor("PyPI", "nope"), []);
  });

  test("advisoriesFor matches the ecosystem release exactly (Debian:12 is not Debian:10)", () => {
    assert.deepEqual(
      db.advisoriesFor("Debian:12", "openssl").map((a) => a.id),
      ["CVE-2022-0001", "DSA-5000-1"],
    );
    assert.deepEqual(db.advisoriesFor("Debian:10", "openssl"), []);
  });

  test("records with the same id from one feed are merged: affected concatenated, aliases and references unioned", () => {
    const a = db.advisory("CVE-2022-0001");
    assert.ok(a);
    assert.deepEqual(
      a.affected.map((x) => x.package.name),
      ["openssl", "openssl1.1"],
    );
    assert.deepEqual(a.aliases, ["GHSA-x"]);
    assert.deepEqual(
      a.references.map((r) => r.url),
      ["https://a", "https://b"],
    );
    assert.equal(db.advisoryRecords("CVE-2022-0001").length, 1);
    // Both source packages lead to the merged record.
    assert.deepEqual(
      db.advisoriesFor("Debian:12", "openssl1.1").map((x) => x.id),
      ["CVE-2022-0001"],
    );
  });

  test("alias groups join aliases transitively, and a single upstream id", () => {
    assert.deepEqual(db.aliasGroup("CVE-2021-1000"), [
      "CVE-2021-1000",
      "GHSA-aaaa-bbbb-cccc",
      "PYSEC-2021-1",
    ]);
    assert.deepEqual(db.aliasGroup("PYSEC-2021-1"), db.aliasGroup("GHSA-aaaa-bbbb-cccc"));
    assert.deepEqual(db.aliasGroup("DLA-3000-1"), ["CVE-2022-0003", "DLA-3000-1"]);
  });

  test("a record with several upstream CVEs does not merge those CVEs into one group", () => {
    assert.deepEqual(db.aliasGroup("CVE-2022-0001"), ["CVE-2022-0001", "GHSA-x"]);
    assert.deepEqual(db.aliasGroup("DSA-5000-1"), ["DSA-5000-1"]);
    assert.deepEqual(db.aliasGroup("CVE-2022-0004"), ["CVE-2022-0004"]);
    assert.deepEqual(db.aliasGroup("DLA-3001-1"), ["DLA-3001-1"]);
  });

  test("bundlesOf finds the advisories that bundle a CVE or one of its aliases", () => {
    assert.deepEqual(db.bundlesOf("CVE-2022-0002"), ["DSA-5000-1"]);
    assert.deepEqual(db.bundlesOf("CVE-2022-0001"), ["DSA-5000-1"]);
    assert.deepEqual(db.bundlesOf("GHSA-x"), ["DSA-5000-1"]);
    // CVE-2022-0003's group holds DLA-3000-1; DLA-3001-1 bundles it with CVE-2022-0004.
    assert.deepEqual(db.bundlesOf("DLA-3000-1"), ["DLA-3001-1"]);
    assert.deepEqual(db.bundlesOf("CVE-2021-1000"), []);
    assert.deepEqual(db.aliasGroup("CVE-1999-9999"), []);
  });

  test("NVD keeps the newest copy of a CVE with its CVSS metrics; KEV, EPSS and EOL by key", () => {
    assert.deepEqual(db.cvss("CVE-2022-0001"), [
      {
        version: "3.1",
        vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        baseScore: 9.8,
        source: "nvd@nist.gov",
        kind: "Primary",
      },
    ]);
    assert.equal(db.nvd("CVE-2022-0001")?.lastModified, "2022-02-01T00:00:00");
    assert.deepEqual(db.nvd("CVE-2022-0001")?.cwes, ["CWE-787"]);
    assert.equal(db.kev("CVE-2022-0001")?.knownRansomwareCampaignUse, "Known");
    assert.equal(db.kev("CVE-2022-0002"), undefined);
    assert.deepEqual(db.epss("CVE-2022-0001"), {
      cve: "CVE-2022-0001",
      epss: 0.97,
      percentile: 0.999,
      date: "2026-08-15",
      modelVersion: "v2026.06.15",
    });
    assert.deepEqual(
      db.eol("debian").map((c) => [c.cycle, c.eol]),
      [
        ["11", true],
        ["12", "2026-06-10"],
      ],
    );
  });

  test("status reports schema version, build time and counts", () => {
    const s = db.status();
    assert.equal(s.schemaVersion, 2);
    assert.equal(s.builtAt, "2026-11-26T00:00:00.000Z");
    assert.equal(s.advisories, 6);
    assert.equal(s.packageKeys, 5);
  });
});

describe("opening a database", () => {
  test("a missing file says how to build one", () => {
    assert.throws(
      () => openVulnDb(join(tmp.dir, "none.db")),
      /no vulnerability database at .*vigil db update/,
    );
  });

  test("a file that is not a Vigil database is refused with the path", async () => {
    const p = join(tmp.dir, "junk.db");
    (await import("node:fs")).writeFileSync(p, "not sqlite at all, definitely not");
    assert.throws(() => openVulnDb(p), /junk\.db is not a Vigil vulnerability database/);
  });
});
