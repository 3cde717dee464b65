import { InputError } from "../../../../errors.js";
import type { Package } from "../../../../model/package.js";
import type { Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { goModulePackage } from "../module.js";

/** One `require` line of a go.mod. */
export interface GoModRequire {
  path: string;
  version: string;
  /** Marked `// indirect`: needed by a dependency, not imported by this module. */
  indirect: boolean;
  line: number;
}

/** One `replace` line: `old [version] => new [version]`; a new module without version is a local directory. */
export interface GoModReplace {
  oldPath: string;
  oldVersion?: string;
  newPath: string;
  newVersion?: string;
  line: number;
}

/** What a go.mod says about dependencies (the `go`, `toolchain`, `retract`, `godebug`, `tool` directives are read past). */
export interface GoMod {
  module?: string;
  requires: GoModRequire[];
  excludes: { path: string; version: string; line: number }[];
  replaces: GoModReplace[];
}

const BLOCK_VERBS = new Set(["require", "exclude", "replace", "retract", "godebug", "tool", "ignore"]);

/**
 * Splits one go.mod line into tokens and its comment. Tokens are bare words or Go strings ("..." with
 * escapes, `raw`); "//" starts a comment outside strings.
 */
function tokenize(source: string, lineNo: number, text: string): { tokens: string[]; comment: string } {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      // Any whitespace separates (a form feed or NBSP once ended no word and started none: an endless loop).
      i++;
    } else if (text.startsWith("//", i)) {
      return { tokens, comment: text.slice(i + 2).trim() };
    } else if (c === '"' || c === "`") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += c === '"' && text[j] === "\\" ? 2 : 1;
      if (j >= text.length)
        throw new InputError(`${source} line ${lineNo}`, `unterminated string: ${text.trim()}`);
      const raw = text.slice(i, j + 1);
      let value: string;
      try {
        value = c === "`" ? raw.slice(1, -1) : (JSON.parse(raw) as string);
      } catch {
        throw new InputError(`${source} line ${lineNo}`, `malformed quoted string: ${raw.slice(0, 80)}`);
      }
      tokens.push(value);
      i = j + 1;
    } else if (c === "(" || c === ")") {
      // "(" and ")" stand alone when written next to a word, as in "require(".
      tokens.push(c);
      i++;
    } else {
      // A word ends at a space, a quote, a parenthesis or a comment (one pass: a run of parentheses once
      // rescanned its whole word per parenthesis, seconds for a few thousand).
      let j = i;
      while (j < text.length && !/[\s"`()]/.test(text[j]!) && !text.startsWith("//", j)) j++;
      tokens.push(text.slice(i, j));
      i = j;
    }
  }
  return { tokens, comment: "" };
}

function isIndirect(comment: string): boolean {
  return comment === "indirect" || comment.startsWith("indirect;");
}

/** Parses go.mod text; `source` names the file in errors. */
export function parseGoMod(source: string, text: string): GoMod {
  const mod: GoMod = { requires: [], excludes: [], replaces: [] };
  const lines = text.split("\n");
  let block: { verb: string; line: number } | undefined;

  const directive = (verb: string, args: string[], comment: string, lineNo: number): void => {
    const where = `${source} line ${lineNo}`;
    const need = (n: number, shape: string): void => {
      if (args.length !== n)
        throw new InputError(where, `${verb} expects ${shape}, got ${JSON.stringify(args.join(" "))}`);
    };
    switch (verb) {
      case "module":
        need(1, "a module path");
        mod.module = args[0]!;
        return;
      case "require":
        need(2, "a module path and a version");
        mod.requires.push({ path: args[0]!, version: args[1]!, indirect: isIndirect(comment), line: lineNo });
        return;
      case "exclude":
        need(2, "a module path and a version");
        mod.excludes.push({ path: args[0]!, version: args[1]!, line: lineNo });
        return;
      case "replace": {
        const arrow = args.indexOf("=>");
        const left = args.slice(0, Math.max(arrow, 0));
        const right = args.slice(arrow + 1);
        if (arrow < 0 || left.length < 1 || left.length > 2 || right.length < 1 || right.length > 2) {
          throw new InputError(
            where,
            `replace expects "old [version] => new [version]", got ${JSON.stringify(args.join(" "))}`,
          );
        }
        const r: GoModReplace = { oldPath: left[0]!, newPath: right[0]!, line: lineNo };
        if (left[1] !== undefined) r.oldVersion = left[1];
        if (right[1] !== undefined) r.newVersion = right[1];
        mod.replaces.push(r);
        return;
      }
      default:
        // go, toolchain, retract, godebug, tool, ignore and directives newer than this reader name no dependency.
        return;
    }
  };

  for (const [index, raw] of lines.entries()) {
    const lineNo = index + 1;
    const { tokens, comment } = tokenize(source, lineNo, raw);
    if (tokens.length === 0) continue;
    if (block) {
      if (tokens.length === 1 && tokens[0] === ")") {
        block = undefined;
        continue;
      }
      if (tokens.includes("(") || tokens.includes(")")) {
        throw new InputError(
          `${source} line ${lineNo}`,
          `unexpected parenthesis inside the ${block.verb} block`,
        );
      }
      directive(block.verb, tokens, comment, lineNo);
      continue;
    }
    const [verb, ...args] = tokens as [string, ...string[]];
    if (args[0] === "(") {
      if (!BLOCK_VERBS.has(verb))
        throw new InputError(`${source} line ${lineNo}`, `${verb} cannot open a block`);
      if (args.length === 2 && args[1] === ")") continue; // "require ()"
      if (args.length !== 1)
        throw new InputError(`${source} line ${lineNo}`, `"${verb} (" must end its line`);
      block = { verb, line: lineNo };
      continue;
    }
    if (verb === ")" || args.includes("(") || args.includes(")")) {
      throw new InputError(`${source} line ${lineNo}`, `unexpected parenthesis: ${raw.trim()}`);
    }
    directive(verb, args, comment, lineNo);
  }
  if (block) {
    throw new InputError(
      `${source} line ${block.line}`,
      `the ${block.verb} block opened here is never closed with ")"`,
    );
  }
  return mod;
}

/** True when a replacement target is a directory on disk rather than a module (Go's rule: it starts with ./, ../ or /). */
function isLocalPath(p: string): boolean {
  return p.startsWith("./") || p.startsWith("../") || p.startsWith("/") || /^[A-Za-z]:[\\/]/.test(p);
}

/** The replace directive that applies to path@version: a version-specific one beats a path-wide one. */
function replacementFor(mod: GoMod, path: string, version: string): GoModReplace | undefined {
  const forPath = mod.replaces.filter((r) => r.oldPath === path);
  return forPath.find((r) => r.oldVersion === version) ?? forPath.find((r) => r.oldVersion === undefined);
}

/**
 * The modules a go.mod requires, as packages: `// indirect` ones are not direct; excluded versions are
 * dropped (the go command never builds with them); a replace directive to another module swaps in that
 * module and version (the code actually built), noting the original in metadata; a replace to a local
 * directory keeps the required module and notes the directory.
 */
export function goModPackages(mod: GoMod, location: string, foundBy: string): Package[] {
  const excluded = new Set(mod.excludes.map((e) => `${e.path}@${e.version}`));
  const packages: Package[] = [];
  for (const req of mod.requires) {
    if (excluded.has(`${req.path}@${req.version}`)) continue;
    const r = replacementFor(mod, req.path, req.version);
    if (r && !isLocalPath(r.newPath) && r.newVersion !== undefined) {
      packages.push(
        goModulePackage(r.newPath, r.newVersion, location, foundBy, {
          direct: !req.indirect,
          metadata: { replaces: `${req.path}@${req.version}` },
        }),
      );
    } else {
      packages.push(
        goModulePackage(req.path, req.version, location, foundBy, {
          direct: !req.indirect,
          metadata: r ? { replacedBy: r.newPath } : {},
        }),
      );
    }
  }
  return packages;
}

/** go.mod files: the modules a Go module requires (no go.sum needed). */
export const goModCataloger: Cataloger = {
  name: "go-mod",
  maxFileSize: 4 * 1024 * 1024,
  wants(file: FileInfo): boolean {
    return file.path === "go.mod" || file.path.endsWith("/go.mod");
  },
  async catalog(file: CatalogFile): Promise<CatalogResult> {
    const mod = parseGoMod(file.path, await file.text());
    return { packages: goModPackages(mod, file.path, "go-mod") };
  },
};
