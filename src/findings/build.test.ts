import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Advisory, Affected, DistroStatus } from "../model/advisory.js";
import type { Finding } from "../model/finding.js";
import type { CvssMetric, EpssScore, KevEntry } from "../model/intel.js";
import type { Match } from "../model/match.js";
import type { Package } from "../model/package.js";
import { buildFindings, type Enrichment, findingId, groupMatches, primaryId } from "./build.js";

// Real ids and versions: DSA-5343-1 (openssl, five CVEs), DSA-5342-1 (xorg-server, one CVE), the Debian
// tracker's DEBIAN-CVE-* records, PYSEC-2023-74 / GHSA-j8r2-6x86-q33q (requests, CVE-2023-32681),
// PYSEC-2023-80 (Django, CVE-2023-31047), lodash NSWG-ECO-516 (no CVE).

function advisory(id: string, aliases: string[], extra: Partial<Advisory> = {}): Advisory {
  return {
    id,
    modified: "2023-02-07T00:00:00Z",
    aliases,
    affected: [],
    references: [],
    feed: "test",
    ...extra,
  };
}

function pkg(ecosystem: string, name: string, version: string, location = "lock"): Package {
  return {
    name,
    version,
    ecosystem,
    purl: `pkg:generic/${name}@${version}`,
    locations: [location],
    foundBy: "test",
  };
}

const LIBSSL: Package = {
  ...pkg("Debian:11", "libssl1.1", "1.1.1n-0+deb11u3", "var/lib/dpkg/status"),
  source: { name: "openssl", version: "1.1.1n-0+deb11u3" },
};
const XSERVER = pkg("Debian:11", "xserver-common", "2:1.20.11-1+deb11u4", "var/lib/dpkg/status");
const REQUESTS = pkg("PyPI", "requests", "2.28.1", "requirements.txt");
const DJANGO = pkg("PyPI", "django", "4.1.7", "requirements.txt");
const LODASH = pkg("npm", "lodash", "4.17.15", "package-lock.json");

function match(p: Package, a: Advisory, fixedVersions: string[], distroStatus?: DistroStatus): Match {
  const affected: Affected = { package: { ecosystem: p.ecosystem, name: p.source?.name ?? p.name } };
  if (distroStatus) affected.distroStatus = distroStatus;
  const m: Match = { package: p, advisory: a, affected, kind: "ecosystem", fixedVersions };
  if (distroStatus) m.distroStatus = distroStatus;
  return m;
}

const OPENSSL_CVES = ["CVE-2022-2097", "CVE-2022-4304", "CVE-2022-4450", "CVE-2023-0215", "CVE-2023-0286"];
const DSA_5343_1 = advisory("DSA-5343-1", OPENSSL_CVES, { summary: "openssl - security update" });
const DSA_5342_1 = advisory("DSA-5342-1", ["CVE-2023-0494"], { summary: "xorg-server - security update" });
const tracker = (cve: string, details?: string) =>
  advisory(`DEBIAN-${cve}`, [cve], { upstream: [cve], ...(details ? { details } : {}) });
const PYSEC_2023_74 = advisory("PYSEC-2023-74", ["CVE-2023-32681", "GHSA-j8r2-6x86-q33q"]);
const GHSA_J8R2 = advisory("GHSA-j8r2-6x86-q33q", ["CVE-2023-32681"], {
  summary: "Unintended leak of Proxy-Authorization header in requests",
});
const NSWG_ECO_516 = advisory("NSWG-ECO-516", [], { summary: "Prototype pollution attack (lodash)" });

/** An enrichment over in-memory maps, shaped like the database's (real NVD vectors). */
function enrichment(
  data: { cvss?: Record<string, CvssMetric[]>; kev?: KevEntry[]; epss?: EpssScore[] } = {},
): Enrichment & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    cvss: (c) => {
      asked.push(c);
      return data.cvss?.[c] ?? [];
    },
    kev: (c) => data.kev?.find((k) => k.cveId === c),
    epss: (c) => data.epss?.find((e) => e.cve === c),
  };
}

function nvd(vector: string, baseScore: number): CvssMetric[] {
  return [{ version: "3.1", vector, baseScore, source: "nvd@nist.gov", kind: "Primary" }];
}

const summary = (fs: Finding[]) =>
  fs
    .map((f) => ({
      id: f.vulnerabilityId,
      pkg: f.package?.name,
      aliases: f.aliases,
      fixed: f.fixedVersions,
      fix: f.fixAvailable,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

describe("groupMatches and buildFindings: one finding per vulnerability per package", () => {
  const cases: {
    name: string;
    matches: Match[];
    expect: { id: string; pkg: string; aliases: string[]; fixed: string[]; fix: string }[];
  }[] = [
    {
      name: "a DSA bundling five CVEs is split: one finding per CVE, each naming the DSA",
      matches: [match(LIBSSL, DSA_5343_1, ["1.1.1n-0+deb11u4"], "fixed")],
      expect: OPENSSL_CVES.map((c) => ({
        id: c,
        pkg: "libssl1.1",
        aliases: ["DSA-5343-1"],
        fixed: ["1.1.1n-0+deb11u4"],
        fix: "YES",
      })),
    },
    {
      name: "the split DSA merges each CVE with its tracker record; unrelated CVEs are not fused",
      matches: [
        match(LIBSSL, DSA_5343_1, ["1.1.1n-0+deb11u4"], "fixed"),
        match(LIBSSL, tracker("CVE-2023-0286"), ["1.1.1n-0+deb11u4"], "fixed"),
        match(LIBSSL, tracker("CVE-2022-4450"), ["1.1.1n-0+deb11u4"], "fixed"),
      ],
      expect: OPENSSL_CVES.map((c) => ({
        id: c,
        pkg: "libssl1.1",
        aliases:
          c === "CVE-2023-0286" || c === "CVE-2022-4450" ? [`DEBIAN-${c}`, "DSA-5343-1"] : ["DSA-5343-1"],
        fixed: ["1.1.1n-0+deb11u4"],
        fix: "YES",
      })),
    },
    {
      name: "a DSA with one CVE is no bundle: it merges with the tracker record into one finding",
      matches: [
        match(XSERVER, DSA_5342_1, ["2:1.20.11-1+deb11u5"], "fixed"),
        match(XSERVER, tracker("CVE-2023-0494"), ["2:1.20.11-1+deb11u5"], "fixed"),
      ],
      expect: [
        {
          id: "CVE-2023-0494",
          pkg: "xserver-common",
          aliases: ["DEBIAN-CVE-2023-0494", "DSA-5342-1"],
          fixed: ["2:1.20.11-1+deb11u5"],
          fix: "YES",
        },
      ],
    },
    {
      name: "CVE ↔ GHSA ↔ PYSEC aliases merge into one finding shown under the CVE",
      matches: [match(REQUESTS, PYSEC_2023_74, ["2.31.0"]), match(REQUESTS, GHSA_J8R2, ["2.31.0"])],
      expect: [
        {
          id: "CVE-2023-32681",
          pkg: "requests",
          aliases: ["GHSA-j8r2-6x86-q33q", "PYSEC-2023-74"],
          fixed: ["2.31.0"],
          fix: "YES",
        },
      ],
    },
    {
      name: "aliases merge transitively (A names C, B names C: one finding)",
      matches: [
        match(REQUESTS, advisory("PYSEC-2023-74", ["GHSA-j8r2-6x86-q33q"]), ["2.31.0"]),
        match(REQUESTS, advisory("CVE-2023-32681", ["GHSA-j8r2-6x86-q33q"]), ["2.31.0"]),
      ],
      expect: [
        {
          id: "CVE-2023-32681",
          pkg: "requests",
          aliases: ["GHSA-j8r2-6x86-q33q", "PYSEC-2023-74"],
          fixed: ["2.31.0"],
          fix: "YES",
        },
      ],
    },
    {
      name: "the lowest fix across merged advisories comes first, in the ecosystem's order",
      matches: [
        match(DJANGO, advisory("PYSEC-2023-80", ["CVE-2023-31047"]), ["4.2.1", "4.10.0"]),
        match(DJANGO, advisory("GHSA-r3xc-prgr-mg9p", ["CVE-2023-31047"]), ["4.1.9", "4.2.1"]),
      ],
      expect: [
        {
          id: "CVE-2023-31047",
          pkg: "django",
          aliases: ["GHSA-r3xc-prgr-mg9p", "PYSEC-2023-80"],
          fixed: ["4.1.9", "4.2.1", "4.10.0"],
          fix: "YES",
        },
      ],
    },
    {
      name: "a fix from one advisory but not the other is a PARTIAL fix",
      matches: [
        match(LIBSSL, tracker("CVE-2023-0286"), [], "affected"),
        match(LIBSSL, advisory("DLA-3325-1", ["CVE-2023-0286"]), ["1.1.1n-0+deb11u4"], "fixed"),
      ],
      expect: [
        {
          id: "CVE-2023-0286",
          pkg: "libssl1.1",
          aliases: ["DEBIAN-CVE-2023-0286", "DLA-3325-1"],
          fixed: ["1.1.1n-0+deb11u4"],
          fix: "PARTIAL",
        },
      ],
    },
    {
      name: "no CVE: shown under the GHSA rather than the PYSEC id",
      matches: [match(REQUESTS, advisory("PYSEC-2014-13", ["GHSA-652x-xj99-gmcc"]), ["2.3.0"])],
      expect: [
        {
          id: "GHSA-652x-xj99-gmcc",
          pkg: "requests",
          aliases: ["PYSEC-2014-13"],
          fixed: ["2.3.0"],
          fix: "YES",
        },
      ],
    },
    {
      name: "no alias at all: shown under its own id",
      matches: [match(LODASH, NSWG_ECO_516, ["4.17.19"])],
      expect: [{ id: "NSWG-ECO-516", pkg: "lodash", aliases: [], fixed: ["4.17.19"], fix: "YES" }],
    },
    {
      name: "the same CVE in two packages is two findings",
      matches: [
        match(LIBSSL, tracker("CVE-2023-0286"), ["1.1.1n-0+deb11u4"], "fixed"),
        match(
          { ...LIBSSL, name: "openssl", purl: "pkg:deb/debian/openssl@1.1.1n-0+deb11u3" },
          tracker("CVE-2023-0286"),
          ["1.1.1n-0+deb11u4"],
          "fixed",
        ),
      ],
      expect: [
        {
          id: "CVE-2023-0286",
          pkg: "libssl1.1",
          aliases: ["DEBIAN-CVE-2023-0286"],
          fixed: ["1.1.1n-0+deb11u4"],
          fix: "YES",
        },
        {
          id: "CVE-2023-0286",
          pkg: "openssl",
          aliases: ["DEBIAN-CVE-2023-0286"],
          fixed: ["1.1.1n-0+deb11u4"],
          fix: "YES",
        },
      ],
    },
    {
      name: "the same package at two locations is two findings",
      matches: [
        match(LODASH, NSWG_ECO_516, ["4.17.19"]),
        match({ ...LODASH, locations: ["web/package-lock.json"] }, NSWG_ECO_516, ["4.17.19"]),
      ],
      expect: [
        { id: "NSWG-ECO-516", pkg: "lodash", aliases: [], fixed: ["4.17.19"], fix: "YES" },
        { id: "NSWG-ECO-516", pkg: "lodash", aliases: [], fixed: ["4.17.19"], fix: "YES" },
      ],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const findings = buildFindings(c.matches, enrichment(), { scope: "app" });
      assert.deepEqual(summary(findings), c.expect);
      assert.equal(groupMatches(c.matches).length, c.expect.length);
      assert.equal(new Set(findings.map((f) => f.id)).size, findings.length, "finding ids are unique");
    });
  }

  test("a split bundle keeps its match in every CVE group (its fix and references apply to each)", () => {
    const groups = groupMatches([match(LIBSSL, DSA_5343_1, ["1.1.1n-0+deb11u4"], "fixed")]);
    assert.equal(groups.length, 5);
    for (const g of groups) assert.equal(g.matches[0]!.advisory.id, "DSA-5343-1");
  });
});

describe("buildFindings: remediation, severity and enrichment", () => {
  const remediation: [string, Match, string, string][] = [
    [
      "a fix: upgrade to the lowest fixed version",
      match(LODASH, NSWG_ECO_516, ["4.17.19", "4.17.21"]),
      "Upgrade lodash to 4.17.19 or later",
      "YES",
    ],
    [
      "unfixed in the distribution: no fixed version yet",
      match(LIBSSL, tracker("CVE-2023-0464"), [], "affected"),
      "No fixed version of libssl1.1 is available yet",
      "NO",
    ],
    [
      "will-not-fix: the distribution will not fix it in this release",
      match(LIBSSL, tracker("CVE-2023-0465"), [], "will-not-fix"),
      "No fix: the distribution will not fix CVE-2023-0465 in this release",
      "NO",
    ],
    [
      "end-of-life: the package is no longer supported in this release",
      match(LIBSSL, tracker("CVE-2023-0466"), [], "end-of-life"),
      "No fix: libssl1.1 is no longer supported in this release",
      "NO",
    ],
  ];
  for (const [name, m, text, fix] of remediation) {
    test(name, () => {
      const [f] = buildFindings([m], enrichment(), { scope: "app" });
      assert.equal(f?.remediation, text);
      assert.equal(f?.fixAvailable, fix);
    });
  }

  test("CVSS, KEV and EPSS come from the enrichment by CVE; severity from the CVSS base score", () => {
    const e = enrichment({
      cvss: { "CVE-2023-0286": nvd("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:H", 7.4) },
      kev: [
        {
          cveId: "CVE-2023-0286",
          vendorProject: "OpenSSL",
          product: "OpenSSL",
          name: "OpenSSL X.400 type confusion",
          dateAdded: "2023-03-01",
          dueDate: "2023-03-22",
          knownRansomwareCampaignUse: "Unknown",
        },
      ],
      epss: [{ cve: "CVE-2023-0286", epss: 0.0123, percentile: 0.85, date: "2026-08-15" }],
    });
    const [f] = buildFindings([match(LIBSSL, tracker("CVE-2023-0286"), ["1.1.1n-0+deb11u4"], "fixed")], e, {
      scope: "app",
    });
    assert.equal(f?.severity, "HIGH");
    assert.equal(f?.cvss[0]?.vector, "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:H");
    assert.deepEqual(f?.kev, {
      dateAdded: "2023-03-01",
      dueDate: "2023-03-22",
      knownRansomwareCampaignUse: "Unknown",
    });
    assert.deepEqual(f?.epss, { score: 0.0123, percentile: 0.85, date: "2026-08-15" });
    assert.deepEqual(
      f?.risk.breakdown.map((b) => b.factor),
      ["base", "kev"],
      "KEV, not EPSS, sets the exploit maturity when both are known",
    );
  });

  test("every CVE of a split bundle is enriched once per build, however many packages share it", () => {
    const e = enrichment();
    buildFindings(
      [
        match(LIBSSL, DSA_5343_1, ["1.1.1n-0+deb11u4"], "fixed"),
        match({ ...LIBSSL, name: "openssl" }, DSA_5343_1, ["1.1.1n-0+deb11u4"], "fixed"),
      ],
      e,
      { scope: "app" },
    );
    assert.deepEqual([...e.asked].sort(), OPENSSL_CVES);
  });

  test("no CVSS: the distro urgency (high**) gives the severity", () => {
    const m = match(LIBSSL, tracker("CVE-2023-0286"), ["1.1.1n-0+deb11u4"], "fixed");
    m.affected.distroUrgency = "high**";
    const [f] = buildFindings([m], enrichment(), { scope: "app" });
    assert.equal(f?.severity, "HIGH");
  });

  test("nothing to score by: UNTRIAGED with risk 0", () => {
    const [f] = buildFindings([match(LODASH, NSWG_ECO_516, ["4.17.19"])], enrichment(), { scope: "app" });
    assert.equal(f?.severity, "UNTRIAGED");
    assert.equal(f?.risk.score, 0);
  });

  test("the advisory's own CVSS vector counts when the database has none for the id", () => {
    const a = advisory("NSWG-ECO-516", [], {
      severity: [{ type: "CVSS_V3", score: "CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:U/C:L/I:L/A:L" }],
    });
    const [f] = buildFindings([match(LODASH, a, ["4.17.19"])], enrichment(), { scope: "app" });
    assert.equal(f?.cvss[0]?.vector, "CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:U/C:L/I:L/A:L");
    assert.equal(f?.severity, "MEDIUM");
  });

  const titles: [string, Advisory[], string][] = [
    ["the summary of a merged advisory", [tracker("CVE-2023-32681"), GHSA_J8R2], GHSA_J8R2.summary!],
    [
      "else the first line of the details",
      [
        tracker(
          "CVE-2023-0286",
          "\nThere is a type confusion vulnerability relating to X.400 address processing.\nMore.",
        ),
      ],
      "There is a type confusion vulnerability relating to X.400 address processing.",
    ],
    ["else the id and the package", [tracker("CVE-2023-0286")], "CVE-2023-0286 in libssl1.1"],
  ];
  for (const [name, advisories, title] of titles) {
    test(`title: ${name}`, () => {
      const [f] = buildFindings(
        advisories.map((a) => match(LIBSSL, a, [], "affected")),
        enrichment(),
        { scope: "app" },
      );
      assert.equal(f?.title, title);
    });
  }

  test("findings come riskiest first, then by id", () => {
    const e = enrichment({
      cvss: {
        "CVE-2022-4450": nvd("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5),
        "CVE-2023-0286": nvd("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:H", 7.4),
      },
    });
    const fs = buildFindings([match(LIBSSL, DSA_5343_1, ["1.1.1n-0+deb11u4"], "fixed")], e, { scope: "app" });
    assert.deepEqual(
      fs.map((f) => f.vulnerabilityId),
      ["CVE-2022-4450", "CVE-2023-0286", "CVE-2022-2097", "CVE-2022-4304", "CVE-2023-0215"],
    );
  });
});

describe("finding identity", () => {
  test("an id depends on scope, vulnerability and package identity (ecosystem, name, first location)", () => {
    const base = findingId("app", "CVE-2023-32681", REQUESTS);
    assert.match(base, /^[0-9a-f]{32}$/);
    assert.notEqual(findingId("other", "CVE-2023-32681", REQUESTS), base);
    assert.notEqual(findingId("app", "CVE-2018-18074", REQUESTS), base);
    assert.notEqual(
      findingId("app", "CVE-2023-32681", { ...REQUESTS, locations: ["b/requirements.txt"] }),
      base,
    );
  });

  test("an upgrade that leaves the vulnerability keeps the finding's id (the version is not part of it)", () => {
    assert.equal(
      findingId("app", "CVE-2023-32681", { ...REQUESTS, version: "2.30.0" }),
      findingId("app", "CVE-2023-32681", REQUESTS),
    );
  });

  const primaries: [string, string[], string][] = [
    [
      "the CVE when there is one",
      ["PYSEC-2023-74", "GHSA-j8r2-6x86-q33q", "CVE-2023-32681"],
      "CVE-2023-32681",
    ],
    [
      "the first CVE in order when there are several",
      ["DSA-5343-1", "CVE-2023-0286", "CVE-2022-2097"],
      "CVE-2022-2097",
    ],
    ["a GHSA before other ids", ["PYSEC-2014-13", "GHSA-652x-xj99-gmcc"], "GHSA-652x-xj99-gmcc"],
    ["else the first id in order", ["NSWG-ECO-516"], "NSWG-ECO-516"],
  ];
  for (const [name, ids, expected] of primaries) {
    test(`primaryId: ${name}`, () => assert.equal(primaryId(ids), expected));
  }
});
