import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { EolCycle } from "../model/intel.js";
import type { Inventory, OsRelease, Runtime } from "../model/inventory.js";
import { cycleFor, eolFindings } from "./eol.js";

// Cycles as endoflife.date publishes them (feeds snapshot of 2026-08-22).
const CYCLES: Record<string, EolCycle[]> = {
  debian: [
    { product: "debian", cycle: "12", eol: "2026-07-11", extendedSupport: "2028-06-30", latest: "12.15" },
    { product: "debian", cycle: "11", eol: "2024-08-14", extendedSupport: "2026-08-31", latest: "11.11" },
    { product: "debian", cycle: "10", eol: "2022-09-10", extendedSupport: "2024-06-30", latest: "10.13" },
  ],
  "alpine-linux": [
    { product: "alpine-linux", cycle: "3.20", eol: "2026-04-01", latest: "3.20.7" },
    { product: "alpine-linux", cycle: "3.2", eol: "2017-05-01", latest: "3.2.3" },
  ],
  nodejs: [
    { product: "nodejs", cycle: "16", eol: "2023-09-11", extendedSupport: false, latest: "16.20.2" },
    { product: "nodejs", cycle: "20", eol: "2026-04-30", latest: "20.20.2" },
    { product: "nodejs", cycle: "22", eol: "2027-04-30", latest: "22.18.0" },
  ],
  python: [{ product: "python", cycle: "2.7", eol: true, latest: "2.7.18" }],
};

function inv(os?: OsRelease, runtimes: Runtime[] = []): Inventory {
  return {
    target: { kind: "directory", ref: "app" },
    ...(os ? { os } : {}),
    packages: [],
    runtimes,
    problems: [],
    createdAt: "2026-11-26T00:00:00Z",
  };
}

const BULLSEYE: OsRelease = {
  id: "debian",
  versionId: "11",
  prettyName: "Debian GNU/Linux 11 (bullseye)",
  ecosystem: "Debian:11",
};
const eol = (product: string) => CYCLES[product] ?? [];

describe("cycleFor: the release cycle of a version", () => {
  const cases: [string, EolCycle[], string, string | undefined][] = [
    ["Debian 12.4 is in cycle 12", CYCLES["debian"]!, "12.4", "12"],
    ["a bare major is its own cycle", CYCLES["debian"]!, "11", "11"],
    [
      "Alpine 3.20.1 is 3.20, not 3.2 (longest prefix at a dot boundary)",
      CYCLES["alpine-linux"]!,
      "3.20.1",
      "3.20",
    ],
    ["Alpine 3.2.3 is 3.2", CYCLES["alpine-linux"]!, "3.2.3", "3.2"],
    ["Node.js 20.20.2 is 20", CYCLES["nodejs"]!, "20.20.2", "20"],
    [
      "no dot boundary, no cycle: 1 is not a prefix of 12",
      [{ product: "debian", cycle: "1", eol: true }],
      "12.4",
      undefined,
    ],
    ["an unknown release has no cycle", CYCLES["debian"]!, "13", undefined],
  ];
  for (const [name, cycles, version, expected] of cases) {
    test(name, () => assert.equal(cycleFor(cycles, version)?.cycle, expected));
  }
});

describe("eolFindings: OS releases and runtimes past end of life", () => {
  const cases: {
    name: string;
    inventory: Inventory;
    today: string;
    expect: { id: string; severity: string; title: string; remediation: string }[];
  }[] = [
    {
      name: "Debian 11 past regular and LTS support (2026-11-26): HIGH",
      inventory: inv(BULLSEYE),
      today: "2026-11-26",
      expect: [
        {
          id: "EOL-debian-11",
          severity: "HIGH",
          title: "Debian GNU/Linux 11 (bullseye) reached end of life on 2024-08-14",
          remediation: "Move to a supported debian release (the 11 line ended at 11.11)",
        },
      ],
    },
    {
      name: "Debian 11 inside LTS (2025-01-01): MEDIUM, fixes still come",
      inventory: inv(BULLSEYE),
      today: "2025-01-01",
      expect: [
        {
          id: "EOL-debian-11",
          severity: "MEDIUM",
          title: "Debian GNU/Linux 11 (bullseye) reached end of life on 2024-08-14",
          remediation: "Move to a supported debian release (the 11 line ended at 11.11)",
        },
      ],
    },
    {
      name: "the end-of-life day itself counts as ended",
      inventory: inv(BULLSEYE),
      today: "2024-08-14",
      expect: [
        {
          id: "EOL-debian-11",
          severity: "MEDIUM",
          title: "Debian GNU/Linux 11 (bullseye) reached end of life on 2024-08-14",
          remediation: "Move to a supported debian release (the 11 line ended at 11.11)",
        },
      ],
    },
    {
      name: "Debian 11 before its end of life: nothing",
      inventory: inv(BULLSEYE),
      today: "2024-08-13",
      expect: [],
    },
    {
      name: "an OS without a pretty name is named by id and version",
      inventory: inv({ id: "alpine", versionId: "3.20.1" }),
      today: "2026-11-26",
      expect: [
        {
          id: "EOL-alpine-linux-3.20",
          severity: "HIGH",
          title: "alpine 3.20.1 reached end of life on 2026-04-01",
          remediation: "Move to a supported alpine-linux release (the 3.20 line ended at 3.20.7)",
        },
      ],
    },
    {
      name: "an OS endoflife.date does not track (fedora) or without a version id: nothing",
      inventory: inv({ id: "fedora", versionId: "38" }),
      today: "2026-11-26",
      expect: [],
    },
    {
      name: "Debian testing (no VERSION_ID): nothing",
      inventory: inv({ id: "debian" }),
      today: "2026-11-26",
      expect: [],
    },
    {
      name: "runtimes: Node.js 16 ended with no extended support (HIGH); Node.js 22 still supported",
      inventory: inv(undefined, [
        { product: "nodejs", version: "16.20.2", location: "usr/local/bin/node" },
        { product: "nodejs", version: "22.18.0", location: "opt/node22/bin/node" },
      ]),
      today: "2026-11-26",
      expect: [
        {
          id: "EOL-nodejs-16",
          severity: "HIGH",
          title: "nodejs 16 (16.20.2) reached end of life on 2023-09-11",
          remediation: "Move to a supported nodejs release (the 16 line ended at 16.20.2)",
        },
      ],
    },
    {
      name: "an end of life known only as true has an unknown date",
      inventory: inv(undefined, [{ product: "python", version: "2.7.18", location: "usr/bin/python2.7" }]),
      today: "2026-11-26",
      expect: [
        {
          id: "EOL-python-2.7",
          severity: "HIGH",
          title: "python 2.7 (2.7.18) reached end of life on an unknown date",
          remediation: "Move to a supported python release (the 2.7 line ended at 2.7.18)",
        },
      ],
    },
    {
      name: "OS and runtimes together: one finding each, OS first",
      inventory: inv(BULLSEYE, [{ product: "nodejs", version: "16.20.2", location: "usr/local/bin/node" }]),
      today: "2026-11-26",
      expect: [
        {
          id: "EOL-debian-11",
          severity: "HIGH",
          title: "Debian GNU/Linux 11 (bullseye) reached end of life on 2024-08-14",
          remediation: "Move to a supported debian release (the 11 line ended at 11.11)",
        },
        {
          id: "EOL-nodejs-16",
          severity: "HIGH",
          title: "nodejs 16 (16.20.2) reached end of life on 2023-09-11",
          remediation: "Move to a supported nodejs release (the 16 line ended at 16.20.2)",
        },
      ],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const fs = eolFindings(c.inventory, eol, "app", c.today);
      assert.deepEqual(
        fs.map((f) => ({
          id: f.vulnerabilityId,
          severity: f.severity,
          title: f.title,
          remediation: f.remediation,
        })),
        c.expect,
      );
      for (const f of fs) {
        assert.equal(f.type, "END_OF_LIFE");
        assert.equal(f.fixAvailable, "NO");
        assert.equal(f.risk.severity, f.severity);
        assert.equal(f.references[0]?.url, `https://endoflife.date/${f.eol?.product}`);
      }
    });
  }

  test("risk: 7.0 past every support, 5.0 inside extended support, with the dates in the breakdown", () => {
    const [high] = eolFindings(inv(BULLSEYE), eol, "app", "2026-11-26");
    const [medium] = eolFindings(inv(BULLSEYE), eol, "app", "2025-01-01");
    assert.equal(high?.risk.score, 7.0);
    assert.equal(
      high?.risk.breakdown[0]?.description,
      "security support ended 2024-08-14: no fixes will be published",
    );
    assert.equal(medium?.risk.score, 5.0);
    assert.equal(
      medium?.risk.breakdown[0]?.description,
      "regular security support ended 2024-08-14; extended support until 2026-08-31",
    );
    assert.deepEqual(high?.eol, { product: "debian", cycle: "11", date: "2024-08-14" });
  });

  test("the finding id is stable per scope and release, and differs between scopes", () => {
    const a = eolFindings(inv(BULLSEYE), eol, "app", "2026-11-26")[0]!.id;
    assert.equal(
      eolFindings(inv(BULLSEYE), eol, "app", "2025-01-01")[0]!.id,
      a,
      "the day does not change it",
    );
    assert.notEqual(eolFindings(inv(BULLSEYE), eol, "other", "2026-11-26")[0]!.id, a);
  });
});
