import { constants, lstat, open, opendir, readlink } from "node:fs/promises";
import { join, resolve } from "node:path";
import { errorMessage, InputError } from "../errors.js";
import type { InventoryProblem } from "../model/inventory.js";
import { LimitGuard, resolveLimits } from "./limits.js";
import type { EntryType, LayerVisitor, Source, SourceOptions, TreeVisitor, WalkResult } from "./types.js";

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

/**
 * A directory as a one-layer tree: a host's root, a mounted disk, an unpacked bundle. Walked with lstat,
 * so symlinks are recorded as links (and later resolved inside this root), never followed out of it.
 * Wanted files are re-read from disk when a cataloger asks, not copied.
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
    const abs = join(this.#root, rel);
    let names: string[];
    try {
      const dir = await opendir(abs);
      names = [];
      for await (const d of dir) names.push(d.name);
    } catch (e) {
      problems.push({ path: rel || ".", by: "directory", message: `cannot list: ${errorMessage(e)}` });
      return;
    }
    names.sort();
    for (const name of names) {
      if (rel === "" && this.#root === "/" && PSEUDO_FS.has(name)) continue;
      const path = rel === "" ? name : `${rel}/${name}`;
      const full = join(abs, name);
      guard.entry(this.ref, path);
      let st: Awaited<ReturnType<typeof lstat>>;
      try {
        st = await lstat(full);
      } catch (e) {
        problems.push({ path, by: "directory", message: `cannot stat: ${errorMessage(e)}` });
        continue;
      }
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
      const linkTarget = type === "symlink" ? await readlink(full).catch(() => "") : undefined;
      await visit({
        path,
        type,
        size: type === "file" ? st.size : 0,
        mode: st.mode & 0o7777,
        ...(linkTarget === undefined ? {} : { linkTarget }),
        content: () => streamNoFollow(full),
        reread: () => readNoFollow(full),
      });
    }
  }
}
