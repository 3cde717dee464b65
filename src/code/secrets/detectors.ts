/**
 * Detectors are data: one YAML file per detector under `rules/`, parsed once at load into a typed,
 * compiled `Detector`. The allow-list (`allowlist.yaml`) is data too. A bad file fails the load with an
 * error naming the file and the field.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { InputError } from "../../errors.js";
import type { CodeRule } from "../../model/code.js";
import { VERIFIERS, type VerifierName } from "./verifiers.js";

export type Verified = "checksum" | "format" | "none";

const regexSource = z.string().min(1);
const flags = z
  .string()
  .regex(/^[ims]*$/, "only the flags i, m and s may be given (g and d are always added)")
  .default("");

const patternSchema = z.strictObject({
  /** Must contain a named group `secret`: the part that is redacted and hashed. */
  regex: regexSource,
  flags,
  /** Only files whose path matches this regex (e.g. config files for unquoted assignments). */
  paths: z.string().optional(),
});

const companionSchema = z.strictObject({
  /** Must contain a named group `value`. */
  regex: regexSource,
  flags,
  /** How many lines above or below the primary match the companion may be. */
  within: z.number().int().min(0).max(200),
  /** Whether the companion is secret too (redacted in the snippet and allow-list checked). */
  secret: z.boolean(),
  /** Required companions make the match; optional ones only add evidence. */
  required: z.boolean().default(true),
  /** The evidence field the companion's value goes into (only for non-secret companions). */
  evidence: z.string().optional(),
  /** Minimum Shannon entropy (bits per character) of the companion value. */
  entropy: z.number().min(0).max(8).optional(),
});

const detectorSchema = z
  .strictObject({
    id: z.string().regex(/^vigil\.secrets\.[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be vigil.secrets.<name>"),
    title: z.string().min(1),
    cwe: z.array(z.string().regex(/^CWE-\d+$/, "must look like CWE-798")).min(1),
    severity: z.enum(["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL"]),
    description: z.string().min(1),
    remediation: z.string().min(1),
    references: z.array(z.url()).min(1),
    /** Lower-case substrings; the detector runs on a file only if one of them occurs in it. */
    keywords: z.array(z.string().min(2)).min(1),
    patterns: z.array(patternSchema).min(1),
    companion: companionSchema.optional(),
    /** Named check in verifiers.ts (checksum, structure); may reject a match or raise its level. */
    verifier: z.enum(Object.keys(VERIFIERS) as [VerifierName, ...VerifierName[]]).optional(),
    /** What a match that passes the patterns (and the verifier, if any) is verified as. */
    verified: z.enum(["checksum", "format", "none"]).default("none"),
    /** Minimum Shannon entropy (bits per character) of the secret. */
    entropy: z.number().min(0).max(8).optional(),
    /** Drop values that look like placeholders (allowlist.yaml `placeholders`). */
    placeholders: z.boolean().default(false),
    /** This detector's own exclusions: regexes on a named group of the match (the secret by default). */
    exclude: z
      .array(
        z.strictObject({
          regex: regexSource,
          reason: z.string().min(1),
          group: z.string().default("secret"),
        }),
      )
      .default([]),
    /** A fallback detector's match is dropped where any specific detector matched or rejected. */
    fallback: z.boolean().default(false),
    /** Ids of detectors whose overlapping matches this detector's match replaces. */
    supersedes: z.array(z.string()).default([]),
  })
  .refine((d) => d.verified !== "checksum" || d.verifier !== undefined, {
    path: ["verified"],
    message: "checksum verification needs a verifier",
  });

export type DetectorSpec = z.infer<typeof detectorSchema>;

export interface CompiledPattern {
  regex: RegExp;
  paths?: RegExp;
}

export interface Detector {
  spec: DetectorSpec;
  rule: CodeRule;
  patterns: CompiledPattern[];
  exclude: { regex: RegExp; group: string }[];
  companion?: Omit<NonNullable<DetectorSpec["companion"]>, "regex"> & { regex: RegExp };
  file: string;
}

const allowlistSchema = z.strictObject({
  values: z.array(z.strictObject({ value: z.string().min(8), source: z.url() })),
  patterns: z.array(z.strictObject({ regex: regexSource, reason: z.string().min(1) })),
  jwtClaims: z.array(
    z.strictObject({ claims: z.record(z.string(), z.union([z.string(), z.number()])), source: z.url() }),
  ),
  placeholders: z.array(z.strictObject({ regex: regexSource, reason: z.string().min(1) })),
});

export interface Allowlist {
  values: Set<string>;
  patterns: RegExp[];
  jwtClaims: Record<string, string | number>[];
  placeholders: RegExp[];
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => `${i.path.length > 0 ? i.path.join(".") : "(top level)"}: ${i.message}`)
    .join("; ");
}

function readYaml(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(file, `cannot read the file: ${(e as Error).message}`);
  }
  try {
    return parseYaml(text);
  } catch (e) {
    throw new InputError(file, `not valid YAML (${(e as Error).message}); fix the syntax`);
  }
}

function compile(file: string, field: string, source: string, flagsText: string, group: string): RegExp {
  let re: RegExp;
  try {
    re = new RegExp(source, group === "" ? flagsText : `${flagsText}gd`);
  } catch (e) {
    throw new InputError(file, `${field}: not a valid regular expression (${(e as Error).message})`);
  }
  if (group !== "" && !source.includes(`(?<${group}>`)) {
    throw new InputError(file, `${field}: the regex needs a named group (?<${group}>...)`);
  }
  return re;
}

export function parseDetector(file: string, data: unknown): Detector {
  const parsed = detectorSchema.safeParse(data);
  if (!parsed.success) {
    throw new InputError(file, `invalid detector: ${describeIssues(parsed.error)}`);
  }
  const spec = parsed.data;
  const name = basename(file).replace(/\.ya?ml$/, "");
  if (spec.id !== `vigil.secrets.${name}`) {
    throw new InputError(file, `id: must be vigil.secrets.${name} (the file name), not ${spec.id}`);
  }
  for (const [i, k] of spec.keywords.entries()) {
    if (k !== k.toLowerCase()) throw new InputError(file, `keywords.${i}: must be lower case (${k})`);
  }
  const patterns = spec.patterns.map((p, i) => ({
    regex: compile(file, `patterns.${i}.regex`, p.regex, p.flags, "secret"),
    ...(p.paths !== undefined ? { paths: compile(file, `patterns.${i}.paths`, p.paths, "", "") } : {}),
  }));
  const exclude = spec.exclude.map((e, i) => ({
    regex: compile(file, `exclude.${i}.regex`, e.regex, "", ""),
    group: e.group,
  }));
  for (const [i, e] of spec.exclude.entries()) {
    if (!spec.patterns.every((p) => p.regex.includes(`(?<${e.group}>`))) {
      throw new InputError(file, `exclude.${i}.group: every pattern needs a named group (?<${e.group}>...)`);
    }
  }
  const companion =
    spec.companion !== undefined
      ? {
          ...spec.companion,
          regex: compile(file, "companion.regex", spec.companion.regex, spec.companion.flags, "value"),
        }
      : undefined;
  if (companion && !companion.secret && companion.evidence === undefined) {
    throw new InputError(file, "companion.evidence: a non-secret companion must name its evidence field");
  }
  const rule: CodeRule = {
    id: spec.id,
    scanner: "secrets",
    title: spec.title,
    cwe: spec.cwe,
    severity: spec.severity,
    description: spec.description.trim(),
    remediation: spec.remediation.trim(),
    references: spec.references,
    targets: [],
  };
  return { spec, rule, patterns, exclude, ...(companion ? { companion } : {}), file };
}

/** Every `*.yaml` in `dir`, sorted by file name. @throws InputError naming the file and field */
export function loadDetectors(dir: string): Detector[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".yaml") || n.endsWith(".yml"));
  } catch (e) {
    throw new InputError(dir, `cannot read the secrets detector folder: ${(e as Error).message}`);
  }
  const detectors = names.sort().map((n) => parseDetector(join(dir, n), readYaml(join(dir, n))));
  const ids = new Set(detectors.map((d) => d.spec.id));
  for (const d of detectors) {
    for (const [i, s] of d.spec.supersedes.entries()) {
      if (!ids.has(s)) throw new InputError(d.file, `supersedes.${i}: no detector has the id ${s}`);
    }
  }
  return detectors;
}

export function loadAllowlist(file: string): Allowlist {
  const parsed = allowlistSchema.safeParse(readYaml(file));
  if (!parsed.success) throw new InputError(file, `invalid allow-list: ${describeIssues(parsed.error)}`);
  const a = parsed.data;
  const re = (field: string, i: number, s: string): RegExp => {
    try {
      return new RegExp(s, "i");
    } catch (e) {
      throw new InputError(
        file,
        `${field}.${i}.regex: not a valid regular expression (${(e as Error).message})`,
      );
    }
  };
  return {
    values: new Set(a.values.map((v) => v.value)),
    patterns: a.patterns.map((p, i) => re("patterns", i, p.regex)),
    jwtClaims: a.jwtClaims.map((c) => c.claims),
    placeholders: a.placeholders.map((p, i) => re("placeholders", i, p.regex)),
  };
}
