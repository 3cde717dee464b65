import { InputError } from "../../../errors.js";

/** A parsed JSON object value (lockfiles are objects at every level that matters). */
export type JsonObject = { [key: string]: unknown };

/** 1-based line of a character offset in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * 1-based line where `"key":` first appears in `text` (after `from`, an offset), for pointing an error at
 * the entry it is about; 1 when the key is not found verbatim.
 */
export function lineOfKey(text: string, key: string, from = 0): number {
  const at = text.indexOf(`${JSON.stringify(key)}:`, from);
  return at === -1 ? 1 : lineAt(text, at);
}

/** Parses a JSON document whose top level must be an object; syntax errors become InputErrors with the line. */
export function parseJsonObject(source: string, text: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(message);
    const where = pos ? `${source} line ${lineAt(text, Number(pos[1]))}` : source;
    throw new InputError(where, `not valid JSON (${message})`, { cause: e });
  }
  if (!isObject(value)) throw new InputError(`${source} line 1`, "expected a JSON object at the top level");
  return value;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string property, or undefined when absent or not a string. */
export function str(obj: JsonObject, key: string): string | undefined {
  const v = obj[key];
  return typeof v === "string" ? v : undefined;
}
