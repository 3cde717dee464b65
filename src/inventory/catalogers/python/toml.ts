import { parse, TomlError } from "smol-toml";
import { InputError } from "../../../errors.js";

/** A parsed TOML table. */
export type TomlTable = { [key: string]: unknown };

export function isTable(value: unknown): value is TomlTable {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Parses a TOML lockfile; syntax errors become InputErrors with the line. */
export function parseToml(source: string, text: string): TomlTable {
  try {
    return parse(text) as TomlTable;
  } catch (e) {
    if (e instanceof TomlError) {
      throw new InputError(`${source} line ${e.line}`, `not valid TOML (${e.message.split("\n")[0]})`, {
        cause: e,
      });
    }
    throw e;
  }
}

/** The `[[package]]` array of tables of a Python lockfile, each with its 1-based line in the text. */
export function packageTables(
  source: string,
  text: string,
  doc: TomlTable,
): { table: TomlTable; line: number }[] {
  const packages = doc["package"];
  if (packages === undefined) return [];
  if (!Array.isArray(packages))
    throw new InputError(`${source} line 1`, '"package" is not an array of tables ([[package]])');
  const starts: number[] = [];
  text.split("\n").forEach((l, i) => {
    if (/^\s*\[\[package\]\]\s*(#.*)?$/.test(l)) starts.push(i + 1);
  });
  return packages.map((table, i) => {
    const line = starts[i] ?? 1;
    if (!isTable(table)) throw new InputError(`${source} line ${line}`, "[[package]] entry is not a table");
    return { table, line };
  });
}

/** name and version of a [[package]] table, or an InputError naming its line. */
export function nameAndVersion(source: string, entry: { table: TomlTable; line: number }): [string, string] {
  const name = entry.table["name"];
  const version = entry.table["version"];
  if (typeof name !== "string" || name === "") {
    throw new InputError(`${source} line ${entry.line}`, "[[package]] has no name");
  }
  if (typeof version !== "string" || version === "") {
    throw new InputError(`${source} line ${entry.line}`, `[[package]] ${name} has no version`);
  }
  return [name, version];
}
