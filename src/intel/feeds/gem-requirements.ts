import { type Compare, complement, type Interval, intersect, union } from "./intervals.js";

const COMPARATOR = /^\s*(~>|>=|<=|!=|=|>|<)?\s*([0-9A-Za-z][0-9A-Za-z.\-+]*)\s*$/;

/**
 * The upper end of `~> v` (Gem::Version#bump): drop trailing prerelease parts, drop the last numeric
 * segment when there are two or more, increment the new last one. "5.2.4" -> "5.3", "5" -> "6",
 * "1.0.0.rc1" -> "1.1".
 */
export function gemBump(version: string): string {
  const segments = version.split(".").flatMap((s) => s.match(/\d+|[A-Za-z]+/g) ?? []);
  while (segments.some((s) => /[A-Za-z]/.test(s))) segments.pop();
  if (segments.length > 1) segments.pop();
  const last = segments.pop() ?? "0";
  segments.push(String(Number.parseInt(last, 10) + 1));
  return segments.join(".");
}

/** The versions one comparator of a RubyGems requirement allows ("~> 5.2.4", ">= 6.0.3.1", "1.0"). */
export function gemComparatorIntervals(text: string): Interval[] {
  const m = COMPARATOR.exec(text);
  if (m === null) throw new Error(`${JSON.stringify(text.trim())} is not a RubyGems requirement`);
  const op = m[1] ?? "=";
  const version = m[2] as string;
  switch (op) {
    case "=":
      return [{ lower: { version, inclusive: true }, upper: { version, inclusive: true } }];
    case "!=":
      return [{ upper: { version, inclusive: false } }, { lower: { version, inclusive: false } }];
    case ">":
    case ">=":
      return [{ lower: { version, inclusive: op === ">=" } }];
    case "<":
    case "<=":
      return [{ upper: { version, inclusive: op === "<=" } }];
    default:
      return [
        { lower: { version, inclusive: true }, upper: { version: gemBump(version), inclusive: false } },
      ];
  }
}

/** The versions a requirement list item allows: its comma-separated comparators must all hold. */
export function gemRequirementIntervals(requirement: string, cmp: Compare): Interval[] {
  let acc: Interval[] = [{}];
  for (const part of requirement.split(",")) {
    const next: Interval[] = [];
    for (const a of acc) {
      for (const b of gemComparatorIntervals(part)) {
        const i = intersect(a, b, cmp);
        if (i !== undefined) next.push(i);
      }
    }
    acc = union(next, cmp);
  }
  return acc;
}

/**
 * The affected versions of a RubySec advisory: those matching no `patched_versions` and no
 * `unaffected_versions` requirement (bundler-audit's rule), as sorted, disjoint intervals.
 * @throws Error when a requirement cannot be read, or a version cannot be compared
 */
export function gemAffectedIntervals(
  patched: readonly string[],
  unaffected: readonly string[],
  cmp: Compare,
): Interval[] {
  const safe = [...patched, ...unaffected].flatMap((r) => gemRequirementIntervals(r, cmp));
  return complement(safe, cmp);
}
