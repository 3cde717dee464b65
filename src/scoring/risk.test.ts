import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { CvssMetric } from "../model/intel.js";
import { cvssMetric, cvssVersionOf, scoreVector, stripNonBase } from "./cvss.js";
import { primaryCvss, riskScore } from "./risk.js";
import { severityFromLabel, severityOf } from "./severity.js";

const CRIT = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"; // 9.8
const nvd = (vector: string): CvssMetric => cvssMetric(vector, "nvd@nist.gov", "Primary")!;

describe("severity table", () => {
  const cases: [number, string][] = [
    [0, "INFORMATIONAL"],
    [0.1, "LOW"],
    [3.9, "LOW"],
    [4.0, "MEDIUM"],
    [6.9, "MEDIUM"],
    [7.0, "HIGH"],
    [8.9, "HIGH"],
    [9.0, "CRITICAL"],
    [10, "CRITICAL"],
  ];
  for (const [score, sev] of cases) test(`${score} is ${sev}`, () => assert.equal(severityOf(score), sev));
  test("publisher labels map to severities; unknown labels are untriaged", () => {
    assert.equal(severityFromLabel("Moderate"), "MEDIUM");
    assert.equal(severityFromLabel("important"), "HIGH");
    assert.equal(severityFromLabel("unimportant"), "LOW");
    assert.equal(severityFromLabel("not yet assigned"), "UNTRIAGED");
  });
});

describe("CVSS vectors", () => {
  test("base scores of each version follow FIRST's formulas", () => {
    assert.equal(scoreVector(CRIT), 9.8);
    assert.equal(scoreVector("CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H"), 8.8);
    assert.equal(scoreVector("AV:N/AC:L/Au:N/C:P/I:P/A:P"), 7.5);
    assert.equal(scoreVector("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"), 9.3);
    assert.equal(scoreVector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"), 10);
  });
  test("a malformed vector scores as undefined, not as zero", () => {
    assert.equal(scoreVector("CVSS:3.1/AV:X"), undefined);
    assert.equal(scoreVector("garbage"), undefined);
    assert.equal(cvssMetric("garbage", "x"), undefined);
  });
  test("versions are recognised from the vector prefix, v2 by its metrics", () => {
    assert.equal(cvssVersionOf(CRIT), "3.1");
    assert.equal(cvssVersionOf("(AV:N/AC:L/Au:N/C:P/I:P/A:P)"), "2.0");
    assert.equal(cvssVersionOf("CVSS:4.0/AV:N"), "4.0");
  });
  test("the base score is computed from the vector with temporal metrics dropped", () => {
    assert.equal(stripNonBase(`${CRIT}/E:U/RL:O/RC:C`, "3.1"), CRIT);
    assert.equal(cvssMetric(`${CRIT}/E:U`, "ghsa")!.baseScore, 9.8);
  });
});

describe("primary CVSS metric", () => {
  test("v3.1 from NVD beats v4.0, v2 and secondary sources", () => {
    const m = [
      cvssMetric("AV:N/AC:L/Au:N/C:P/I:P/A:P", "nvd@nist.gov", "Primary")!,
      cvssMetric("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "ghsa")!,
      cvssMetric("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", "secalert@redhat.com", "Secondary")!,
      nvd(CRIT),
    ];
    assert.equal(primaryCvss(m)!.vector, CRIT);
  });
});

describe("risk score", () => {
  test("with no exploitation data and unknown network, the risk score is the base score", () => {
    const r = riskScore({ cvss: [nvd(CRIT)] });
    assert.equal(r.score, 9.8);
    assert.equal(r.severity, "CRITICAL");
    assert.deepEqual(
      r.breakdown.map((f) => f.factor),
      ["base"],
    );
  });

  test("known exploitation keeps the full score while a low EPSS lowers it: KEV ranks above no evidence", () => {
    const kev = riskScore({
      cvss: [nvd(CRIT)],
      kev: { dateAdded: "2021-12-10" },
      epss: { epss: 0.97, percentile: 1 },
    });
    const quiet = riskScore({ cvss: [nvd(CRIT)], epss: { epss: 0.001, percentile: 0.2 } });
    assert.equal(kev.score, 9.8);
    assert.equal(quiet.score, 9.0, "E:U multiplies by 0.91 and rounds up: 9.8 -> 9.0");
    assert.ok(kev.score > quiet.score);
    assert.equal(kev.breakdown[1]!.factor, "kev");
    assert.match(kev.breakdown[1]!.description, /CISA KEV, added 2021-12-10/);
    assert.equal(quiet.breakdown[1]!.delta, -0.8);
  });

  test("a high EPSS counts as functional exploit code: between KEV and unproven", () => {
    const r = riskScore({ cvss: [nvd(CRIT)], epss: { epss: 0.42, percentile: 0.97 } });
    assert.equal(r.score, 9.6, "E:F multiplies by 0.97: 9.506 rounds up to 9.6");
    assert.equal(r.breakdown[1]!.factor, "epss");
  });

  test("an unreachable resource lowers a network attack vector to local and says by how much", () => {
    const r = riskScore({ cvss: [nvd(CRIT)], network: "isolated" });
    const f = r.breakdown.find((x) => x.factor === "network")!;
    assert.ok(r.score < 9.8);
    assert.equal(f.delta, Math.round((r.score - 9.8) * 10) / 10);
    assert.match(f.description, /Network treated as Local/);
  });

  test("a private-only resource lowers network to adjacent; a local vulnerability is not changed", () => {
    const priv = riskScore({ cvss: [nvd(CRIT)], network: "private" });
    assert.equal(
      priv.score,
      8.8,
      "MAV:A: exploitability 8.22*0.62*0.77*0.85*0.85 = 2.84, + impact 5.87, rounds up to 8.8",
    );
    const local = riskScore({
      cvss: [nvd("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H")],
      network: "isolated",
    });
    assert.equal(local.score, 7.8);
    assert.equal(local.breakdown.at(-1)!.delta, 0);
  });

  test("CVSS 4.0 uses threat and environmental metrics the same way", () => {
    const v4 = cvssMetric("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "ghsa")!;
    const exploited = riskScore({ cvss: [v4], kev: { dateAdded: "2024-01-01" } });
    const unreported = riskScore({ cvss: [v4], epss: { epss: 0.0004, percentile: 0.1 } });
    assert.equal(exploited.score, 9.3);
    assert.ok(unreported.score < exploited.score);
    assert.match(unreported.breakdown[1]!.description, /Unreported/);
  });

  test("without any vector, a publisher label gives a nominal score and KEV raises it to critical", () => {
    const r = riskScore({ cvss: [], severityLabel: "HIGH", kev: { dateAdded: "2023-01-01" } });
    assert.equal(r.breakdown[0]!.score, 7.0);
    assert.equal(r.score, 9.0);
    assert.equal(r.severity, "CRITICAL");
  });

  test("with nothing to go on, the finding is untriaged, not informational", () => {
    const r = riskScore({ cvss: [] });
    assert.equal(r.severity, "UNTRIAGED");
  });
});
