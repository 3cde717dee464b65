/**
 * YAML (and JSON, which the same parser reads) to plain values with the line of every attribute,
 * CloudFormation's short-form intrinsic tags (`!Ref x`, `!GetAtt a.b`, `!Sub ...`) read as the long form
 * (`{Ref: x}`, `{"Fn::GetAtt": [a, b]}`), never as errors.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from "yaml";
import { formatPath, OPEN, type Segment } from "./model.js";

export interface YamlDoc {
  value: unknown;
  /** Line of the document's first node. */
  line: number;
  /** formatPath(path from the document root) -> line. */
  lines: Map<string, number>;
}

export interface YamlParse {
  docs: YamlDoc[];
  /** The first error, as `line N: message`; the file is then not read at all. */
  error?: string;
}

/** Keys that a Helm template line stood in for (see helm.ts). */
export const TEMPLATE_KEY = "__vigil_template__";
/** The scalar a Helm `{{ ... }}` expression is replaced with. */
export const TEMPLATE_TOKEN = "__VIGIL_TPL__";

export function parseYaml(text: string, options: { uniqueKeys?: boolean } = {}): YamlParse {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, {
    lineCounter,
    uniqueKeys: options.uniqueKeys ?? true,
    prettyErrors: false,
    strict: false,
  });
  const all = Array.isArray(parsed) ? parsed : [];
  const docs: YamlDoc[] = [];
  for (const doc of all) {
    const err = doc.errors[0];
    if (err) {
      const pos = lineCounter.linePos(err.pos[0]);
      return { docs: [], error: `line ${pos.line}: ${err.message.split("\n")[0]}` };
    }
    if (!doc.contents) continue;
    const lines = new Map<string, number>();
    const lineAt = (offset: number) => lineCounter.linePos(offset).line;
    const value = toValue(doc.contents as Node, [], lines, lineAt);
    const start = (doc.contents as Node).range?.[0] ?? 0;
    docs.push({ value, line: lineAt(start), lines });
  }
  return { docs };
}

/** Long-form name of a CloudFormation short-form tag. */
function intrinsic(tag: string): string | undefined {
  if (!tag.startsWith("!")) return undefined;
  const name = tag.slice(1);
  if (name === "Ref" || name === "Condition") return name;
  return `Fn::${name}`;
}

function toValue(
  node: Node | null | undefined,
  path: Segment[],
  lines: Map<string, number>,
  lineAt: (offset: number) => number,
): unknown {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return null;
  let value: unknown;
  if (isMap(node)) {
    const obj: Record<string, unknown> = {};
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode ?? "");
      if (key === "<<") continue;
      const child = [...path, key];
      const at = keyNode?.range?.[0] ?? (pair.value as Node | null)?.range?.[0];
      if (at !== undefined) lines.set(formatPath(child), lineAt(at));
      if (key === TEMPLATE_KEY) {
        (obj as Record<symbol, unknown>)[OPEN] = true;
        continue;
      }
      obj[key] = toValue(pair.value as Node | null, child, lines, lineAt);
    }
    value = obj;
  } else if (isSeq(node)) {
    value = node.items.map((item, i) => {
      const child = [...path, i];
      const at = (item as Node | null)?.range?.[0];
      if (at !== undefined) lines.set(formatPath(child), lineAt(at));
      return toValue(item as Node | null, child, lines, lineAt);
    });
  } else if (isScalar(node)) {
    value = node.value;
  } else {
    value = null;
  }
  const tag = node.tag;
  if (tag?.startsWith("!") && !tag.startsWith("!!")) {
    const name = intrinsic(tag);
    if (name === "Fn::GetAtt" && typeof value === "string") value = value.split(".");
    if (name) return { [name]: value };
  }
  return value;
}
