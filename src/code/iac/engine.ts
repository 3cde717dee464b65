/**
 * The check engine: evaluates a check's condition over one resource with three outcomes (true, false,
 * unknown); only `true` is reported, so a value the file leaves to deploy time never raises a finding.
 * The line reported is the offending attribute's: in an `all`, the last condition that reached an
 * existing attribute (so a check lists its filters first and the offending attribute last); when the
 * attribute is missing, the resource's first line.
 */
import type { CodeMatch } from "../../model/code.js";
import type { Check, Condition, Operator } from "./check.js";
import { formatPath, isRecord, lineOf, type Resource, type Segment, Unknown } from "./model.js";
import { type Expansion, expand, parsePath } from "./path.js";
import { type Outcome, PREDICATES, type Truth } from "./predicates.js";

interface Scope {
  resource: Resource;
  resources: readonly Resource[];
  /** The value paths are relative to (the resource's value, or a list element inside `some`). */
  root: unknown;
  /** Where `root` sits in the resource's value. */
  base: Segment[];
}

function expandAt(scope: Scope, path: string): Expansion {
  if (path === "$type") return { found: [{ segments: [], value: scope.resource.type }], unknown: false };
  return expand(scope.root, parsePath(path));
}

const NEGATIVE: ReadonlySet<Operator> = new Set(["absent", "not-equals", "not-in", "not-matches"]);

function norm(v: unknown, ignoreCase: boolean): unknown {
  if (typeof v === "string" && ignoreCase) return v.toLowerCase();
  return v;
}

/** Equality that reads HCL's `"22"` as 22 and `"true"` as true. */
function same(a: unknown, b: unknown, ignoreCase: boolean): boolean {
  const x = norm(a, ignoreCase);
  const y = norm(b, ignoreCase);
  if (x === y) return true;
  if ((typeof x === "string") !== (typeof y === "string") && typeof x !== "object" && typeof y !== "object") {
    return String(x) === String(y);
  }
  return false;
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
}

/** One value against one operator (not exists/absent). */
function test(op: Operator, v: unknown, expected: unknown, ignoreCase: boolean): Truth {
  if (v instanceof Unknown) return "unknown";
  const list = Array.isArray(expected) ? expected : [expected];
  switch (op) {
    case "equals":
      return same(v, expected, ignoreCase);
    case "not-equals":
      return !same(v, expected, ignoreCase);
    case "in":
      return list.some((e) => same(v, e, ignoreCase));
    case "not-in":
      return !list.some((e) => same(v, e, ignoreCase));
    case "any-of": {
      const items = Array.isArray(v) ? v : [v];
      if (
        items.some((i) => i instanceof Unknown) &&
        !items.some((i) => list.some((e) => same(i, e, ignoreCase)))
      ) {
        return "unknown";
      }
      return items.some((i) => list.some((e) => same(i, e, ignoreCase)));
    }
    case "matches":
    case "not-matches": {
      if (typeof v !== "string" && typeof v !== "number") return op === "not-matches";
      const hit = new RegExp(String(expected), ignoreCase ? "i" : "").test(String(v));
      return op === "matches" ? hit : !hit;
    }
    case "lte":
    case "gte": {
      const n = toNumber(v);
      if (n === undefined) return typeof v === "string" && v.includes("${") ? "unknown" : false;
      return op === "lte" ? n <= Number(expected) : n >= Number(expected);
    }
    default:
      return false;
  }
}

function evaluate(cond: Condition, scope: Scope): Outcome {
  if ("all" in cond) {
    let unknown = false;
    let at: Segment[] | undefined;
    for (const c of cond.all) {
      const o = evaluate(c, scope);
      if (o.truth === false) return { truth: false };
      if (o.truth === "unknown") unknown = true;
      else if (o.at) at = o.at;
    }
    return unknown ? { truth: "unknown" } : at ? { truth: true, at } : { truth: true };
  }
  if ("any" in cond) {
    let unknown = false;
    for (const c of cond.any) {
      const o = evaluate(c, scope);
      if (o.truth === true) return o;
      if (o.truth === "unknown") unknown = true;
    }
    return { truth: unknown ? "unknown" : false };
  }
  if ("not" in cond) {
    const o = evaluate(cond.not, scope);
    return { truth: o.truth === "unknown" ? "unknown" : !o.truth };
  }
  if ("some" in cond) {
    const e = expandAt(scope, cond.some.endsWith("]") ? cond.some : `${cond.some}[*]`);
    let unknown = e.unknown;
    for (const f of e.found) {
      if (f.value instanceof Unknown) {
        unknown = true;
        continue;
      }
      const base = [...scope.base, ...f.segments];
      const o = evaluate(cond.where, { ...scope, root: f.value, base });
      if (o.truth === true) return { truth: true, at: o.at ?? base };
      if (o.truth === "unknown") unknown = true;
    }
    return { truth: unknown ? "unknown" : false };
  }
  if ("predicate" in cond) {
    const fn = PREDICATES[cond.predicate]!;
    const values = cond.path ? expandAt(scope, cond.path) : undefined;
    const input = {
      resource: scope.resource,
      resources: scope.resources,
      args: cond.args ?? {},
      ...(values
        ? {
            values: {
              ...values,
              found: values.found.map((f) => ({ ...f, segments: [...scope.base, ...f.segments] })),
            },
          }
        : {}),
    };
    return fn(input);
  }
  const e = expandAt(scope, cond.path);
  const at = (f: { segments: Segment[] }) =>
    cond.path === "$type" ? undefined : [...scope.base, ...f.segments];
  if (cond.op === "exists") {
    if (e.found.length) return withAt(true, at(e.found[0]!));
    return { truth: e.unknown ? "unknown" : false };
  }
  if (cond.op === "absent") {
    if (e.found.length) return { truth: false };
    return { truth: e.unknown ? "unknown" : true };
  }
  let unknown = e.unknown;
  for (const f of e.found) {
    const t = test(cond.op, f.value, cond.value, cond.ignoreCase ?? false);
    if (t === true) return withAt(true, at(f));
    if (t === "unknown") unknown = true;
  }
  if (unknown) return { truth: "unknown" };
  return { truth: e.found.length === 0 && NEGATIVE.has(cond.op) };
}

function withAt(truth: Truth, at: Segment[] | undefined): Outcome {
  return at ? { truth, at } : { truth };
}

/** The attribute path for the match key: list elements by their `name` where they have one. */
function keyPath(value: unknown, segments: readonly Segment[]): string {
  const out: string[] = [];
  let cur = value;
  for (const s of segments) {
    if (typeof s === "number") {
      const el = Array.isArray(cur) ? cur[s] : undefined;
      const name = isRecord(el) && typeof el.name === "string" ? el.name : undefined;
      out.push(name !== undefined ? `[${name}]` : `[${s}]`);
      cur = el;
    } else {
      out.push(out.length ? `.${s}` : s);
      cur = isRecord(cur) ? cur[s] : undefined;
    }
  }
  return out.join("");
}

function valueAt(value: unknown, segments: readonly Segment[]): unknown {
  let cur = value;
  for (const s of segments) {
    if (typeof s === "number") cur = Array.isArray(cur) ? cur[s] : undefined;
    else cur = isRecord(cur) ? cur[s] : undefined;
  }
  return cur;
}

function redact(text: string, secrets: readonly string[] | undefined): string {
  let out = text;
  for (const s of secrets ?? []) out = out.split(s).join("***");
  return out;
}

/** Every match of these checks in one file's resources. */
export function runChecks(
  checks: readonly Check[],
  resources: readonly Resource[],
  path: string,
  sourceLines: readonly string[],
): CodeMatch[] {
  const out: CodeMatch[] = [];
  for (const check of checks) {
    for (const resource of resources) {
      if (resource.kind !== check.kind || !check.resources.includes(resource.type)) continue;
      const o = evaluate(check.condition, { resource, resources, root: resource.value, base: [] });
      if (o.truth !== true) continue;
      const line = o.at ? lineOf(resource, o.at) : resource.line;
      const attribute = o.at?.length ? formatPath(o.at) : undefined;
      const shown = o.at ? valueAt(resource.value, o.at) : undefined;
      const detail =
        attribute === undefined
          ? ""
          : typeof shown === "string" || typeof shown === "number" || typeof shown === "boolean"
            ? ` (${attribute} = ${JSON.stringify(shown).slice(0, 80)})`
            : ` (${attribute})`;
      const evidence: Record<string, string> = { resource: resource.address, kind: resource.kind };
      if (attribute !== undefined) evidence.attribute = attribute;
      out.push({
        ruleId: check.id,
        location: { path, startLine: line, endLine: line },
        message: `${check.title}: ${resource.address}${detail}`,
        snippet: redact((sourceLines[line - 1] ?? "").trimEnd(), resource.redact),
        key: `${resource.kind}|${resource.id ?? resource.address}|${o.at ? keyPath(resource.value, o.at) : ""}`,
        evidence,
      });
    }
  }
  return out.sort((a, b) => a.location.startLine - b.location.startLine || a.ruleId.localeCompare(b.ruleId));
}
