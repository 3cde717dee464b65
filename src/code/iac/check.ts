/**
 * Check files: one YAML file per check, `checks/<kind>/<name>/check.yaml`, next to its vulnerable and
 * safe examples. Parsed once at the boundary with zod; an invalid file names itself and the field.
 *
 * A check selects resources by type and reports each one whose `condition` holds. A condition is
 * declarative (a path into the resource, an operator, a value; `all`/`any`/`not`; `some` element of a
 * list satisfying a nested condition), or a named predicate from predicates.ts where data cannot say it.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parse as parseYamlText } from "yaml";
import { z } from "zod";
import type { CodeRule } from "../../model/code.js";
import { IAC_KINDS, type IacKind } from "./model.js";
import { PREDICATES } from "./predicates.js";

const _regex = z.string().refine(
  (s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: "not a valid regular expression" },
);

/** `a.b[*].c`, `policy@json.Statement[*]`, `$type` (the resource's type). */
const path = z
  .string()
  .regex(/^(\$type|[A-Za-z0-9_:$-]+(@json)?(\[(\*|\d+)\])*(\.[A-Za-z0-9_:$-]+(@json)?(\[(\*|\d+)\])*)*)$/, {
    message: "not a path (a.b[*].c, name@json.Statement[*])",
  });

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const OPERATORS = [
  "exists",
  "absent",
  "equals",
  "not-equals",
  "in",
  "not-in",
  "any-of",
  "matches",
  "not-matches",
  "lte",
  "gte",
] as const;
export type Operator = (typeof OPERATORS)[number];

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { some: string; where: Condition }
  | { path: string; op: Operator; value?: unknown; ignoreCase?: boolean }
  | { predicate: string; path?: string; args?: Record<string, unknown> };

const leaf = z
  .strictObject({
    path,
    op: z.enum(OPERATORS),
    value: z.union([scalar, z.array(scalar)]).optional(),
    /** `matches`/`equals`/`in`: compare without case. */
    ignoreCase: z.boolean().optional(),
  })
  .superRefine((c, ctx) => {
    const needs = c.op !== "exists" && c.op !== "absent";
    if (needs && c.value === undefined)
      ctx.addIssue({ code: "custom", message: `operator ${c.op} needs a value` });
    if (!needs && c.value !== undefined)
      ctx.addIssue({ code: "custom", message: `operator ${c.op} takes no value` });
    if ((c.op === "in" || c.op === "not-in" || c.op === "any-of") && !Array.isArray(c.value)) {
      ctx.addIssue({ code: "custom", message: `operator ${c.op} needs a list value` });
    }
    if ((c.op === "matches" || c.op === "not-matches") && typeof c.value === "string") {
      try {
        new RegExp(c.value);
      } catch {
        ctx.addIssue({ code: "custom", message: `value is not a valid regular expression` });
      }
    }
    if ((c.op === "lte" || c.op === "gte") && typeof c.value !== "number") {
      ctx.addIssue({ code: "custom", message: `operator ${c.op} needs a number` });
    }
  });

const predicate = z.strictObject({
  predicate: z.string().refine((n) => n in PREDICATES, {
    message: `unknown predicate (known: ${Object.keys(PREDICATES).join(", ")})`,
  }),
  path: path.optional(),
  args: z.record(z.string(), z.unknown()).optional(),
});

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
    z.strictObject({ some: path, where: conditionSchema }),
    leaf,
    predicate,
  ]),
) as z.ZodType<Condition>;

export const checkFileSchema = z
  .strictObject({
    id: z.string().regex(/^vigil\.iac\.[a-z]+\.[a-z0-9-]+$/, "must be vigil.iac.<kind>.<name>"),
    kind: z.enum(IAC_KINDS),
    title: z.string().min(1),
    cwe: z.array(z.string().regex(/^CWE-\d+$/, "must be CWE-<number>")).min(1),
    severity: z.enum(["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL"]),
    description: z.string().min(1),
    remediation: z.string().min(1),
    references: z.array(z.url()).min(1),
    /** Resource types the check looks at: `aws_s3_bucket`, `AWS::S3::Bucket`, `Container`, `stage`. */
    resources: z.array(z.string().min(1)).min(1),
    /** Reported when this holds for a resource. */
    condition: conditionSchema,
    /** Free anchors for YAML aliases (`&ingress`), ignored. */
    definitions: z.unknown().optional(),
  })
  .superRefine((c, ctx) => {
    if (c.id.split(".")[2] !== c.kind) {
      ctx.addIssue({ code: "custom", path: ["id"], message: `must start with vigil.iac.${c.kind}.` });
    }
  });

export type CheckFile = z.infer<typeof checkFileSchema>;

export interface Check extends CheckFile {
  kind: IacKind;
  /** The check file, relative to the checks folder. */
  file: string;
  condition: Condition;
}

export class CheckFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = "CheckFileError";
  }
}

/** One check from its YAML text; throws CheckFileError naming the file and each bad field. */
export function parseCheck(text: string, file: string): Check {
  let raw: unknown;
  try {
    raw = parseYamlText(text, { prettyErrors: false });
  } catch (e) {
    throw new CheckFileError(file, `not YAML: ${(e as Error).message.split("\n")[0]}`);
  }
  const r = checkFileSchema.safeParse(raw);
  if (!r.success) {
    const problems = r.error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(top)"}: ${i.message}`);
    throw new CheckFileError(file, `invalid check: ${problems.join("; ")}`);
  }
  return { ...r.data, file, condition: r.data.condition };
}

/** Every `check.yaml` under `dir`, sorted by id; ids must be unique. */
export function loadChecks(dir: string): Check[] {
  const out: Check[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name === "check.yaml") out.push(parseCheck(readFileSync(p, "utf8"), relative(dir, p)));
    }
  };
  walk(dir);
  const seen = new Map<string, string>();
  for (const c of out) {
    const other = seen.get(c.id);
    if (other) throw new CheckFileError(c.file, `id ${c.id} is already used by ${other}`);
    seen.set(c.id, c.file);
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

export function toCodeRule(c: Check): CodeRule {
  return {
    id: c.id,
    scanner: "iac",
    title: c.title,
    cwe: c.cwe,
    severity: c.severity,
    description: c.description.trim(),
    remediation: c.remediation.trim(),
    references: c.references,
    targets: [c.kind],
  };
}
