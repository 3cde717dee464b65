import type { Finding, RiskScore } from "../model/finding.js";
import type { EolCycle } from "../model/intel.js";
import type { Inventory } from "../model/inventory.js";
import { findingId } from "./build.js";

/** os-release ID -> endoflife.date product. */
const OS_PRODUCTS: Record<string, string> = {
  debian: "debian",
  ubuntu: "ubuntu",
  alpine: "alpine-linux",
  rhel: "rhel",
  amzn: "amazon-linux",
};

/**
 * The release cycle a version belongs to: the longest cycle name that equals the version or is a
 * prefix of it at a dot boundary ("3.20" for Alpine 3.20.1, "20" for Node.js 20.20.2, "12" for Debian 12.4).
 */
export function cycleFor(cycles: readonly EolCycle[], version: string): EolCycle | undefined {
  let best: EolCycle | undefined;
  for (const c of cycles) {
    if (version === c.cycle || version.startsWith(`${c.cycle}.`)) {
      if (!best || c.cycle.length > best.cycle.length) best = c;
    }
  }
  return best;
}

/** Whether a cycle's end-of-life (or extended support) date has passed on `today` (YYYY-MM-DD). */
function passed(value: string | boolean | undefined, today: string): boolean {
  if (value === undefined || value === false) return false;
  if (value === true) return true;
  return value <= today;
}

function dateOf(value: string | boolean | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export interface EolSubject {
  /** The OS release itself (its name already says which release), rather than a runtime. */
  isOs?: boolean;
  product: string;
  name: string;
  version: string;
  location?: string;
}

/** What the inventory runs that endoflife.date tracks: its OS release and its runtimes. */
export function eolSubjects(inv: Inventory): EolSubject[] {
  const out: EolSubject[] = [];
  const osProduct = inv.os ? OS_PRODUCTS[inv.os.id] : undefined;
  if (inv.os && osProduct && inv.os.versionId) {
    out.push({
      isOs: true,
      product: osProduct,
      name: inv.os.prettyName ?? `${inv.os.id} ${inv.os.versionId}`,
      version: inv.os.versionId,
    });
  }
  for (const r of inv.runtimes)
    out.push({ product: r.product, name: r.product, version: r.version, location: r.location });
  return out;
}

/**
 * One END_OF_LIFE finding per OS release or runtime past its end of life. Past the end of regular
 * security support but inside extended (LTS) support is MEDIUM (fixes still come, from the LTS team);
 * past both, or with no extended support, is HIGH: no security fixes will come at all.
 */
export function eolFindings(
  inv: Inventory,
  eol: (product: string) => EolCycle[],
  scope: string,
  today: string = new Date().toISOString().slice(0, 10),
): Finding[] {
  const out: Finding[] = [];
  for (const s of eolSubjects(inv)) {
    const cycle = cycleFor(eol(s.product), s.version);
    if (!cycle || !passed(cycle.eol, today)) continue;
    const eolDate = dateOf(cycle.eol) ?? "an unknown date";
    const extended = cycle.extendedSupport;
    const inExtended = extended !== undefined && extended !== false && !passed(extended, today);
    const score = inExtended ? 5.0 : 7.0;
    const risk: RiskScore = {
      score,
      severity: inExtended ? "MEDIUM" : "HIGH",
      breakdown: [
        {
          factor: "base",
          description: inExtended
            ? `regular security support ended ${eolDate}; extended support until ${dateOf(extended) ?? "an unannounced date"}`
            : `security support ended ${eolDate}: no fixes will be published`,
          delta: 0,
          score,
        },
      ],
    };
    const id = `EOL-${s.product}-${cycle.cycle}`;
    out.push({
      id: findingId(scope, id, {
        name: s.product,
        version: s.version,
        ecosystem: "endoflife",
        purl: "",
        locations: s.location ? [s.location] : [],
        foundBy: "eol",
      }),
      type: "END_OF_LIFE",
      vulnerabilityId: id,
      aliases: [],
      title: `${s.isOs ? s.name : `${s.product} ${cycle.cycle} (${s.version})`} reached end of life on ${eolDate}`,
      fixedVersions: [],
      fixAvailable: "NO",
      remediation: `Move to a supported ${s.product} release${cycle.latest ? ` (the ${cycle.cycle} line ended at ${cycle.latest})` : ""}`,
      cvss: [],
      references: [{ type: "WEB", url: `https://endoflife.date/${s.product}` }],
      severity: risk.severity,
      risk,
      status: "ACTIVE",
      eol: { product: s.product, cycle: cycle.cycle, date: eolDate },
    });
  }
  return out;
}
