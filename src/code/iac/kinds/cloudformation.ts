/**
 * CloudFormation templates, YAML or JSON. Short-form intrinsics (`!Ref`, `!Sub`, `!GetAtt`, `!If`...) are
 * read by yaml-tree.ts as their long form; here every intrinsic (`{Ref: x}`, `{"Fn::...": ...}`) becomes
 * an unknown value, since CloudFormation resolves it at deploy time. One resource per entry of
 * `Resources`, typed by its `Type` (`AWS::S3::Bucket`); its value is the entry (`Type`, `Properties`...).
 */
import { formatPath, isRecord, type Resource, Unknown } from "../model.js";
import type { YamlDoc } from "../yaml-tree.js";

export function looksLikeCloudFormation(v: unknown): boolean {
  if (!isRecord(v)) return false;
  if ("AWSTemplateFormatVersion" in v) return true;
  if (!isRecord(v.Resources)) return false;
  return Object.values(v.Resources).some(
    (r) => isRecord(r) && typeof r.Type === "string" && /^(AWS|Alexa|Custom)::/.test(r.Type),
  );
}

function resolveIntrinsics(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(resolveIntrinsics);
  if (!isRecord(v)) return v;
  const keys = Object.keys(v);
  if (keys.length === 1 && (keys[0] === "Ref" || keys[0]!.startsWith("Fn::"))) {
    return new Unknown(`${keys[0]} ${JSON.stringify(v[keys[0]!])}`);
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = resolveIntrinsics(x);
  return out;
}

export function cloudFormationResources(doc: YamlDoc): Resource[] {
  const out: Resource[] = [];
  if (!isRecord(doc.value) || !isRecord(doc.value.Resources)) return out;
  for (const [logicalId, raw] of Object.entries(doc.value.Resources)) {
    if (!isRecord(raw) || typeof raw.Type !== "string") continue;
    const prefix = formatPath(["Resources", logicalId]);
    const lines = new Map<string, number>();
    for (const [p, line] of doc.lines) {
      if (p.startsWith(`${prefix}.`)) lines.set(p.slice(prefix.length + 1), line);
    }
    out.push({
      kind: "cloudformation",
      type: raw.Type,
      address: `${logicalId} (${raw.Type})`,
      id: logicalId,
      line: doc.lines.get(prefix) ?? doc.line,
      value: resolveIntrinsics(raw) as Record<string, unknown>,
      lines,
    });
  }
  return out;
}
