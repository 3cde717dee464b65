import { type Dirent, lstatSync, readlinkSync, type Stats } from "node:fs";
import { constants, lstat, open, readdir } from "node:fs/promises";
import { resolve } from "node:path";
import { errorMessage, InputError } from "../errors.js";
import type { InventoryProblem } from "../model/inventory.js";
import { LimitGuard, resolveLimits } from "./limits.js";
import type {
  EntryType,
  LayerVisitor,
  Source,
  SourceOptions,
  TreeEntry,
  TreeVisitor,
  WalkResult,
} from "./types.js";

/** Top-level directories of a live root that are not files on disk (walking them reads kernel state). */
const PSEUDO_FS = new Set(["proc", "sys", "dev", "run"]);

/** Reads a file without following a symlink in its last component (a link swapped in after the walk looked). */
async function readNoFollow(abs: string): Promise<Buffer> {
  const handle = await open(abs, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** Streams a file, again without following a symlink in its last component. */
async function* streamNoFollow(abs: string): AsyncGenerator<Buffer> {
  const handle = await open(abs, constants.O_RDONLY | constants.O_NOFOLLOW);
  for await (const chunk of handle.createReadStream({ autoClose: true })) yield chunk as Buffer;
}

/** Directory entries in the order the walk yields them: by name, UTF-16 code units (as Array#sort). */
function byName(a: Dirent, b: Dirent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * A directory as a one-layer tree: a host's root, a mounted disk, an unpacked bundle. Walked with lstat,
 * so symlinks are recorded as links (and later resolved inside this root), never followed out of it.
 * Wanted files are re-read from disk when a cataloger asks, not copied.
 *
 * Cost (docs/performance.md, Agent): one asynchronous readdir with file types per directory (the event
 * loop gets a turn between directories), no lstat for a subdirectory (its type comes from the listing
 * and it is never yielded), and a synchronous lstat for every other entry: the engine needs size and
 * mode of each file, and in a walk that awaits each entry anyway the promise API only adds overhead.
 */
export class DirectorySource implements Source {
  readonly kind = "directory";
  readonly ref: string;
  readonly #root: string;
  readonly #options: SourceOptions;

  constructor(root: string, options: SourceOptions = {}) {
    this.ref = root;
    this.#root = resolve(root);
    this.#options = options;
  }

  async walk(visit: TreeVisitor): Promise<WalkResult> {
    const guard = new LimitGuard(resolveLimits(this.#options.limits));
    const problems: InventoryProblem[] = [];
    const st = await lstat(this.#root).catch((e: unknown) => {
      throw new InputError(this.ref, `cannot read the directory: ${errorMessage(e)}`);
    });
    if (!st.isDirectory()) throw new InputError(this.ref, "is not a directory");
    await this.#walkDir("", visit(""), guard, problems);
    return {
      target: { kind: "directory", ref: this.ref },
      layers: [{ key: "", layer: { digest: "" } }],
      problems,
    };
  }

  async #walkDir(
    rel: string,
    visit: LayerVisitor,
    guard: LimitGuard,
    problems: InventoryProblem[],
  ): Promise<void> {
    // Names from a listing hold no "/" and are never "." or "..", so plain concatenation is path.join.
    const abs = rel === "" ? this.#root : `${this.#root === "/" ? "" : this.#root}/${rel}`;
    const prefix = abs === "/" ? "/" : `${abs}/`;
    let entries: Dirent[];
    try {
      entries = await readdir(abs, { withFileTypes: true });
    } catch (e) {
      problems.push({ path: rel || ".", by: "directory", message: `cannot list: ${errorMessage(e)}` });
      return;
    }
    entries.sort(byName);
    for (const d of entries) {
      const name = d.name;
      if (rel === "" && this.#root === "/" && PSEUDO_FS.has(name)) continue;
      const path = rel === "" ? name : `${rel}/${name}`;
      guard.entry(this.ref, path);
      if (d.isDirectory()) {
        await this.#walkDir(path, visit, guard, problems);
        continue;
      }
      const full = prefix + name;
      let st: Stats;
      try {
        st = lstatSync(full);
      } catch (e) {
        problems.push({ path, by: "directory", message: `cannot stat: ${errorMessage(e)}` });
        continue;
      }
      // The listing's type is a hint (some file systems report none); lstat decides.
      const type: EntryType = st.isFile()
        ? "file"
        : st.isDirectory()
          ? "dir"
          : st.isSymbolicLink()
            ? "symlink"
            : "other";
      if (type === "dir") {
        await this.#walkDir(path, visit, guard, problems);
        continue;
      }
      if (type === "other") continue;
      const entry: TreeEntry = {
        path,
        type,
        size: type === "file" ? st.size : 0,
        mode: st.mode & 0o7777,
        content: () => streamNoFollow(full),
        reread: () => readNoFollow(full),
      };
      if (type === "symlink") entry.linkTarget = readLinkOrEmpty(full);
      await visit(entry);
    }
  }
}

/** A symlink's target, or "" when it cannot be read (it vanished, or is not a link any more). */
function readLinkOrEmpty(abs: string): string {
  try {
    return readlinkSync(abs);
  } catch {
    return "";
  }
}
