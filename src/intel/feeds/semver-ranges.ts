import semver from "semver";
import { type Interval, intersect } from "./intervals.js";

/** Orders SemVer strings (loose: "v1.2.3", "1.2.3-rc1"). */
export function compareSemver(a: string, b: string): number {
  return semver.compare(a, b, true);
}

function comparatorInterval(c: semver.Comparator): Interval {
  if (c.value === "") return {}; // "*": any version
  const version = c.semver.version;
  switch (c.operator) {
    case ">":
    case ">=":
      return { lower: { version, inclusive: c.operator === ">=" } };
    case "<":
      return { upper: { version: version.replace(/-0$/, ""), inclusive: false } };
    case "<=":
      return { upper: { version, inclusive: true } };
    default:
      return { lower: { version, inclusive: true }, upper: { version, inclusive: true } };
  }
}

/**
 * A node-semver range as intervals, one per comparator set (`||` alternative), in the order written;
 * a contradictory set (`<1.0.0 >=2.0.0`) comes back as undefined in its place. Node-semver writes `1.x`
 * as `>=1.0.0 <2.0.0-0`: the `-0` (lowest prerelease) is dropped from upper bounds so that the bound
 * reads `fixed 2.0.0`, as advisories mean it.
 * @throws TypeError from node-semver when the text is not a range
 */
export function semverRangeIntervals(text: string): (Interval | undefined)[] {
  const range = new semver.Range(text, { loose: true });
  return range.set.map((comparators) => {
    let acc: Interval | undefined = {};
    for (const c of comparators) {
      if (acc === undefined) break;
      acc = intersect(acc, comparatorInterval(c), compareSemver);
    }
    return acc;
  });
}
