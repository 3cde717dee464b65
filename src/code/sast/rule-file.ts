/**
 * Rule files: one YAML file per rule under `rules/<family>/<name>.yaml`, plus `rules/<family>/_taint.yaml`
 * with the language's common sources, converters and guard checks. Parsed once at the boundary with zod;
 * an invalid file names itself and the field.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { CodeRule } from "../../model/code.js";
import { LANG_SPECS, type LangFamily } from "./languages.js";

const names = z.array(z.string().min(1)).min(1);
/** Regular expressions in rule files are checked to compile. */
const regex = z.string().refine(
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

const sinkSchema = z
  .strictObject({
    /** Callee names after import aliases are resolved: `child_process.exec`, `*.query` (any receiver). */
    call: names.optional(),
    /** Constructed types: `ProcessBuilder`, `java.net.URL`, Go composite literal types. */
    new: names.optional(),
    /** Assignment targets and object keys: `*.innerHTML`, `session[*]`, `__html`. */
    assign: names.optional(),
    /** Argument positions that must not be tainted (0-based; keyword arguments count by name). */
    args: z
      .union([z.literal("any"), z.array(z.union([z.number().int().min(0), z.string().min(1)])).min(1)])
      .default("any"),
    /** The sink applies only when some argument's text (whitespace removed) matches one of these. */
    when: z.array(regex).optional(),
    /** The sink does not apply when some argument's text matches one of these. */
    unless: z.array(regex).optional(),
  })
  .refine((s) => s.call || s.new || s.assign, { message: "a sink needs call, new or assign" });

const taintSchema = z.strictObject({
  /** Extra sources for this rule (same syntax as `_taint.yaml` sources). */
  sources: z.array(z.string().min(1)).default([]),
  /** Whether the language's common sources apply (request input, environment, argv, files). */
  defaultSources: z.boolean().default(true),
  sinks: z.array(sinkSchema).min(1),
  /** Calls whose result is clean for this rule: `shlex.quote`, `path.basename`. */
  sanitizers: z.array(z.string().min(1)).default([]),
  /** Method or function names whose check in an `if` makes a variable clean after an early exit. */
  guards: z.array(z.string().min(1)).default([]),
});

const structuralSchema = z
  .strictObject({
    call: names.optional(),
    new: names.optional(),
    /** Argument `index` (or keyword name) must match `pattern` (text, whitespace removed). */
    arg: z
      .array(z.strictObject({ index: z.union([z.number().int().min(0), z.string().min(1)]), pattern: regex }))
      .default([]),
    /** Reported when the arguments' text (whitespace removed) lacks a match for any of these. */
    argsMustContain: z.array(regex).default([]),
    /** Reported when the enclosing function's text (whitespace removed) lacks a match for any of these. */
    functionMustContain: z.array(regex).default([]),
    /** Reported only when the name the value is assigned to (or the enclosing function) matches. */
    context: regex.optional(),
    /** Reported only in files that import/mention this text (e.g. `math/rand`). */
    fileContains: z.array(z.string().min(1)).default([]),
  })
  .refine((s) => s.call || s.new, { message: "a pattern needs call or new" });

export const ruleFileSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^vigil\.sast\.(js|python|java|go)\.[a-z0-9-]+$/, "must be vigil.sast.<lang>.<name>"),
    title: z.string().min(1),
    cwe: z.array(z.string().regex(/^CWE-\d+$/, "must be CWE-<number>")).min(1),
    severity: z.enum(["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL"]),
    owasp: z.array(z.string().regex(/^A\d\d:2021$/, "must be Ann:2021")).optional(),
    description: z.string().min(1),
    remediation: z.string().min(1),
    references: z.array(z.url()).min(1),
    /** What the finding's message calls the flaw: "command injection". */
    message: z.string().min(1),
    taint: taintSchema.optional(),
    patterns: z.array(structuralSchema).min(1).optional(),
  })
  .refine((r) => (r.taint ? 1 : 0) + (r.patterns ? 1 : 0) === 1, {
    message: "a rule has exactly one of taint or patterns",
  });

export const langTaintSchema = z.strictObject({
  /** Expressions that are user input: `req.query`, `*.getParameter(*)`, `os.Getenv(*)`. */
  sources: names,
  /** Conversions whose result can carry no payload: `parseInt`, `int`, `strconv.Atoi`. */
  converters: z.array(z.string().min(1)).default([]),
  /** Allow-list / prefix checks that clean a variable in an `if` that exits early. */
  guards: z.array(z.string().min(1)).default([]),
  /** Methods that add their arguments to their receiver: `sb.append(x)`, `parts.push(x)`. */
  mutators: z.array(z.string().min(1)).default([]),
  /** Functions whose parameters are user input: decorators (Python) or parameter annotations (Java). */
  handlerDecorators: z.array(regex).default([]),
  handlerParamAnnotations: z.array(z.string().min(1)).default([]),
});

export type RuleFile = z.infer<typeof ruleFileSchema>;
export type SinkSpec = z.infer<typeof sinkSchema>;
export type StructuralSpec = z.infer<typeof structuralSchema>;
export type LangTaint = z.infer<typeof langTaintSchema>;

export interface LoadedRule {
  file: string;
  family: LangFamily;
  spec: RuleFile;
  rule: CodeRule;
}

export class RuleFileError extends Error {}

function describe(file: string, error: z.ZodError): string {
  return error.issues
    .map((i) => `${file}: field ${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`)
    .join("\n");
}

function readYaml(file: string): unknown {
  try {
    return parseYaml(readFileSync(file, "utf8"));
  } catch (e) {
    throw new RuleFileError(`${file}: not valid YAML (${(e as Error).message.split("\n")[0]}); fix the file`);
  }
}

export function parseRuleFile(file: string, data: unknown, family: LangFamily): LoadedRule {
  const parsed = ruleFileSchema.safeParse(data);
  if (!parsed.success) throw new RuleFileError(describe(file, parsed.error));
  const spec = parsed.data;
  const expected = `vigil.sast.${family}.${basename(file, ".yaml")}`;
  if (spec.id !== expected) {
    throw new RuleFileError(`${file}: field id: is ${spec.id} but the file's place says ${expected}`);
  }
  return {
    file,
    family,
    spec,
    rule: {
      id: spec.id,
      scanner: "sast",
      title: spec.title,
      cwe: spec.cwe,
      severity: spec.severity,
      description: spec.description,
      remediation: spec.remediation,
      references: spec.references,
      targets: LANG_SPECS[family].targets,
      ...(spec.owasp ? { owasp: spec.owasp } : {}),
    },
  };
}

export function parseLangTaint(file: string, data: unknown): LangTaint {
  const parsed = langTaintSchema.safeParse(data);
  if (!parsed.success) throw new RuleFileError(describe(file, parsed.error));
  return parsed.data;
}

export const RULES_DIR = new URL("./rules/", import.meta.url);

/** Every rule file and language taint file under `dir` (default: the shipped rules). */
export function loadRuleFiles(dir: string = RULES_DIR.pathname): {
  rules: LoadedRule[];
  taint: Map<LangFamily, LangTaint>;
} {
  const rules: LoadedRule[] = [];
  const taint = new Map<LangFamily, LangTaint>();
  for (const family of Object.keys(LANG_SPECS) as LangFamily[]) {
    const folder = join(dir, family);
    let entries: string[];
    try {
      entries = readdirSync(folder).sort();
    } catch {
      continue;
    }
    for (const name of entries) {
      if (!name.endsWith(".yaml")) continue;
      const file = join(folder, name);
      if (name === "_taint.yaml") taint.set(family, parseLangTaint(file, readYaml(file)));
      else rules.push(parseRuleFile(file, readYaml(file), family));
    }
    if (!taint.has(family))
      throw new RuleFileError(`${folder}: _taint.yaml is missing; every language needs one`);
  }
  const seen = new Set<string>();
  for (const r of rules) {
    if (seen.has(r.spec.id)) throw new RuleFileError(`${r.file}: field id: ${r.spec.id} is used twice`);
    seen.add(r.spec.id);
  }
  return { rules, taint };
}
