/**
 * Named predicates: the few conditions a declarative check cannot say. Each takes the values a path
 * reaches (or the resource itself) and answers true, false or unknown.
 * - `port-spec-includes`: port specs written as text (`"22"`, `"1000-2000"`, `"*"`) or numbers, as
 *   GCP firewalls and Azure NSG rules write them, include one of `args.ports`; with `args.allWhenAbsent`
 *   a missing spec means every port (a GCP `allow` block without `ports`).
 * - `referenced-by`: another resource in the same file, of type `args.type`, points at this one through
 *   `args.attribute` (`aws_s3_bucket_logging.bucket = aws_s3_bucket.logs.id`): Terraform's AWS provider
 *   v4+ configures a bucket's logging and encryption in such companion resources.
 */
import { isRecord, type Resource, type Segment, Unknown } from "./model.js";
import type { Expansion } from "./path.js";

export type Truth = true | false | "unknown";

export interface Outcome {
  truth: Truth;
  /** The attribute that decided it (its line is reported), from the resource's root. */
  at?: Segment[];
}

export interface PredicateInput {
  resource: Resource;
  /** Every resource of the same file (cross-resource predicates). */
  resources: readonly Resource[];
  /** What `path` reached, when the check gave one. */
  values?: Expansion;
  args: Record<string, unknown>;
}

export type Predicate = (input: PredicateInput) => Outcome;

function portSpecIncludes(spec: unknown, ports: readonly number[]): Truth {
  if (spec instanceof Unknown) return "unknown";
  if (typeof spec === "number") return ports.includes(spec);
  if (typeof spec !== "string") return false;
  const s = spec.trim().toLowerCase();
  if (s === "*" || s === "any" || s === "all") return true;
  if (s.includes("${")) return "unknown";
  const range = /^(\d+)\s*-\s*(\d+)$/.exec(s);
  if (range) {
    const lo = Number(range[1]);
    const hi = Number(range[2]);
    return ports.some((p) => p >= lo && p <= hi);
  }
  return /^\d+$/.test(s) && ports.includes(Number(s));
}

export const PREDICATES: Record<string, Predicate> = {
  "port-spec-includes": ({ values, args }) => {
    const ports = Array.isArray(args.ports)
      ? args.ports.filter((p): p is number => typeof p === "number")
      : [];
    if (!values) return { truth: false };
    let unknown = values.unknown;
    for (const f of values.found) {
      const t = portSpecIncludes(f.value, ports);
      if (t === true) return { truth: true, at: f.segments };
      if (t === "unknown") unknown = true;
    }
    if (values.found.length === 0 && args.allWhenAbsent === true && !unknown) return { truth: true };
    return { truth: unknown ? "unknown" : false };
  },

  "referenced-by": ({ resource, resources, args }) => {
    const type = String(args.type ?? "");
    const attribute = String(args.attribute ?? "");
    const ref = new RegExp(`(^|[^\\w.])${resource.address.replace(/[.[\]]/g, "\\$&")}[.[]`);
    const ownName = resource.value.bucket;
    for (const other of resources) {
      if (other.type !== type || !isRecord(other.value)) continue;
      const v = other.value[attribute];
      if (v instanceof Unknown && ref.test(v.text)) return { truth: true };
      if (typeof v === "string" && (ref.test(v) || (typeof ownName === "string" && v === ownName))) {
        return { truth: true };
      }
    }
    return { truth: false };
  },
};
