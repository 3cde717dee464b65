import type { RangeEvent } from "../../model/advisory.js";

/** An ordering of version strings: negative, 0 or positive like Array.prototype.sort's comparator. */
export type Compare = (a: string, b: string) => number;

/** One end of an interval of versions. */
export interface Bound {
  version: string;
  inclusive: boolean;
}

/** A set of versions between two bounds; a missing bound is unbounded on that side. */
export interface Interval {
  lower?: Bound;
  upper?: Bound;
}

function isEmpty(i: Interval, cmp: Compare): boolean {
  if (i.lower === undefined || i.upper === undefined) return false;
  const c = cmp(i.lower.version, i.upper.version);
  return c > 0 || (c === 0 && !(i.lower.inclusive && i.upper.inclusive));
}

/** The higher of two lower bounds (undefined = unbounded). */
function maxLower(a: Bound | undefined, b: Bound | undefined, cmp: Compare): Bound | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const c = cmp(a.version, b.version);
  if (c !== 0) return c > 0 ? a : b;
  return a.inclusive ? b : a;
}

/** The lower of two upper bounds (undefined = unbounded). */
function minUpper(a: Bound | undefined, b: Bound | undefined, cmp: Compare): Bound | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const c = cmp(a.version, b.version);
  if (c !== 0) return c < 0 ? a : b;
  return a.inclusive ? b : a;
}

/** The intersection of two intervals, or undefined when they do not overlap. */
export function intersect(a: Interval, b: Interval, cmp: Compare): Interval | undefined {
  const out = withBounds(maxLower(a.lower, b.lower, cmp), minUpper(a.upper, b.upper, cmp));
  return isEmpty(out, cmp) ? undefined : out;
}

function withBounds(lower: Bound | undefined, upper: Bound | undefined): Interval {
  const out: Interval = {};
  if (lower !== undefined) out.lower = lower;
  if (upper !== undefined) out.upper = upper;
  return out;
}

function compareLower(a: Interval, b: Interval, cmp: Compare): number {
  if (a.lower === undefined) return b.lower === undefined ? 0 : -1;
  if (b.lower === undefined) return 1;
  const c = cmp(a.lower.version, b.lower.version);
  if (c !== 0) return c;
  return a.lower.inclusive === b.lower.inclusive ? 0 : a.lower.inclusive ? -1 : 1;
}

/** True when `next` (starting at or after `cur`) overlaps or touches `cur`, so the two merge. */
function touches(cur: Interval, next: Interval, cmp: Compare): boolean {
  if (cur.upper === undefined || next.lower === undefined) return true;
  const c = cmp(next.lower.version, cur.upper.version);
  return c < 0 || (c === 0 && (next.lower.inclusive || cur.upper.inclusive));
}

/** The union of intervals as sorted, disjoint intervals (empty ones dropped). */
export function union(intervals: readonly Interval[], cmp: Compare): Interval[] {
  const sorted = intervals.filter((i) => !isEmpty(i, cmp)).sort((a, b) => compareLower(a, b, cmp));
  const out: Interval[] = [];
  for (const i of sorted) {
    const cur = out[out.length - 1];
    if (cur !== undefined && touches(cur, i, cmp)) {
      out[out.length - 1] = withBounds(cur.lower, maxUpper(cur.upper, i.upper, cmp));
    } else out.push(i);
  }
  return out;
}

function maxUpper(a: Bound | undefined, b: Bound | undefined, cmp: Compare): Bound | undefined {
  if (a === undefined || b === undefined) return undefined;
  const c = cmp(a.version, b.version);
  if (c !== 0) return c > 0 ? a : b;
  return a.inclusive ? a : b;
}

/** The versions in none of the intervals, as sorted, disjoint intervals. */
export function complement(intervals: readonly Interval[], cmp: Compare): Interval[] {
  const out: Interval[] = [];
  let from: Bound | undefined; // lower bound of the next gap; undefined = from the lowest version
  let open = true; // whether the previous interval left a gap after it
  for (const i of union(intervals, cmp)) {
    if (i.lower !== undefined) {
      const gap = withBounds(from, { version: i.lower.version, inclusive: !i.lower.inclusive });
      if (!isEmpty(gap, cmp)) out.push(gap);
    }
    if (i.upper === undefined) {
      open = false;
      break;
    }
    from = { version: i.upper.version, inclusive: !i.upper.inclusive };
  }
  if (open) out.push(withBounds(from, undefined));
  return out;
}

/** The intersection of two unions of intervals. */
export function intersectAll(a: readonly Interval[], b: readonly Interval[], cmp: Compare): Interval[] {
  const out: Interval[] = [];
  for (const x of a) {
    for (const y of b) {
      const i = intersect(x, y, cmp);
      if (i !== undefined) out.push(i);
    }
  }
  return union(out, cmp);
}

/**
 * OSV range events for an interval: introduced (or "0" when unbounded below), then fixed for an
 * exclusive upper bound or last_affected for an inclusive one. OSV has no "introduced after": an
 * exclusive lower bound (from "> 1.0" or the complement of "<= 1.0") becomes introduced at that
 * version, so that one version is reported affected rather than a whole range missed.
 */
export function intervalEvents(i: Interval): RangeEvent[] {
  const events: RangeEvent[] = [{ introduced: i.lower?.version ?? "0" }];
  if (i.upper !== undefined) {
    events.push(i.upper.inclusive ? { last_affected: i.upper.version } : { fixed: i.upper.version });
  }
  return events;
}
