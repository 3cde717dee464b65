import { InputError } from "../../../../errors.js";
import type { Package } from "../../../../model/package.js";
import type { Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { cratePackage } from "../crate.js";

const NAME = "cargo-lock";

/** One `[[package]]` (or v1's `[root]`) of a Cargo.lock. */
export interface LockedCrate {
  name: string;
  version: string;
  /** "registry+https://...", "sparse+https://...", "git+https://...#rev"; absent for workspace and path crates. */
  source?: string;
  /** Dependency names ("serde", "serde 1.0.152", v1's "serde 1.0.152 (registry+...)"): first word is the name. */
  dependencies: string[];
  line: number;
}

export interface CargoLock {
  /** 1 for files without a version field, as Cargo reads them (v1 and v2 look alike apart from [metadata]). */
  version: number;
  packages: LockedCrate[];
}

type TomlValue = string | number | boolean | string[];

/**
 * Reads the TOML subset Cargo writes in Cargo.lock: `[table]` and `[[array-of-tables]]` headers, and
 * `key = value` with basic strings, integers, booleans and (multi-line) arrays of strings. Returns one
 * record per table with the line it starts on.
 */
function readTables(
  source: string,
  text: string,
): { header: string; line: number; values: Map<string, TomlValue> }[] {
  const tables: { header: string; line: number; values: Map<string, TomlValue> }[] = [];
  let current: { header: string; line: number; values: Map<string, TomlValue> } = {
    header: "",
    line: 1,
    values: new Map(),
  };
  tables.push(current);
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i]!.replace(/\r$/, "").trim();
    if (line === "" || line.startsWith("#")) continue;
    const fail = (why: string): never => {
      throw new InputError(`${source} line ${lineNo}`, `${why}: ${JSON.stringify(line)}`);
    };
    const header = /^(\[\[?)\s*([^\]]+?)\s*(\]\]?)$/.exec(line);
    if (header) {
      if (header[1]!.length !== header[3]!.length) fail("unbalanced table header");
      current = {
        header: header[1] === "[[" ? `[[${header[2]}]]` : header[2]!,
        line: lineNo,
        values: new Map(),
      };
      tables.push(current);
      continue;
    }
    const kv = /^("(?:[^"\\]|\\.)*"|[A-Za-z0-9_-]+)\s*=\s*(.*)$/.exec(line);
    if (!kv) fail("expected `key = value` or a [table] header");
    const key = kv![1]!.startsWith('"') ? jsonString(kv![1]!, fail) : kv![1]!;
    let raw = kv![2]!;
    if (raw.startsWith("[") && !/\]\s*(#.*)?$/.test(raw)) {
      // A multi-line array: gather lines up to the closing bracket.
      while (i + 1 < lines.length && !/^\s*\]\s*(#.*)?$/.test(lines[i]!)) raw += ` ${lines[++i]!.trim()}`;
      if (!/\]\s*(#.*)?$/.test(raw)) fail("array never closed with ]");
    }
    current.values.set(key, parseValue(raw.replace(/\s+#[^"\]]*$/, ""), fail));
  }
  return tables;
}

/** A basic TOML string (JSON's escapes are a subset); malformed ones (control characters, bad escapes) fail the line. */
function jsonString(quoted: string, fail: (why: string) => never): string {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return fail("malformed string");
  }
}

function parseValue(raw: string, fail: (why: string) => never): TomlValue {
  const v = raw.trim();
  if (v.startsWith('"')) {
    return jsonString(v, fail);
  }
  if (v === "true" || v === "false") return v === "true";
  if (/^-?\d+$/.test(v)) return Number(v);
  if (v.startsWith("[")) {
    const items = [...v.slice(1, v.lastIndexOf("]")).matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) =>
      jsonString(`"${m[1]}"`, fail),
    );
    const rest = v
      .slice(1, v.lastIndexOf("]"))
      .replace(/"((?:[^"\\]|\\.)*)"/g, "")
      .replace(/[\s,]/g, "");
    if (rest !== "") fail("arrays in Cargo.lock hold strings only");
    return items;
  }
  return fail("unsupported value");
}

/** Parses Cargo.lock versions 1 to 4. */
export function parseCargoLock(source: string, text: string): CargoLock {
  const tables = readTables(source, text);
  const top = tables[0]!.values.get("version");
  const version = typeof top === "number" ? top : 1;
  if (version < 1 || version > 4) {
    throw new InputError(
      source,
      `Cargo.lock version ${version} is not supported (1 to 4 are); is Cargo newer than this reader?`,
    );
  }
  const packages: LockedCrate[] = [];
  for (const t of tables) {
    if (t.header !== "[[package]]" && t.header !== "root") continue;
    const name = t.values.get("name");
    const ver = t.values.get("version");
    if (typeof name !== "string" || typeof ver !== "string") {
      throw new InputError(`${source} line ${t.line}`, "a [[package]] needs a string name and version");
    }
    const src = t.values.get("source");
    const deps = t.values.get("dependencies");
    const crate: LockedCrate = {
      name,
      version: ver,
      dependencies: Array.isArray(deps) ? deps : [],
      line: t.line,
    };
    if (typeof src === "string") crate.source = src;
    packages.push(crate);
  }
  return { version, packages };
}

/** "registry", "sparse", "git", "path"... from a Cargo source id. */
function sourceKind(source: string | undefined): string {
  if (source === undefined) return "local";
  const plus = source.indexOf("+");
  return plus < 0 ? source : source.slice(0, plus);
}

/**
 * Every locked crate as a crates.io package. Crates without a source (workspace members, path
 * dependencies) are kept and marked metadata.source "local": they are not from a registry. A crate one
 * of those depends on is direct.
 */
export function cargoLockPackages(lock: CargoLock, location: string): Package[] {
  const directNames = new Set<string>();
  for (const c of lock.packages) {
    if (c.source !== undefined) continue;
    for (const d of c.dependencies) directNames.add(d.split(" ")[0]!);
  }
  return lock.packages.map((c) => {
    const metadata: Record<string, string> = { source: sourceKind(c.source) };
    if (c.source !== undefined) metadata.sourceId = c.source;
    return cratePackage(c.name, c.version, location, NAME, {
      direct: c.source !== undefined && directNames.has(c.name),
      metadata,
    });
  });
}

/** Cargo.lock files (versions 1 to 4): locked crates, ecosystem crates.io. */
export const cargoLockCataloger: Cataloger = {
  name: NAME,
  maxFileSize: 16 * 1024 * 1024,
  wants(file: FileInfo): boolean {
    return file.path === "Cargo.lock" || file.path.endsWith("/Cargo.lock");
  },
  async catalog(file: CatalogFile): Promise<CatalogResult> {
    return { packages: cargoLockPackages(parseCargoLock(file.path, await file.text()), file.path) };
  },
};
