import { parseDocument } from "yaml";
import { InputError } from "../../../errors.js";
import { isObject, type JsonObject, lineAt } from "./json.js";

/** Parses a YAML lockfile (yarn berry, pnpm) whose top level must be a map; errors carry the line. */
export function parseYamlObject(source: string, text: string): JsonObject {
  const doc = parseDocument(text, { uniqueKeys: false });
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0]?.line ?? lineAt(text, error.pos[0]);
    throw new InputError(`${source} line ${line}`, `not valid YAML (${error.message.split("\n")[0]})`);
  }
  const value: unknown = doc.toJS();
  if (!isObject(value)) throw new InputError(`${source} line 1`, "expected a YAML map at the top level");
  return value;
}

/** 1-based line of the first line that starts a map key equal to `key` (quoted or not); 1 if not found. */
export function lineOfYamlKey(text: string, key: string): number {
  for (const candidate of [`${JSON.stringify(key)}:`, `'${key}':`, `${key}:`]) {
    const at = text.indexOf(candidate);
    if (at !== -1) return lineAt(text, at);
  }
  return 1;
}
