import { parseDocument } from "yaml";
import { errorMessage, InputError } from "../../../errors.js";
import { isObject, type JsonObject, lineAt } from "./json.js";

/** Deepest flow nesting ([ { ) a lockfile may have; real ones nest two or three levels. */
const MAX_FLOW_DEPTH = 256;

/** Longest line a YAML lockfile may have; real ones stay under 1 KiB (an integrity hash is ~100 bytes). */
const MAX_LINE_LENGTH = 16 * 1024;

/**
 * Refuses, before the YAML parser sees them, shapes on which the parser's time grows faster than
 * linearly: flow brackets nested (or closed) beyond MAX_FLOW_DEPTH (13,000 stray `]` in a 17 KB file
 * took seconds) and lines longer than MAX_LINE_LENGTH (one 80 KB line of `${x}` took over 3 s). Brackets
 * inside quoted strings are counted too; no lockfile comes near either limit.
 */
function checkShape(source: string, text: string): void {
  let depth = 0;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      lineStart = i + 1;
      continue;
    }
    if (i - lineStart > MAX_LINE_LENGTH) {
      throw new InputError(
        `${source} line ${lineAt(text, i)}`,
        `a line longer than ${MAX_LINE_LENGTH} bytes; not a lockfile`,
      );
    }
    if (c === 0x5b || c === 0x7b) depth++;
    else if (c === 0x5d || c === 0x7d) depth--;
    else continue;
    if (depth > MAX_FLOW_DEPTH || depth < -MAX_FLOW_DEPTH) {
      throw new InputError(
        `${source} line ${lineAt(text, i)}`,
        `brackets nested or unbalanced beyond ${MAX_FLOW_DEPTH} levels; not a lockfile`,
      );
    }
  }
}

/** Parses a YAML lockfile (yarn berry, pnpm) whose top level must be a map; errors carry the line. */
export function parseYamlObject(source: string, text: string): JsonObject {
  checkShape(source, text);
  // prettyErrors off: with it, the parser computes a line and column for every error by scanning from
  // the start, quadratic in a hostile file with thousands of errors (100 KB took over 40 s).
  let doc: ReturnType<typeof parseDocument>;
  let value: unknown;
  try {
    doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
    value = doc.errors.length === 0 ? doc.toJS() : undefined;
  } catch (e) {
    // The parser recurses per nesting level: 10,000 nested `- - -` overflow its stack (RangeError);
    // toJS throws a ReferenceError for an alias whose anchor is missing. Both are the file's fault.
    const why =
      e instanceof RangeError ? "nested too deeply to read" : errorMessage(e).split("\n")[0]?.slice(0, 200);
    throw new InputError(`${source} line 1`, `not valid YAML (${why})`);
  }
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0]?.line ?? lineAt(text, error.pos[0]);
    throw new InputError(`${source} line ${line}`, `not valid YAML (${error.message.split("\n")[0]})`);
  }
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
