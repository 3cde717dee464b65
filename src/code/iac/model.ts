/**
 * What the IaC parsers hand to the check engine: resources with a plain value tree and the source line
 * of every attribute in it. Values the file does not fix (a Terraform `var.x`, a CloudFormation `!Ref`,
 * a Helm `{{ .Values.x }}`) are `Unknown`: a check never fires on them.
 */

/** The file kinds this analyzer reads; the middle part of a check id. */
export const IAC_KINDS = ["dockerfile", "kubernetes", "terraform", "cloudformation", "compose"] as const;
export type IacKind = (typeof IAC_KINDS)[number];

/** A value the file leaves to deploy time (an expression, a reference, a template). */
export class Unknown {
  constructor(readonly text: string) {}
}

/**
 * Marks a mapping that may hold more keys than were read (a Helm template line that emits keys, a
 * Terraform `dynamic` block): a key missing from it is unknown, not absent.
 */
export const OPEN = Symbol("open mapping");

export type Segment = string | number;

/** `a.b[0].c` */
export function formatPath(segments: readonly Segment[]): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else out += out === "" ? s : `.${s}`;
  }
  return out;
}

export interface Resource {
  kind: IacKind;
  /** What checks select on: `aws_s3_bucket`, `AWS::S3::Bucket`, `Container`, `Workload`, `stage`, `service`. */
  type: string;
  /** Names the resource for a person and in the match key: `aws_security_group.web`, `Deployment/default/api container app`. */
  address: string;
  /** Names the resource in the match key when the address would change with unrelated edits; else the address. */
  id?: string;
  /** The resource's first line (reported when the offending attribute is missing). */
  line: number;
  value: Record<string, unknown>;
  /** Literal values never shown in a snippet (an ENV value whose name says it is a secret). */
  redact?: string[];
  /** formatPath(segments) -> 1-based line of that attribute. */
  lines: Map<string, number>;
}

/** The line of the attribute at `segments`, or of its nearest ancestor that has one, or of the resource. */
export function lineOf(resource: Resource, segments: readonly Segment[]): number {
  for (let n = segments.length; n > 0; n--) {
    const line = resource.lines.get(formatPath(segments.slice(0, n)));
    if (line !== undefined) return line;
  }
  return resource.line;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Unknown);
}
