import type { Dirent, Stats } from "node:fs";
import { constants, lstat, open, readdir, realpath, stat } from "node:fs/promises";
import { errorMessage, InputError } from "../errors.js";
import type { CodeProblem, CodeReport, CodeSkipReason } from "../model/code.js";
import type { Limits } from "../sources/limits.js";
import { ZipSource } from "../sources/zip.js";
import { GitIgnoreStack } from "./gitignore.js";
import { skipDirectory, skipFileByPath } from "./vendored.js";

export interface WalkOptions {
  /** Walk node_modules, vendor, bundler output and minified files too. */
  includeVendored?: boolean;
  /** Files larger than this are skipped (counted as too-large). Default 2 MiB. */
  maxFileBytes?: number;
  /** More files than this stops the scan with an error (a hostile or mistaken target). Default 200,000. */
  maxFiles?: number;
  /** Zip bundles: the caps every source enforces against hostile archives. */
  limits?: Partial<Limits>;
}

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;
export const DEFAULT_MAX_FILES = 200_000;

/** One file the walk found, not read yet: `read()` reads it (the engine calls it at most once). */
export interface WalkedFile {
  /** Relative to the root, POSIX separators. */
  path: string;
  size: number;
  read(): Promise<Buffer>;
  /**
   * Whether `read()` may be called later, after the walk has moved on to other files (a directory's
   * files: yes; a zip entry, read from the archive's stream while the walk is on it: no).
   */
  readLater?: boolean;
}

export interface WalkOutcome {
  target: CodeReport["target"];
  /** The absolute root of a directory target (where its ignore file is looked for). */
  root?: string;
  /** Files handed to the visitor. */
  files: number;
  skipped: Partial<Record<CodeSkipReason, number>>;
  problems: CodeProblem[];
}

/** Reads a file without following a symlink swapped in after the walk looked. */
async function readNoFollow(abs: string): Promise<Buffer> {
  const handle = await open(abs, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

async function isZip(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const buf = Buffer.alloc(4);
    await handle.read(buf, 0, 4, 0);
    return (
      buf.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) || buf.equals(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
    );
  } finally {
    await handle.close();
  }
}

/**
 * Walks a source tree once: a directory (a git checkout or not) or a zip bundle (`dir:` / `zip:` force
 * the kind). Every file that survives the path-based skips goes to `visit`, in name order; the visitor
 * decides whether to read it. Directories are pruned before they are listed (ignored by git, vendored,
 * generated), symlinks are never followed (a link's target inside the root is walked at its own path;
 * outside the root it is not read at all), files over `maxFileBytes` are counted, not read.
 */
export async function walkSourceTree(
  ref: string,
  options: WalkOptions,
  visit: (file: WalkedFile) => Promise<void>,
): Promise<WalkOutcome> {
  const forced = /^(dir|zip):/.exec(ref)?.[1];
  const path = forced ? ref.slice(forced.length + 1) : ref;
  const st = await stat(path).catch((e: unknown) => {
    throw new InputError(path, `cannot read the target: ${errorMessage(e)}`);
  });
  const outcome: WalkOutcome = {
    target: { kind: "directory", ref },
    files: 0,
    skipped: {},
    problems: [],
  };
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const includeVendored = options.includeVendored === true;
  const skip = (why: CodeSkipReason) => {
    outcome.skipped[why] = (outcome.skipped[why] ?? 0) + 1;
  };
  const count = () => {
    outcome.files++;
    if (outcome.files > maxFiles) {
      throw new InputError(
        ref,
        `holds more than ${maxFiles} files to scan; narrow the target or, if it is trusted, raise --max-files`,
      );
    }
  };

  if (forced === "zip" || (forced === undefined && st.isFile())) {
    if (!(await isZip(path))) {
      throw new InputError(path, "is neither a directory nor a zip bundle: code scanning reads those two");
    }
    outcome.target = { kind: "zip", ref };
    await new ZipSource(path, options.limits ? { limits: options.limits } : {}).walk(() => async (entry) => {
      if (entry.type === "symlink") return skip("symlink");
      if (entry.type !== "file") return;
      const why = skipFileByPath(entry.path, includeVendored);
      if (why) return skip(why);
      if (entry.size > maxFileBytes) return skip("too-large");
      count();
      await visit({
        path: entry.path,
        size: entry.size,
        read: async () => {
          const chunks: Buffer[] = [];
          for await (const c of entry.content()) chunks.push(c);
          return Buffer.concat(chunks);
        },
      });
    });
    return outcome;
  }
  if (!st.isDirectory()) throw new InputError(path, "is neither a directory nor a zip bundle");

  const root = await realpath(path);
  outcome.root = root;
  const walkDir = async (rel: string, rules: GitIgnoreStack): Promise<void> => {
    const abs = rel === "" ? root : `${root}/${rel}`;
    let entries: Dirent[];
    try {
      entries = await readdir(abs, { withFileTypes: true });
    } catch (e) {
      outcome.problems.push({ path: rel || ".", by: "walk", message: `cannot list: ${errorMessage(e)}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const gitignore = entries.find((d) => d.name === ".gitignore" && d.isFile());
    let gitignoreBytes: Buffer | undefined;
    if (gitignore) {
      try {
        gitignoreBytes = await readNoFollow(`${abs}/.gitignore`);
        rules = rules.with(rel, gitignoreBytes.toString("utf8"));
      } catch (e) {
        outcome.problems.push({
          path: rel === "" ? ".gitignore" : `${rel}/.gitignore`,
          by: "walk",
          message: `cannot read: ${errorMessage(e)}`,
        });
      }
    }
    // The sizes of this directory's files, asked for all at once (the answers come back in any order;
    // the files are still visited in name order below).
    const stats = new Map<string, Promise<Stats | Error>>();
    for (const d of entries) {
      if (d.isDirectory() || d.isSymbolicLink()) continue;
      const p = rel === "" ? d.name : `${rel}/${d.name}`;
      if (rules.ignores(p, false) || skipFileByPath(p, includeVendored)) continue;
      stats.set(
        d.name,
        lstat(`${abs}/${d.name}`).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))),
      );
    }
    for (const d of entries) {
      const p = rel === "" ? d.name : `${rel}/${d.name}`;
      if (d.isDirectory()) {
        const why = skipDirectory(d.name, includeVendored);
        if (why) {
          skip(why);
          continue;
        }
        if (rules.ignores(p, true)) {
          skip("gitignored");
          continue;
        }
        await walkDir(p, rules);
        continue;
      }
      if (d.isSymbolicLink()) {
        skip("symlink");
        continue;
      }
      if (rules.ignores(p, false)) {
        skip("gitignored");
        continue;
      }
      const why = skipFileByPath(p, includeVendored);
      if (why) {
        skip(why);
        continue;
      }
      const s = await stats.get(d.name)!;
      if (s instanceof Error) {
        outcome.problems.push({ path: p, by: "walk", message: `cannot stat: ${errorMessage(s)}` });
        continue;
      }
      if (s.isSymbolicLink()) {
        skip("symlink");
        continue;
      }
      if (!s.isFile()) continue;
      const size = s.size;
      if (size > maxFileBytes) {
        skip("too-large");
        continue;
      }
      count();
      const known = d.name === ".gitignore" ? gitignoreBytes : undefined;
      await visit({
        path: p,
        size,
        read: async () => known ?? readNoFollow(`${abs}/${d.name}`),
        readLater: true,
      });
    }
  };
  await walkDir("", GitIgnoreStack.forRoot(root));
  return outcome;
}
