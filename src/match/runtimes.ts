import type { Runtime } from "../model/inventory.js";
import type { Package } from "../model/package.js";

/**
 * Runtimes that have advisories of their own, as packages of the ecosystem those advisories use:
 * the Node.js binary against the Node.js security WG's core advisories (ecosystem "Node.js", package
 * "node"). Other runtimes are judged by end of life only (see findings/eol.ts).
 */
const RUNTIME_PACKAGES: Record<string, { ecosystem: string; name: string; purlType: string }> = {
  nodejs: { ecosystem: "Node.js", name: "node", purlType: "generic" },
};

export function runtimePackages(runtimes: readonly Runtime[]): Package[] {
  const out: Package[] = [];
  for (const r of runtimes) {
    const m = RUNTIME_PACKAGES[r.product];
    if (!m) continue;
    const version = r.version.replace(/^v/, "");
    // A release line without a patch level (a managed runtime such as Lambda's nodejs16.x, `16.x`) has
    // no version to match advisories against: end of life only.
    if (!/^\d+\.\d+\.\d+/.test(version)) continue;
    const pkg: Package = {
      name: m.name,
      version,
      ecosystem: m.ecosystem,
      purl: `pkg:${m.purlType}/${m.name}@${encodeURIComponent(version)}`,
      locations: [r.location],
      foundBy: `runtime:${r.product}`,
    };
    if (r.layer) pkg.layer = r.layer;
    out.push(pkg);
  }
  return out;
}
