import type { CodeReport } from "../model/code.js";
import type { Finding, Severity } from "../model/finding.js";
import type { Inventory, InventoryProblem } from "../model/inventory.js";
import { SEVERITY_ORDER } from "../scoring/severity.js";

/** The result of one scan: what every output format encodes. */
export interface ScanReport {
  inventory: Inventory;
  findings: Finding[];
  /** Problems of the inventory and the matcher together (a bad file, an unreadable version). */
  problems: InventoryProblem[];
  /** When the vulnerability database was built, for the reader's judgement of freshness. */
  dbBuiltAt?: string;
  createdAt: string;
  /** Code findings, when the scan ran code scanners too (`vigil scan --scanners vuln,sast,...`). */
  code?: CodeReport;
}

/** Counts of findings per severity, every severity present (0 when none), highest first. */
export function severityCounts(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries([...SEVERITY_ORDER].reverse().map((s) => [s, 0])) as Record<
    Severity,
    number
  >;
  for (const f of findings) counts[f.severity]++;
  return counts;
}
