import { readFileSync } from "node:fs";
import { z } from "zod";
import { InputError } from "../errors.js";
import type { Finding } from "../model/finding.js";

/**
 * OpenVEX (https://github.com/openvex/spec) statements: `not_affected` and `fixed` remove a finding;
 * `affected` and `under_investigation` leave it. A statement applies to a finding when its vulnerability
 * is the finding's id or an alias, and one of its products (or their subcomponents) names the package
 * (purl without qualifiers; without a version it covers every version) or the scanned target itself.
 */
const idRef = z.union([z.string(), z.object({ "@id": z.string() }).passthrough()]);
const statementSchema = z
  .object({
    vulnerability: z.union([
      z.string(),
      z
        .object({
          name: z.string().optional(),
          "@id": z.string().optional(),
          aliases: z.array(z.string()).optional(),
        })
        .passthrough(),
    ]),
    products: z
      .array(
        z.union([
          z.string(),
          z.object({ "@id": z.string(), subcomponents: z.array(idRef).optional() }).passthrough(),
        ]),
      )
      .optional(),
    status: z.enum(["not_affected", "affected", "fixed", "under_investigation"]),
    justification: z.string().optional(),
    impact_statement: z.string().optional(),
  })
  .passthrough();
const documentSchema = z
  .object({ "@context": z.string(), statements: z.array(statementSchema) })
  .passthrough();

export interface VexStatement {
  vulnerabilities: string[];
  /** Package purls or target ids the statement covers; subcomponents flattened in. */
  products: string[];
  status: "not_affected" | "affected" | "fixed" | "under_investigation";
  justification?: string;
  source: string;
}

export function parseVex(text: string, source: string): VexStatement[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(source, `not JSON (${(e as Error).message}): expected an OpenVEX document`);
  }
  const doc = documentSchema.safeParse(json);
  if (!doc.success) {
    const issue = doc.error.issues[0]!;
    throw new InputError(
      source,
      `not an OpenVEX document: ${issue.path.join(".") || "(root)"}: ${issue.message}`,
    );
  }
  return doc.data.statements.map((s) => {
    const v = s.vulnerability;
    const vulnerabilities =
      typeof v === "string" ? [v] : [v.name, v["@id"], ...(v.aliases ?? [])].filter((x): x is string => !!x);
    const products: string[] = [];
    for (const p of s.products ?? []) {
      if (typeof p === "string") products.push(p);
      else {
        const subs = (p.subcomponents ?? []).map((c) => (typeof c === "string" ? c : c["@id"]));
        if (subs.length > 0) products.push(...subs);
        else products.push(p["@id"]);
      }
    }
    const out: VexStatement = { vulnerabilities, products, status: s.status, source };
    if (s.justification) out.justification = s.justification;
    return out;
  });
}

export function readVex(path: string): VexStatement[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new InputError(path, `cannot read the VEX document (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  return parseVex(text, path);
}

function purlBase(p: string): string {
  return p.split("?")[0]!.split("#")[0]!;
}

function productCovers(product: string, f: Finding, targetIds: readonly string[]): boolean {
  if (targetIds.includes(product)) return true;
  if (!product.startsWith("pkg:") || !f.package) return false;
  if (product.startsWith("pkg:oci/")) {
    // An image purl names the whole target by its digest.
    const digest = decodeURIComponent(purlBase(product).split("@")[1] ?? "");
    return digest !== "" && targetIds.includes(digest);
  }
  const want = decodeURIComponent(purlBase(product));
  const have = decodeURIComponent(purlBase(f.package.purl));
  return want.includes("@") ? want === have : have.split("@")[0] === want;
}

export interface VexOutcome {
  kept: Finding[];
  suppressed: { finding: Finding; statement: VexStatement }[];
}

export function applyVex(
  findings: readonly Finding[],
  statements: readonly VexStatement[],
  targetIds: readonly string[],
): VexOutcome {
  const kept: Finding[] = [];
  const suppressed: VexOutcome["suppressed"] = [];
  for (const f of findings) {
    const st = statements.find(
      (s) =>
        (s.status === "not_affected" || s.status === "fixed") &&
        s.vulnerabilities.some((v) => v === f.vulnerabilityId || f.aliases.includes(v)) &&
        (s.products.length === 0 || s.products.some((p) => productCovers(p, f, targetIds))),
    );
    if (st) suppressed.push({ finding: f, statement: st });
    else kept.push(f);
  }
  return { kept, suppressed };
}
