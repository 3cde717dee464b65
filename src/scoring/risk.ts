import type { RiskFactor, RiskScore, Severity } from "../model/finding.js";
import type { CvssMetric, EpssScore, KevEntry } from "../model/intel.js";
import { metricOf, scoreVector, stripNonBase } from "./cvss.js";
import { nominalScore, severityOf } from "./severity.js";

/**
 * Where the resource sits on the network, as far as Vigil knows:
 * - unknown: not known (the default; the score is not lowered)
 * - internet: reachable from the internet (no change)
 * - private: reachable only from a private network (network attack vector -> adjacent)
 * - isolated: no inbound network path (network and adjacent attack vectors -> local)
 */
export type NetworkContext = "unknown" | "internet" | "private" | "isolated";

export interface RiskInput {
  cvss: readonly CvssMetric[];
  /** A publisher's severity label, used only when there is no CVSS vector. */
  severityLabel?: Severity;
  kev?: Pick<KevEntry, "dateAdded">;
  epss?: Pick<EpssScore, "epss" | "percentile">;
  network?: NetworkContext;
}

/** EPSS at or above this probability (or this percentile) counts as evidence that exploit code exists. */
export const EPSS_HIGH_PROBABILITY = 0.1;
export const EPSS_HIGH_PERCENTILE = 0.95;

/**
 * Which CVSS metric a finding is scored from: version 3.x first (the most widely and consistently
 * scored); then 4.0; then 2.0. Within a version, by source as Grype and Trivy rank them: NVD's own
 * score, then the CNA's (listed by NVD as Secondary, or from the CVE record's CNA container) and
 * advisories' own, then an ADP's (CISA-ADP, which scores only what the CNA did not).
 */
export function primaryCvss(metrics: readonly CvssMetric[]): CvssMetric | undefined {
  const rank = (m: CvssMetric): number => {
    const version = m.version === "3.1" || m.version === "3.0" ? 0 : m.version === "4.0" ? 1 : 2;
    const nvd = m.source === "nvd@nist.gov" ? 0 : m.container === "adp" ? 2 : 1;
    const primary = m.kind === "Secondary" ? 1 : 0;
    return version * 100 + nvd * 10 + primary + (m.version === "3.1" ? 0 : 0.5);
  };
  return [...metrics].sort((a, b) => rank(a) - rank(b))[0];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The contextual risk score (0–10) and how it was reached, the CVSS way:
 * 1. base: the primary CVSS vector's base score (or a nominal score for a severity label when no
 *    vector exists; UNTRIAGED when there is neither);
 * 2. exploitation, as CVSS temporal (3.x, 2.0) / threat (4.0) Exploit Maturity: known exploited (CISA
 *    KEV) -> High / Attacked, keeping the full base score; a high EPSS -> Functional / Proof-of-concept;
 *    a low EPSS -> Unproven / Unreported. With no EPSS or KEV data at all the base is kept (CVSS assumes
 *    the worst when the metric is not defined). So known exploitation and a high EPSS raise the score
 *    relative to a vulnerability with no such evidence;
 * 3. network, as CVSS environmental Modified Attack Vector: a network-exploitable vulnerability on a
 *    resource that is not reachable from the internet is scored as adjacent (private) or local
 *    (isolated). Unknown network context changes nothing.
 * Each step that applies is one factor of the breakdown, with its delta.
 */
export function riskScore(input: RiskInput): RiskScore {
  const breakdown: RiskFactor[] = [];
  const metric = primaryCvss(input.cvss);
  if (metric === undefined) {
    const nominal = input.severityLabel === undefined ? undefined : nominalScore(input.severityLabel);
    if (nominal === undefined) {
      return {
        score: 0,
        severity: "UNTRIAGED",
        breakdown: [
          { factor: "base", description: "no CVSS vector or severity published", delta: 0, score: 0 },
        ],
      };
    }
    let score = nominal;
    breakdown.push({
      factor: "base",
      description: `no CVSS vector; publisher severity ${input.severityLabel} scored as ${nominal.toFixed(1)}`,
      delta: 0,
      score,
    });
    if (input.kev) {
      const raised = Math.max(score, 9.0);
      breakdown.push({
        factor: "kev",
        description: `known exploited in the wild (CISA KEV, added ${input.kev.dateAdded}): raised to critical`,
        delta: round1(raised - score),
        score: raised,
      });
      score = raised;
    }
    return { score, severity: severityOf(score), breakdown };
  }

  const version = metric.version;
  const base = stripNonBase(metric.vector, version);
  const baseScore = scoreVector(base) ?? metric.baseScore;
  breakdown.push({
    factor: "base",
    description: `CVSS ${version} base score from ${metric.source} (${base})`,
    delta: 0,
    score: baseScore,
  });

  // Step 2: exploitation evidence as Exploit (Code) Maturity.
  const extra: string[] = [];
  const epssHigh =
    input.epss !== undefined &&
    (input.epss.epss >= EPSS_HIGH_PROBABILITY || input.epss.percentile >= EPSS_HIGH_PERCENTILE);
  const epssText = input.epss
    ? `EPSS ${(input.epss.epss * 100).toFixed(2)}% (percentile ${(input.epss.percentile * 100).toFixed(1)})`
    : "";
  let exploitFactor: RiskFactor["factor"] | undefined;
  let exploitText = "";
  if (input.kev) {
    extra.push(version === "4.0" ? "E:A" : "E:H");
    exploitFactor = "kev";
    exploitText = `known exploited in the wild (CISA KEV, added ${input.kev.dateAdded}): exploit maturity ${version === "4.0" ? "Attacked" : "High"}`;
  } else if (input.epss) {
    exploitFactor = "epss";
    if (epssHigh) {
      extra.push(version === "4.0" ? "E:P" : "E:F");
      exploitText = `${epssText}, likely exploit code: exploit maturity ${version === "4.0" ? "Proof-of-concept" : "Functional"}`;
    } else {
      extra.push("E:U");
      exploitText = `${epssText}, no known exploitation: exploit maturity ${version === "4.0" ? "Unreported" : "Unproven"}`;
    }
  }
  let score = baseScore;
  if (exploitFactor !== undefined) {
    const s = scoreVector([base, ...extra].join("/")) ?? score;
    breakdown.push({ factor: exploitFactor, description: exploitText, delta: round1(s - score), score: s });
    score = s;
  }

  // Step 3: network reachability as Modified Attack Vector.
  const network = input.network ?? "unknown";
  const av = metricOf(base, "AV");
  if (network === "private" || network === "isolated") {
    const lowered =
      network === "private" ? (av === "N" ? "A" : undefined) : av === "N" || av === "A" ? "L" : undefined;
    if (version === "2.0") {
      breakdown.push({
        factor: "network",
        description: "network context not applied: CVSS 2.0 has no modified attack vector",
        delta: 0,
        score,
      });
    } else if (lowered !== undefined) {
      extra.push(`MAV:${lowered}`);
      const s = scoreVector([base, ...extra].join("/")) ?? score;
      const where =
        network === "private" ? "reachable only from a private network" : "not reachable over the network";
      breakdown.push({
        factor: "network",
        description: `resource ${where}: attack vector ${av === "N" ? "Network" : "Adjacent"} treated as ${lowered === "A" ? "Adjacent" : "Local"}`,
        delta: round1(s - score),
        score: s,
      });
      score = s;
    } else {
      breakdown.push({
        factor: "network",
        description: `resource ${network === "private" ? "reachable only from a private network" : "not reachable over the network"}; the vulnerability does not need that network access (AV:${av}): no change`,
        delta: 0,
        score,
      });
    }
  }
  return { score, severity: severityOf(score), breakdown };
}
