/**
 * Terraform HCL, parsed by `@cdktf/hcl2json` (HashiCorp's own HCL parser compiled to WebAssembly and
 * shipped inside the package: nothing is downloaded, it runs on Node 20). Its JSON has no positions, so
 * lines come from hcl-locate.ts by block address. One resource per `resource` block (type
 * `aws_s3_bucket`, address `aws_s3_bucket.logs`) and per `data` block (type `data.aws_iam_policy_document`).
 * Values: a string that is a whole `${...}` expression is unknown (a variable, a reference), except
 * `${jsonencode({...})}`, whose object is read (policies written in HCL); a `dynamic "x"` block makes `x`
 * unknown.
 */
import { isRecord, type Resource, Unknown } from "../model.js";
import { blockLines, type HclBlock, locateHcl } from "./hcl-locate.js";

type Hcl2Json = { parse(filename: string, contents: string): Promise<Record<string, unknown>> };
let hcl: Promise<Hcl2Json> | undefined;

/** The parser is loaded on the first Terraform file (it instantiates a WebAssembly module). */
function parser(): Promise<Hcl2Json> {
  hcl ??= import("@cdktf/hcl2json").then((m) => m as unknown as Hcl2Json);
  return hcl;
}

/** Parses HCL text; throws with the parser's message (file, line, column) when the text is not HCL. */
export async function parseHcl(filename: string, text: string): Promise<Record<string, unknown>> {
  return (await parser()).parse(filename, text);
}

const WHOLE_EXPRESSION = /^\$\{[\s\S]*\}$/;
const JSONENCODE = /^\$\{\s*jsonencode\(([\s\S]*)\)\s*\}$/;

async function normalize(v: unknown): Promise<unknown> {
  if (typeof v === "string") {
    const json = JSONENCODE.exec(v);
    if (json) {
      try {
        const parsed = await parseHcl("jsonencode.tf", `v = ${json[1]}\n`);
        return normalize(parsed.v);
      } catch {
        return new Unknown(v);
      }
    }
    return WHOLE_EXPRESSION.test(v) ? new Unknown(v) : v;
  }
  if (Array.isArray(v)) return Promise.all(v.map(normalize));
  if (isRecord(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === "dynamic" && isRecord(x)) {
        for (const name of Object.keys(x)) if (!(name in v)) out[name] = new Unknown(`dynamic "${name}"`);
        continue;
      }
      out[k] = await normalize(x);
    }
    return out;
  }
  return v;
}

function findBlock(
  blocks: readonly HclBlock[],
  type: string,
  labels: readonly string[],
): HclBlock | undefined {
  return blocks.find((b) => b.type === type && labels.every((l, i) => b.labels[i] === l));
}

export async function terraformResources(path: string, text: string): Promise<Resource[]> {
  const json = await parseHcl(path, text);
  const located = locateHcl(text);
  const out: Resource[] = [];
  for (const section of ["resource", "data"] as const) {
    const byType = json[section];
    if (!isRecord(byType)) continue;
    for (const [type, byName] of Object.entries(byType)) {
      if (!isRecord(byName)) continue;
      for (const [name, bodies] of Object.entries(byName)) {
        const list = Array.isArray(bodies) ? bodies : [bodies];
        for (const body of list) {
          if (!isRecord(body)) continue;
          const block = findBlock(located, section, [type, name]);
          const address = section === "data" ? `data.${type}.${name}` : `${type}.${name}`;
          out.push({
            kind: "terraform",
            type: section === "data" ? `data.${type}` : type,
            address,
            line: block?.line ?? 1,
            value: (await normalize(body)) as Record<string, unknown>,
            lines: block ? blockLines(block) : new Map(),
          });
        }
      }
    }
  }
  return out;
}
