/** Paths into a resource's value tree: `a.b[*].c`, `policy@json.Statement[*]`, `$type`. */
import { isRecord, OPEN, type Segment, Unknown } from "./model.js";

export type Step = { key: string } | { index: number } | { wild: true } | { json: true };

const cache = new Map<string, Step[]>();

export function parsePath(path: string): Step[] {
  const hit = cache.get(path);
  if (hit) return hit;
  const steps: Step[] = [];
  for (const part of path.split(".")) {
    const m = /^([^[@]+)(@json)?((?:\[(?:\*|\d+)\])*)$/.exec(part);
    if (!m) throw new Error(`bad path ${path}`);
    steps.push({ key: m[1]! });
    if (m[2]) steps.push({ json: true });
    for (const idx of (m[3] ?? "").matchAll(/\[(\*|\d+)\]/g)) {
      steps.push(idx[1] === "*" ? { wild: true } : { index: Number(idx[1]) });
    }
  }
  cache.set(path, steps);
  return steps;
}

export interface Found {
  segments: Segment[];
  value: unknown;
}

export interface Expansion {
  found: Found[];
  /** Part of the path went through a value the file does not fix, or a key missing from an open mapping. */
  unknown: boolean;
}

/**
 * Every value the path reaches. `[*]` on a value that is not a list takes the value itself (a policy's
 * `Action: "*"` and `Action: ["*"]` read alike); `@json` decodes a JSON string (a policy document held
 * as text). Nulls count as missing.
 */
export function expand(root: unknown, steps: readonly Step[]): Expansion {
  let states: Found[] = [{ segments: [], value: root }];
  let unknown = false;
  for (const step of steps) {
    const next: Found[] = [];
    for (const s of states) {
      const v = s.value;
      if (v instanceof Unknown) {
        unknown = true;
        continue;
      }
      if ("key" in step) {
        if (isRecord(v)) {
          if (Object.hasOwn(v, step.key))
            next.push({ segments: [...s.segments, step.key], value: v[step.key] });
          else if ((v as Record<symbol, unknown>)[OPEN]) unknown = true;
        }
      } else if ("json" in step) {
        if (typeof v === "string") {
          try {
            next.push({ segments: s.segments, value: JSON.parse(v) });
          } catch {
            // Not JSON: nothing there.
          }
        } else next.push(s);
      } else if ("wild" in step) {
        if (Array.isArray(v)) {
          v.forEach((x, i) => {
            next.push({ segments: [...s.segments, i], value: x });
          });
        } else if (v !== null && v !== undefined) next.push(s);
      } else if (Array.isArray(v) && step.index < v.length) {
        next.push({ segments: [...s.segments, step.index], value: v[step.index] });
      }
    }
    states = next.filter((f) => f.value !== null && f.value !== undefined);
  }
  return { found: states, unknown };
}
