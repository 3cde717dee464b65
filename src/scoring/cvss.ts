import cvssLib from "ae-cvss-calculator";
import type { CvssMetric } from "../model/intel.js";

/**
 * CVSS vectors, scored with a maintained implementation of FIRST's specifications (ae-cvss-calculator:
 * CVSS 2.0, 3.0, 3.1 and 4.0, with temporal/threat and environmental metrics).
 */
interface Scores {
  overall: number;
  base?: number;
}
interface Vector {
  getVectorName(): string;
  calculateScores(): Scores;
}
const fromVector = (cvssLib as unknown as { fromVector(v: string): Vector | null | undefined }).fromVector;

export type CvssVersion = CvssMetric["version"];

/** The version a vector is written in, or undefined when it is not a CVSS vector. */
export function cvssVersionOf(vector: string): CvssVersion | undefined {
  if (vector.startsWith("CVSS:4.0/")) return "4.0";
  if (vector.startsWith("CVSS:3.1/")) return "3.1";
  if (vector.startsWith("CVSS:3.0/")) return "3.0";
  if (/^\(?AV:[LAN]\/AC:[HML]\/Au:[MSN]\//.test(vector)) return "2.0";
  return undefined;
}

/** Scores of vectors already computed: vectors repeat across findings and scans, and scoring one costs. */
const scoreCache = new Map<string, number | undefined>();
const SCORE_CACHE_MAX = 50_000;

/** Scores a vector (with whatever temporal/threat/environmental metrics it carries); undefined when invalid. */
export function scoreVector(vector: string): number | undefined {
  if (scoreCache.has(vector)) return scoreCache.get(vector);
  const score = computeScore(vector);
  if (scoreCache.size >= SCORE_CACHE_MAX) scoreCache.clear();
  scoreCache.set(vector, score);
  return score;
}

function computeScore(vector: string): number | undefined {
  const version = cvssVersionOf(vector);
  if (version === undefined || !hasValidBase(vector, version)) return undefined;
  let v: Vector | null | undefined;
  try {
    v = fromVector(vector.replace(/^\((.*)\)$/, "$1"));
  } catch {
    return undefined;
  }
  if (!v) return undefined;
  const s = v.calculateScores().overall;
  return Number.isFinite(s) ? s : undefined;
}

/** A CvssMetric from a vector: the base score is computed, not trusted from the feed. */
export function cvssMetric(
  vector: string,
  source: string,
  kind?: CvssMetric["kind"],
): CvssMetric | undefined {
  const version = cvssVersionOf(vector);
  if (version === undefined) return undefined;
  const baseScore = scoreVector(stripNonBase(vector, version));
  if (baseScore === undefined) return undefined;
  return kind === undefined
    ? { version, vector, baseScore, source }
    : { version, vector, baseScore, source, kind };
}

const V3_BASE: Record<string, string> = {
  AV: "NALP",
  AC: "LH",
  PR: "NLH",
  UI: "NR",
  S: "UC",
  C: "HLN",
  I: "HLN",
  A: "HLN",
};
/** Each version's base metrics and the values each may take (one letter each). */
const BASE_VALUES: Record<CvssVersion, Record<string, string>> = {
  "2.0": { AV: "LAN", AC: "HML", Au: "MSN", C: "NPC", I: "NPC", A: "NPC" },
  "3.0": V3_BASE,
  "3.1": V3_BASE,
  "4.0": {
    AV: "NALP",
    AC: "LH",
    AT: "NP",
    PR: "NLH",
    UI: "NPA",
    VC: "HLN",
    VI: "HLN",
    VA: "HLN",
    SC: "HLN",
    SI: "HLN",
    SA: "HLN",
  },
};
const BASE_METRICS: Record<CvssVersion, ReadonlySet<string>> = {
  "2.0": new Set(Object.keys(BASE_VALUES["2.0"])),
  "3.0": new Set(Object.keys(V3_BASE)),
  "3.1": new Set(Object.keys(V3_BASE)),
  "4.0": new Set(Object.keys(BASE_VALUES["4.0"])),
};

/** Whether every base metric is present exactly once with a value the specification allows. */
export function hasValidBase(vector: string, version: CvssVersion): boolean {
  const allowed = BASE_VALUES[version];
  const seen = new Set<string>();
  const parts = vector.replace(/^\((.*)\)$/, "$1").split("/");
  if (version !== "2.0") parts.shift();
  for (const p of parts) {
    const [k, v, ...rest] = p.split(":");
    if (k === undefined || v === undefined || rest.length > 0) return false;
    const values = allowed[k];
    if (values === undefined) continue;
    if (seen.has(k) || v.length !== 1 || !values.includes(v)) return false;
    seen.add(k);
  }
  return seen.size === Object.keys(allowed).length;
}

/** The vector with only its base metrics (temporal, threat, environmental and supplemental dropped). */
export function stripNonBase(vector: string, version: CvssVersion): string {
  const parts = vector.replace(/^\((.*)\)$/, "$1").split("/");
  const head = version === "2.0" ? [] : [parts.shift()!];
  return [...head, ...parts.filter((p) => BASE_METRICS[version].has(p.split(":")[0]!))].join("/");
}

/** The value of one metric in a vector ("AV" -> "N"), or undefined. */
export function metricOf(vector: string, metric: string): string | undefined {
  for (const p of vector.replace(/^\((.*)\)$/, "$1").split("/")) {
    const [k, v] = p.split(":");
    if (k === metric) return v;
  }
  return undefined;
}
