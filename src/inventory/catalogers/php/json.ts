import type { z } from "zod";
import { InputError } from "../../../errors.js";

/** Line and column (1-based) of a character offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const nl = before.lastIndexOf("\n");
  return { line: before.split("\n").length, column: offset - nl };
}

/**
 * Parses JSON text and checks it against a zod schema. A syntax error becomes an InputError naming the
 * file and line; a shape error names the file and the JSON path of the first problem.
 */
export function parseJsonFile<T extends z.ZodType>(
  source: string,
  text: string,
  schema: T,
  what: string,
): z.infer<T> {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    if (at) {
      const { line, column } = lineAndColumn(text, Number(at[1]));
      throw new InputError(`${source} line ${line}`, `invalid JSON at column ${column}: ${message}`, {
        cause: e,
      });
    }
    throw new InputError(source, `invalid JSON: ${message}`, { cause: e });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.map(String).join(".") || "(top level)";
    throw new InputError(source, `not a ${what}: ${path}: ${issue?.message}`);
  }
  return parsed.data;
}
