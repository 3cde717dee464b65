import { buildFindings } from "../findings/build.js";
import { eolFindings } from "../findings/eol.js";
import type { VulnDb } from "../intel/db/reader.js";
import { type InventoryOptions, inventory } from "../inventory/index.js";
import { matchPackages } from "../match/matcher.js";
import { runtimePackages } from "../match/runtimes.js";
import type { Finding, Severity } from "../model/finding.js";
import type { Inventory } from "../model/inventory.js";
import type { NetworkContext } from "../scoring/risk.js";
import { severityRank } from "../scoring/severity.js";
import { applyIgnores, type IgnoreRule } from "./ignore.js";
import type { ScanReport } from "./report.js";
import { applyVex, type VexStatement } from "./vex.js";

export interface ScanOptions {
  network?: NetworkContext;
  /** Only findings of these severities are kept (default: all). */
  severities?: Severity[];
  ignoreUnfixed?: boolean;
  ignoreRules?: IgnoreRule[];
  vex?: VexStatement[];
  /** Today (YYYY-MM-DD), for ignore expiry and end-of-life dates. */
  today?: string;
  inventory?: InventoryOptions;
  /** When the vulnerability database was built, to show in reports (not looked up per evaluation: that costs). */
  dbBuiltAt?: string;
}

/** Timings of each stage, in milliseconds (for `--timings` and the benchmark). */
export interface ScanTimings {
  inventory: number;
  matching: number;
}

export interface ScanResult {
  report: ScanReport;
  /** Findings taken out by the ignore file, VEX, `--ignore-unfixed` or `--severity`, with why. */
  dropped: { finding: Finding; why: string }[];
  expiredIgnores: IgnoreRule[];
  timings: ScanTimings;
}

/** Match an inventory against the database and score the findings: the cheap half of a scan. */
export function evaluate(inv: Inventory, db: VulnDb, options: ScanOptions = {}): Omit<ScanResult, "timings"> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const scope = inv.target.digest ?? inv.target.ref;
  const { matches, problems } = matchPackages([...inv.packages, ...runtimePackages(inv.runtimes)], db);
  let findings = [
    ...buildFindings(matches, db, { scope, network: options.network ?? "unknown" }),
    ...eolFindings(inv, (p) => db.eol(p), scope, today),
  ];
  const dropped: ScanResult["dropped"] = [];
  const ign = applyIgnores(findings, options.ignoreRules ?? [], today);
  for (const { finding, rule } of ign.ignored) {
    dropped.push({
      finding,
      why: `ignored by .vigilignore line ${rule.line}${rule.reason ? `: ${rule.reason}` : ""}`,
    });
  }
  findings = ign.kept;
  const targetIds = [inv.target.ref, ...(inv.target.digest ? [inv.target.digest] : [])];
  const vex = applyVex(findings, options.vex ?? [], targetIds);
  for (const { finding, statement } of vex.suppressed) {
    dropped.push({
      finding,
      why: `VEX ${statement.status}${statement.justification ? ` (${statement.justification})` : ""} in ${statement.source}`,
    });
  }
  findings = vex.kept;
  if (options.ignoreUnfixed) {
    findings = findings.filter((f) => {
      if (f.type !== "PACKAGE_VULNERABILITY" || f.fixAvailable !== "NO") return true;
      dropped.push({ finding: f, why: "no fix available (--ignore-unfixed)" });
      return false;
    });
  }
  if (options.severities && options.severities.length > 0) {
    const keep = new Set(options.severities);
    findings = findings.filter((f) => {
      if (keep.has(f.severity)) return true;
      dropped.push({ finding: f, why: `severity ${f.severity} not selected (--severity)` });
      return false;
    });
  }
  return {
    report: {
      inventory: inv,
      findings,
      problems: [...inv.problems, ...problems],
      ...(options.dbBuiltAt ? { dbBuiltAt: options.dbBuiltAt } : {}),
      createdAt: new Date().toISOString(),
    },
    dropped,
    expiredIgnores: ign.expired,
  };
}

/** The whole pipeline once: inventory of the target, then matching and scoring. */
export async function scan(targetRef: string, db: VulnDb, options: ScanOptions = {}): Promise<ScanResult> {
  const t0 = performance.now();
  const inv = await inventory(targetRef, options.inventory ?? {});
  const t1 = performance.now();
  const result = evaluate(inv, db, { dbBuiltAt: db.builtAt(), ...options });
  const t2 = performance.now();
  return { ...result, timings: { inventory: t1 - t0, matching: t2 - t1 } };
}

/** Whether a finding at or above `threshold` remains: what `--fail-on` turns into exit code 1. */
export function failsOn(findings: readonly Finding[], threshold: Severity): boolean {
  const min = severityRank(threshold);
  return findings.some((f) => f.status === "ACTIVE" && severityRank(f.severity) >= min);
}
