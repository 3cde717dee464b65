import { InputError } from "../../../../errors.js";
import type { Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { gemPackage } from "../gem.js";

const NAME = "gemspec";

/** `s.name = "rack".freeze`, `spec.version = '1.0'`: an attribute set to a string literal. */
function attribute(
  text: string,
  attr: string,
): { value: string; line: number } | { bad: string; line: number } | undefined {
  const lines = text.split("\n");
  for (const [i, line] of lines.entries()) {
    const m = new RegExp(`^\\s*\\w+\\.${attr}\\s*=\\s*(.*?)\\s*$`).exec(line);
    if (!m) continue;
    const lit = /^(["'])((?:\\.|(?!\1).)*)\1(?:\.freeze)?$/.exec(m[1]!);
    if (!lit) return { bad: line.trim(), line: i + 1 };
    return { value: lit[2]!.replace(/\\(.)/g, "$1"), line: i + 1 };
  }
  return undefined;
}

/**
 * Installed gem specifications (`specifications/*.gemspec`, as RubyGems writes them on install:
 * Ruby DSL with `s.name = "rack".freeze` and `s.version = "2.2.22"`). Only string literals are read;
 * the file is never evaluated.
 */
export const gemspecCataloger: Cataloger = {
  name: NAME,
  maxFileSize: 1024 * 1024,
  wants(file: FileInfo): boolean {
    return /(^|\/)specifications\/(default\/)?[^/]+\.gemspec$/.test(file.path);
  },
  async catalog(file: CatalogFile): Promise<CatalogResult> {
    const text = await file.text();
    const values: Record<"name" | "version", string> = { name: "", version: "" };
    for (const attr of ["name", "version"] as const) {
      const found = attribute(text, attr);
      if (!found)
        throw new InputError(file.path, `no \`s.${attr} = "..."\` assignment: is this an installed gemspec?`);
      if ("bad" in found) {
        throw new InputError(
          `${file.path} line ${found.line}`,
          `s.${attr} is not a string literal: ${found.bad}`,
        );
      }
      values[attr] = found.value;
    }
    return { packages: [gemPackage(values.name, values.version, file.path, NAME)] };
  },
};
