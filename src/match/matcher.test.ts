import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Advisory, Affected } from "../model/advisory.js";
import type { Package } from "../model/package.js";
import { distroLookups, isDistroEcosystem } from "./distro.js";
import { type AdvisoryLookup, fixedVersionsAbove, matchPackages } from "./matcher.js";

// Real records, cut to the fields the matcher reads: DSA-5343-1 (openssl, bullseye, five CVEs), the
// Debian tracker's per-CVE records, PYSEC-2023-74 (requests, CVE-2023-32681), lodash NSWG-ECO-516,
// GO-2021-0113 (golang.org/x/text, CVE-2021-38561), PYSEC-2023-80 (Django, CVE-2023-31047).

function advisory(id: string, affected: Affected[], extra: Partial<Advisory> = {}): Advisory {
  return {
    id,
    modified: "2023-02-07T00:00:00Z",
    aliases: [],
    affected,
    references: [],
    feed: "test",
    ...extra,
  };
}

function debianFixed(release: string, name: string, fixed: string): Affected {
  return {
    package: { ecosystem: release, name },
    distroStatus: "fixed",
    ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed }] }],
  };
}

const DSA_5343_1 = advisory("DSA-5343-1", [debianFixed("Debian:11", "openssl", "1.1.1n-0+deb11u4")], {
  aliases: ["CVE-2022-2097", "CVE-2022-4304", "CVE-2022-4450", "CVE-2023-0215", "CVE-2023-0286"],
  feed: "debian-dsa",
});

/** libssl1.1 as dpkg reports it on bullseye: binary package, built from source package openssl. */
function libssl(version: string, release = "Debian:11", sourceVersion = version): Package {
  return {
    name: "libssl1.1",
    version,
    ecosystem: release,
    purl: `pkg:deb/debian/libssl1.1@${version}?arch=amd64`,
    source: { name: "openssl", version: sourceVersion },
    locations: ["var/lib/dpkg/status"],
    foundBy: "dpkg",
  };
}

function withoutSource(p: Package): Package {
  const { source: _, ...rest } = p;
  return rest;
}

function lang(ecosystem: string, name: string, version: string, foundBy = "lockfile"): Package {
  return { name, version, ecosystem, purl: `pkg:generic/${name}@${version}`, locations: ["lock"], foundBy };
}

/**
 * A lookup over a fixed list that returns every advisory naming the package in ANY ecosystem, so that
 * the tests see the matcher itself keep to the package's exact ecosystem and release.
 */
function lookup(advisories: Advisory[]): AdvisoryLookup {
  return {
    advisoriesFor: (_ecosystem, name) =>
      advisories.filter((a) =>
        a.affected.some(
          (x) => x.package.name === name || x.package.name.toLowerCase() === name.toLowerCase(),
        ),
      ),
  };
}

interface Case {
  name: string;
  pkg: Package;
  advisories: Advisory[];
  /** advisory id -> expected fixed versions, in the order matches come out; [] = no match at all. */
  expect: [string, string[]][];
  kind?: string;
}

function pypiRequests(): Advisory {
  return advisory(
    "PYSEC-2023-74",
    [
      {
        package: { ecosystem: "PyPI", name: "requests", purl: "pkg:pypi/requests" },
        ranges: [
          {
            type: "GIT",
            repo: "https://github.com/psf/requests",
            events: [{ introduced: "0" }, { fixed: "74ea7cf7a6a27a4eeb2ae24e162bcc942a6706d5" }],
          },
          { type: "ECOSYSTEM", events: [{ introduced: "2.3.0" }, { fixed: "2.31.0" }] },
        ],
        versions: ["2.3.0", "2.28.1", "2.28.2", "2.29.0", "2.30.0"],
      },
    ],
    { aliases: ["CVE-2023-32681", "GHSA-j8r2-6x86-q33q"], feed: "osv:PyPI" },
  );
}

const NSWG_ECO_516 = advisory(
  "NSWG-ECO-516",
  [
    {
      package: { ecosystem: "npm", name: "lodash" },
      ranges: [{ type: "SEMVER", events: [{ introduced: "4.17.15" }, { fixed: "4.17.19" }] }],
    },
  ],
  { feed: "nodejs-security-wg" },
);

const GO_2021_0113 = advisory(
  "GO-2021-0113",
  [
    {
      package: { ecosystem: "Go", name: "golang.org/x/text" },
      ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed: "0.3.7" }] }],
    },
  ],
  { aliases: ["CVE-2021-38561", "GHSA-ppp9-7jff-5vj2"], feed: "osv:Go" },
);

const DJANGO = advisory(
  "PYSEC-2023-80",
  [
    {
      package: { ecosystem: "PyPI", name: "django" },
      ranges: [
        {
          type: "ECOSYSTEM",
          events: [
            { introduced: "0" },
            { fixed: "3.2.19" },
            { introduced: "4.0" },
            { fixed: "4.1.9" },
            { introduced: "4.2" },
            { fixed: "4.2.1" },
          ],
        },
      ],
    },
  ],
  { aliases: ["CVE-2023-31047"], feed: "osv:PyPI" },
);

const cases: Case[] = [
  // Distro packages: source package, exact release, the distribution's own fix.
  {
    name: "a bullseye binary package matches the DSA of its source package, fix from the DSA",
    pkg: libssl("1.1.1n-0+deb11u3"),
    advisories: [DSA_5343_1],
    expect: [["DSA-5343-1", ["1.1.1n-0+deb11u4"]]],
    kind: "distro-source",
  },
  {
    name: "the backported fix (1.1.1n-0+deb11u4) is honoured: no match, though upstream fixed 1.1.1t",
    pkg: libssl("1.1.1n-0+deb11u4"),
    advisories: [
      DSA_5343_1,
      // An upstream record for the same name (not a Debian ecosystem): never consulted for distro packages.
      advisory("OSV-UPSTREAM-openssl", [
        {
          package: { ecosystem: "OSS-Fuzz", name: "openssl" },
          ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "1.1.1t" }] }],
        },
      ]),
    ],
    expect: [],
  },
  {
    name: "an upstream range alone never matches a distro package",
    pkg: libssl("1.1.1n-0+deb11u3"),
    advisories: [
      advisory("OSV-UPSTREAM-openssl", [
        {
          package: { ecosystem: "OSS-Fuzz", name: "openssl" },
          ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "1.1.1t" }] }],
        },
      ]),
    ],
    expect: [],
  },
  {
    name: "the exact release: a bookworm package does not match a bullseye-only DSA",
    pkg: libssl("1.1.1n-0+deb11u3", "Debian:12"),
    advisories: [DSA_5343_1],
    expect: [],
  },
  {
    name: "the source version is compared, not the binary's (a binNMU +b1 of an unfixed source still matches)",
    pkg: libssl("1.1.1n-0+deb11u3+b1", "Debian:11", "1.1.1n-0+deb11u3"),
    advisories: [DSA_5343_1],
    expect: [["DSA-5343-1", ["1.1.1n-0+deb11u4"]]],
  },
  {
    name: "a package with no source field is looked up by its own name",
    pkg: withoutSource({ ...libssl("1.1.1n-0+deb11u3"), name: "openssl" }),
    advisories: [DSA_5343_1],
    expect: [["DSA-5343-1", ["1.1.1n-0+deb11u4"]]],
    kind: "distro-binary",
  },
  {
    name: "an advisory naming both the source and the binary package matches once",
    pkg: libssl("1.1.1n-0+deb11u3"),
    advisories: [
      advisory("DSA-5343-1", [
        debianFixed("Debian:11", "openssl", "1.1.1n-0+deb11u4"),
        debianFixed("Debian:11", "libssl1.1", "1.1.1n-0+deb11u4"),
      ]),
    ],
    expect: [["DSA-5343-1", ["1.1.1n-0+deb11u4"]]],
  },
  {
    name: "not-affected never matches (tracker: resolved with fixed_version 0)",
    pkg: libssl("1.1.1n-0+deb11u3"),
    advisories: [
      advisory("DEBIAN-CVE-2022-3602", [
        { package: { ecosystem: "Debian:11", name: "openssl" }, distroStatus: "not-affected" },
      ]),
    ],
    expect: [],
  },
  {
    name: "not-affected never matches, even with a range that would include the version",
    pkg: libssl("1.1.1n-0+deb11u3"),
    advisories: [
      advisory("DEBIAN-CVE-2022-3602", [
        {
          package: { ecosystem: "Debian:11", name: "openssl" },
          distroStatus: "not-affected",
          ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }] }],
        },
      ]),
    ],
    expect: [],
  },
  {
    name: "unfixed (tracker: open) matches with no fix",
    pkg: libssl("1.1.1n-0+deb11u4"),
    advisories: [
      advisory("DEBIAN-CVE-2023-0464", [
        {
          package: { ecosystem: "Debian:11", name: "openssl" },
          distroStatus: "affected",
          ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }] }],
        },
      ]),
    ],
    expect: [["DEBIAN-CVE-2023-0464", []]],
  },
  {
    name: "will-not-fix (no-dsa) with no range matches with no fix",
    pkg: libssl("1.1.1n-0+deb11u4"),
    advisories: [
      advisory("DEBIAN-CVE-2023-0465", [
        { package: { ecosystem: "Debian:11", name: "openssl" }, distroStatus: "will-not-fix" },
      ]),
    ],
    expect: [["DEBIAN-CVE-2023-0465", []]],
  },
  {
    name: "end-of-life with no range matches with no fix",
    pkg: libssl("1.1.1n-0+deb11u4"),
    advisories: [
      advisory("DEBIAN-CVE-2023-0466", [
        { package: { ecosystem: "Debian:11", name: "openssl" }, distroStatus: "end-of-life" },
      ]),
    ],
    expect: [["DEBIAN-CVE-2023-0466", []]],
  },
  {
    name: "a withdrawn advisory is ignored",
    pkg: libssl("1.1.1n-0+deb11u3"),
    advisories: [{ ...DSA_5343_1, withdrawn: "2023-02-08T00:00:00Z" }],
    expect: [],
  },
  // Language packages: OSV ranges of the package's own ecosystem.
  {
    name: "PyPI: inside introduced..fixed matches; the GIT range's commit is not offered as a fix",
    pkg: lang("PyPI", "requests", "2.28.1"),
    advisories: [pypiRequests()],
    expect: [["PYSEC-2023-74", ["2.31.0"]]],
    kind: "ecosystem",
  },
  {
    name: "PyPI: the fixed version itself is not affected",
    pkg: lang("PyPI", "requests", "2.31.0"),
    advisories: [pypiRequests()],
    expect: [],
  },
  {
    name: "PyPI: below introduced is not affected",
    pkg: lang("PyPI", "requests", "2.2.1"),
    advisories: [pypiRequests()],
    expect: [],
  },
  {
    name: "PyPI: names compare under PEP 503 normalisation (Django vs django)",
    pkg: lang("PyPI", "Django", "4.1.7"),
    advisories: [DJANGO],
    expect: [["PYSEC-2023-80", ["4.1.9", "4.2.1"]]],
  },
  {
    name: "PyPI: several introduced/fixed pairs; a 3.2 version takes its own fix and the later lines' fixes",
    pkg: lang("PyPI", "django", "3.2.18"),
    advisories: [DJANGO],
    expect: [["PYSEC-2023-80", ["3.2.19", "4.1.9", "4.2.1"]]],
  },
  {
    name: "PyPI: a version in a gap between ranges (3.2.19 fixed, before 4.0) is not affected",
    pkg: lang("PyPI", "django", "3.2.19"),
    advisories: [DJANGO],
    expect: [],
  },
  {
    name: "npm: names are not normalised (Lodash is not lodash)",
    pkg: lang("npm", "Lodash", "4.17.15"),
    advisories: [NSWG_ECO_516],
    expect: [],
  },
  {
    name: "npm SEMVER range: 4.17.15 is affected, fixed 4.17.19 offered",
    pkg: lang("npm", "lodash", "4.17.15"),
    advisories: [NSWG_ECO_516],
    expect: [["NSWG-ECO-516", ["4.17.19"]]],
  },
  {
    name: "npm SEMVER range: 4.17.14 is below introduced",
    pkg: lang("npm", "lodash", "4.17.14"),
    advisories: [NSWG_ECO_516],
    expect: [],
  },
  {
    name: "the ecosystem must be the package's own: an npm advisory never matches a PyPI package of the same name",
    pkg: lang("PyPI", "lodash", "4.17.15"),
    advisories: [NSWG_ECO_516],
    expect: [],
  },
  {
    name: "Go SEMVER range with a v-prefixed module version",
    pkg: lang("Go", "golang.org/x/text", "v0.3.6", "go-module-binary"),
    advisories: [GO_2021_0113],
    expect: [["GO-2021-0113", ["0.3.7"]]],
  },
  {
    name: "Go SEMVER range: the fixed module version is not affected",
    pkg: lang("Go", "golang.org/x/text", "v0.3.7", "go-module-binary"),
    advisories: [GO_2021_0113],
    expect: [],
  },
  {
    name: "last_affected includes its own version and nothing above; no fix is offered",
    pkg: lang("npm", "lodash", "4.17.20"),
    advisories: [
      advisory("GHSA-35jh-r3h4-6jhm", [
        {
          package: { ecosystem: "npm", name: "lodash" },
          ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { last_affected: "4.17.20" }] }],
        },
      ]),
    ],
    expect: [["GHSA-35jh-r3h4-6jhm", []]],
  },
  {
    name: "last_affected: the next version is not affected",
    pkg: lang("npm", "lodash", "4.17.21"),
    advisories: [
      advisory("GHSA-35jh-r3h4-6jhm", [
        {
          package: { ecosystem: "npm", name: "lodash" },
          ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { last_affected: "4.17.20" }] }],
        },
      ]),
    ],
    expect: [],
  },
  {
    name: "a listed version matches with no range at all",
    pkg: lang("PyPI", "requests", "2.29.0"),
    advisories: [
      advisory("PYSEC-2023-74", [{ package: { ecosystem: "PyPI", name: "requests" }, versions: ["2.29.0"] }]),
    ],
    expect: [["PYSEC-2023-74", []]],
  },
  {
    name: "a language advisory with neither ranges, versions nor distro status matches nothing",
    pkg: lang("PyPI", "requests", "2.29.0"),
    advisories: [advisory("PYSEC-2023-74", [{ package: { ecosystem: "PyPI", name: "requests" } }])],
    expect: [],
  },
];

describe("matchPackages: distro and language paths", () => {
  for (const c of cases) {
    test(c.name, () => {
      const { matches, problems } = matchPackages([c.pkg], lookup(c.advisories));
      assert.deepEqual(problems, []);
      assert.deepEqual(
        matches.map((m) => [m.advisory.id, m.fixedVersions]),
        c.expect,
      );
      for (const m of matches) {
        assert.equal(m.package, c.pkg, "the match carries the package as found");
        if (c.kind) assert.equal(m.kind, c.kind);
        assert.equal(m.distroStatus, m.affected.distroStatus);
      }
    });
  }

  test("the matched distro status is carried on the match (unfixed)", () => {
    const [m] = matchPackages(
      [libssl("1.1.1n-0+deb11u4")],
      lookup([
        advisory("DEBIAN-CVE-2023-0464", [
          {
            package: { ecosystem: "Debian:11", name: "openssl" },
            distroStatus: "affected",
            ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }] }],
          },
        ]),
      ]),
    ).matches;
    assert.equal(m?.distroStatus, "affected");
  });

  test("a version the scheme cannot read is a problem naming package, version and advisory, not a throw", () => {
    const pkg = lang("npm", "lodash", "not-a-version");
    const { matches, problems } = matchPackages([pkg], lookup([NSWG_ECO_516]));
    assert.deepEqual(matches, []);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.by, "matcher");
    assert.equal(problems[0]!.path, "lock");
    assert.match(problems[0]!.message, /^lodash not-a-version against NSWG-ECO-516: /);
  });

  test("several packages: each gets its own matches, in package order", () => {
    const { matches } = matchPackages(
      [lang("npm", "lodash", "4.17.15"), libssl("1.1.1n-0+deb11u3"), lang("PyPI", "requests", "2.28.1")],
      lookup([NSWG_ECO_516, DSA_5343_1, pypiRequests()]),
    );
    assert.deepEqual(
      matches.map((m) => `${m.package.name}:${m.advisory.id}`),
      ["lodash:NSWG-ECO-516", "libssl1.1:DSA-5343-1", "requests:PYSEC-2023-74"],
    );
  });
});

describe("fixedVersionsAbove: remediation candidates", () => {
  const django = DJANGO.affected[0]!;
  const cases: [string, string, string, Affected, string[]][] = [
    ["only fixes above the installed version, lowest first", "PyPI", "4.1.7", django, ["4.1.9", "4.2.1"]],
    ["nothing above the newest fix", "PyPI", "4.2.1", django, []],
    [
      "ordered by the ecosystem's scheme, not as strings (4.9.0 before 4.10.0)",
      "npm",
      "4.8.0",
      {
        package: { ecosystem: "npm", name: "x" },
        ranges: [
          { type: "SEMVER", events: [{ introduced: "4.10.0-0" }, { fixed: "4.10.0" }] },
          { type: "SEMVER", events: [{ introduced: "0" }, { fixed: "4.9.0" }] },
        ],
      },
      ["4.9.0", "4.10.0"],
    ],
    [
      "dpkg order: a +deb11u revision is above the version it patches, an epoch above all",
      "Debian:11",
      "1.1.1n-0+deb11u3",
      {
        package: { ecosystem: "Debian:11", name: "openssl" },
        ranges: [
          { type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "1:1.0.0-1" }] },
          { type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "1.1.1n-0+deb11u4" }] },
        ],
      },
      ["1.1.1n-0+deb11u4", "1:1.0.0-1"],
    ],
    [
      "the same fix in two ranges is offered once",
      "npm",
      "4.17.15",
      {
        package: { ecosystem: "npm", name: "lodash" },
        ranges: [
          { type: "SEMVER", events: [{ introduced: "0" }, { fixed: "4.17.19" }] },
          { type: "ECOSYSTEM", events: [{ introduced: "4.17.15" }, { fixed: "4.17.19" }] },
        ],
      },
      ["4.17.19"],
    ],
    [
      "a fix the scheme cannot read is left out, not thrown",
      "npm",
      "4.17.15",
      {
        package: { ecosystem: "npm", name: "lodash" },
        ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "next release" }] }],
      },
      [],
    ],
  ];
  for (const [name, ecosystem, version, affected, expected] of cases) {
    test(name, () => assert.deepEqual(fixedVersionsAbove(ecosystem, version, affected), expected));
  }
});

describe("distro ecosystems and look-up keys", () => {
  const ecosystems: [string, boolean][] = [
    ["Debian:11", true],
    ["Debian", true],
    ["Ubuntu:22.04:LTS", true],
    ["Alpine:v3.20", true],
    ["Wolfi", true],
    ["Red Hat", true],
    ["AlmaLinux:9", true],
    ["npm", false],
    ["PyPI", false],
    ["Go", false],
    ["Node.js", false],
  ];
  for (const [eco, distro] of ecosystems) {
    test(`${eco} is ${distro ? "" : "not "}a distro ecosystem`, () =>
      assert.equal(isDistroEcosystem(eco), distro));
  }

  test("source package first (with its own version), then the binary name", () => {
    assert.deepEqual(distroLookups(libssl("1.1.1n-0+deb11u3+b1", "Debian:11", "1.1.1n-0+deb11u3")), [
      { name: "openssl", version: "1.1.1n-0+deb11u3", kind: "distro-source" },
      { name: "libssl1.1", version: "1.1.1n-0+deb11u3+b1", kind: "distro-binary" },
    ]);
  });

  test("a binary named like its source is looked up once", () => {
    const pkg = { ...libssl("1.1.1n-0+deb11u3"), name: "openssl" };
    assert.deepEqual(distroLookups(pkg), [
      { name: "openssl", version: "1.1.1n-0+deb11u3", kind: "distro-source" },
    ]);
  });

  test("a source with no version (dpkg omits it when equal) takes the binary's version", () => {
    const pkg = { ...libssl("1.1.1n-0+deb11u3"), source: { name: "openssl", version: "" } };
    assert.deepEqual(distroLookups(pkg)[0], {
      name: "openssl",
      version: "1.1.1n-0+deb11u3",
      kind: "distro-source",
    });
  });
});
