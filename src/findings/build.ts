import { createHash } from "node:crypto";
import type { Advisory, Reference } from "../model/advisory.js";
import type { Finding, FixAvailable } from "../model/finding.js";
import type { CvssMetric, EpssScore, KevEntry, NvdRecord } from "../model/intel.js";
import type { Match } from "../model/match.js";
import type { Package } from "../model/package.js";
import { cvssMetric, scoreVector } from "../scoring/cvss.js";
import { type NetworkContext, primaryCvss, riskScore } from "../scoring/risk.js";
import { severityFromLabel, severityOf } from "../scoring/severity.js";
import { compareVersions } from "../versions/index.js";

/** What building findings needs from the vulnerability database (enrichment by CVE id). */
export interface Enrichment {
  cvss(cve: string): CvssMetric[];
  kev(cve: string): KevEntry | undefined;
  epss(cve: string): EpssScore | undefined;
  nvd?(cve: string): Pick<NvdRecord, "description"> | { description: string | null } | undefined;
  /** Reads the rows of many CVEs at once, ahead of the per-CVE calls. */
  preload?(cves: readonly string[]): void;
}

export interface FindingContext {
  /** The resource or target the findings belong to: part of each finding's stable id. */
  scope: string;
  network?: NetworkContext;
}

const CVE = /^CVE-\d{4}-\d{4,}$/;

/**
 * One vulnerability of one package: the matched advisories that describe it. A bundle advisory that
 * names several CVEs (a DSA fixing five CVEs) stands for each of them, so it is split per CVE first;
 * then advisories that share an id or alias (CVE ↔ GHSA ↔ PYSEC ↔ DEBIAN-CVE ↔ DSA) merge into one.
 */
interface Group {
  pkg: Package;
  ids: Set<string>;
  matches: Match[];
}

function idsOf(a: Advisory): string[] {
  return [a.id, ...a.aliases, ...(a.upstream ?? [])];
}

function packageIdentity(p: Package): string {
  return `${p.ecosystem}|${p.name}|${p.locations[0] ?? ""}`;
}

/** Groups matches into vulnerabilities per package, merging aliases. */
export function groupMatches(matches: readonly Match[]): Group[] {
  const byPackage = new Map<string, Match[]>();
  for (const m of matches) {
    const k = `${packageIdentity(m.package)}|${m.package.version}`;
    const list = byPackage.get(k);
    if (list) list.push(m);
    else byPackage.set(k, [m]);
  }
  const groups: Group[] = [];
  for (const list of byPackage.values()) {
    // Each (match, ids) unit; a bundle becomes one unit per CVE, its own id kept aside so that it does
    // not join its CVEs into one vulnerability.
    const units: { match: Match; ids: string[]; bundle?: string }[] = [];
    for (const m of list) {
      const ids = idsOf(m.advisory);
      const cves = [...new Set(ids.filter((i) => CVE.test(i)))];
      if (!CVE.test(m.advisory.id) && cves.length > 1) {
        for (const c of cves) units.push({ match: m, ids: [c], bundle: m.advisory.id });
      } else {
        units.push({ match: m, ids });
      }
    }
    const parent = new Map<string, string>();
    const find = (x: string): string => {
      let r = x;
      while (parent.get(r) !== r) r = parent.get(r)!;
      parent.set(x, r);
      return r;
    };
    for (const u of units) {
      for (const i of u.ids) if (!parent.has(i)) parent.set(i, i);
      for (let i = 1; i < u.ids.length; i++) parent.set(find(u.ids[i]!), find(u.ids[0]!));
    }
    const byRoot = new Map<string, Group>();
    for (const u of units) {
      const root = find(u.ids[0]!);
      let g = byRoot.get(root);
      if (!g) {
        g = { pkg: u.match.package, ids: new Set(), matches: [] };
        byRoot.set(root, g);
      }
      for (const i of u.ids) g.ids.add(i);
      if (u.bundle) g.ids.add(u.bundle);
      if (!g.matches.includes(u.match)) g.matches.push(u.match);
    }
    groups.push(...byRoot.values());
  }
  return groups;
}

/** The id a finding is shown under: its CVE when it has exactly one, else a GHSA, else the first id. */
export function primaryId(ids: Iterable<string>): string {
  const all = [...ids].sort();
  const cves = all.filter((i) => CVE.test(i));
  if (cves.length >= 1) return cves[0]!;
  return all.find((i) => i.startsWith("GHSA-")) ?? all[0]!;
}

export function findingId(scope: string, vulnerabilityId: string, pkg: Package): string {
  return createHash("sha256")
    .update(`${scope}\u0000${vulnerabilityId}\u0000${packageIdentity(pkg)}`)
    .digest("hex")
    .slice(0, 32);
}

function uniqueRefs(advisories: Advisory[]): Reference[] {
  const seen = new Set<string>();
  const out: Reference[] = [];
  for (const a of advisories)
    for (const r of a.references) {
      if (seen.has(r.url)) continue;
      seen.add(r.url);
      out.push(r);
    }
  return out;
}

function vendorCvss(advisories: Advisory[]): CvssMetric[] {
  const out: CvssMetric[] = [];
  for (const a of advisories) {
    for (const s of [...(a.severity ?? []), ...a.affected.flatMap((x) => x.severity ?? [])]) {
      if (s.type !== "CVSS_V2" && s.type !== "CVSS_V3" && s.type !== "CVSS_V4") continue;
      const m = cvssMetric(s.score, a.feed);
      if (m && !out.some((o) => o.vector === m.vector)) out.push(m);
    }
  }
  return out;
}

function severityLabel(advisories: Advisory[], matches: Match[]) {
  for (const a of advisories) {
    const s = a.database_specific?.["severity"];
    if (typeof s === "string" && severityFromLabel(s) !== "UNTRIAGED") return severityFromLabel(s);
  }
  for (const m of matches) {
    if (
      m.affected.distroUrgency &&
      severityFromLabel(m.affected.distroUrgency.replace(/\*+$/, "")) !== "UNTRIAGED"
    ) {
      return severityFromLabel(m.affected.distroUrgency.replace(/\*+$/, ""));
    }
  }
  return undefined;
}

/** Builds scored findings from matches: aliases merged, fixes and remediation, CVSS, EPSS, KEV, risk. */
export function buildFindings(
  matches: readonly Match[],
  enrichment: Enrichment,
  ctx: FindingContext,
): Finding[] {
  const groups = groupMatches(matches);
  enrichment.preload?.([...new Set(groups.flatMap((g) => [...g.ids].filter((i) => CVE.test(i))))]);
  const intel = memoized(enrichment);
  const findings: Finding[] = [];
  for (const g of groups) {
    const advisories = g.matches.map((m) => m.advisory);
    const vulnerabilityId = primaryId(g.ids);
    const aliases = [...g.ids].filter((i) => i !== vulnerabilityId).sort();
    const cves = [...g.ids].filter((i) => CVE.test(i)).sort();
    const cvss: CvssMetric[] = [];
    for (const c of cves) cvss.push(...intel.cvss(c));
    for (const m of vendorCvss(advisories)) if (!cvss.some((o) => o.vector === m.vector)) cvss.push(m);
    const kevEntry = cves.map((c) => intel.kev(c)).find((k) => k !== undefined);
    const epssEntry = cves
      .map((c) => intel.epss(c))
      .filter((e): e is EpssScore => e !== undefined)
      .sort((a, b) => b.epss - a.epss)[0];

    const pkg = g.pkg;
    const fixed = new Set<string>();
    for (const m of g.matches) for (const f of m.fixedVersions) fixed.add(f);
    const fixedVersions = [...fixed].sort((a, b) => safeCompare(pkg.ecosystem, a, b));
    const withFix = g.matches.filter((m) => m.fixedVersions.length > 0).length;
    const fixAvailable: FixAvailable =
      withFix === 0 ? "NO" : withFix === g.matches.length ? "YES" : "PARTIAL";
    const status = g.matches.find((m) => m.distroStatus && m.distroStatus !== "fixed")?.distroStatus;
    const remediation =
      fixedVersions.length > 0
        ? `Upgrade ${pkg.name} to ${fixedVersions[0]} or later`
        : status === "will-not-fix"
          ? `No fix: the distribution will not fix ${vulnerabilityId} in this release`
          : status === "end-of-life"
            ? `No fix: ${pkg.name} is no longer supported in this release`
            : `No fixed version of ${pkg.name} is available yet`;

    const label = severityLabel(advisories, g.matches);
    const risk = riskScore({
      cvss,
      ...(label ? { severityLabel: label } : {}),
      ...(kevEntry ? { kev: kevEntry } : {}),
      ...(epssEntry ? { epss: epssEntry } : {}),
      network: ctx.network ?? "unknown",
    });
    const primary = primaryCvss(cvss);
    const baseScore = primary ? (scoreVector(primary.vector) ?? primary.baseScore) : undefined;
    const severity = baseScore !== undefined ? severityOf(baseScore) : (label ?? "UNTRIAGED");
    const summary = advisories.find((a) => a.summary)?.summary;
    const details =
      advisories.find((a) => a.details)?.details ??
      (cves.length > 0 ? (intel.nvd?.(cves[0]!)?.description ?? undefined) : undefined);
    const finding: Finding = {
      id: findingId(ctx.scope, vulnerabilityId, pkg),
      type: "PACKAGE_VULNERABILITY",
      vulnerabilityId,
      aliases,
      title: summary ?? firstLine(details) ?? `${vulnerabilityId} in ${pkg.name}`,
      package: pkg,
      fixedVersions,
      fixAvailable,
      remediation,
      cvss,
      references: uniqueRefs(advisories),
      severity,
      risk,
      status: "ACTIVE",
    };
    if (details) finding.description = details;
    if (epssEntry)
      finding.epss = { score: epssEntry.epss, percentile: epssEntry.percentile, date: epssEntry.date };
    if (kevEntry) {
      finding.kev = {
        dateAdded: kevEntry.dateAdded,
        dueDate: kevEntry.dueDate,
        knownRansomwareCampaignUse: kevEntry.knownRansomwareCampaignUse,
      };
    }
    findings.push(finding);
  }
  return findings.sort(byRisk);
}

/** One look-up per CVE per build: a CVE shared by several packages' findings is read once. */
function memoized(e: Enrichment): Enrichment {
  const cache = <T>(f: (cve: string) => T): ((cve: string) => T) => {
    const m = new Map<string, T>();
    return (cve) => {
      if (m.has(cve)) return m.get(cve)!;
      const v = f(cve);
      m.set(cve, v);
      return v;
    };
  };
  const out: Enrichment = {
    cvss: cache((c) => e.cvss(c)),
    kev: cache((c) => e.kev(c)),
    epss: cache((c) => e.epss(c)),
  };
  if (e.nvd) {
    const nvd = e.nvd.bind(e);
    out.nvd = cache((c) => nvd(c));
  }
  return out;
}

function firstLine(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const line = s
    .split("\n")
    .find((l) => l.trim() !== "")
    ?.trim();
  return line && line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

function safeCompare(ecosystem: string, a: string, b: string): number {
  try {
    return compareVersions(ecosystem, a, b);
  } catch {
    return a < b ? -1 : a > b ? 1 : 0;
  }
}

/** Riskiest first; then by vulnerability id and package, for a stable order. */
export function byRisk(a: Finding, b: Finding): number {
  return (
    b.risk.score - a.risk.score ||
    (a.vulnerabilityId < b.vulnerabilityId ? -1 : a.vulnerabilityId > b.vulnerabilityId ? 1 : 0) ||
    ((a.package?.name ?? "") < (b.package?.name ?? "")
      ? -1
      : (a.package?.name ?? "") > (b.package?.name ?? "")
        ? 1
        : 0)
  );
}
