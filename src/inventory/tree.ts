import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { finished } from "node:stream/promises";
import type { Limits } from "../sources/limits.js";
import type { TreeEntry } from "../sources/types.js";

/** Where a kept file's bytes are: in memory, in a spill file, or still in the source (re-readable). */
export type KeptContent =
  | { kind: "memory"; data: Buffer }
  | { kind: "spill"; file: string }
  | { kind: "source"; read: () => Promise<Buffer> };

/** A regular file some cataloger (or OS detection) wanted, with its content kept. */
export interface KeptFile {
  type: "file";
  path: string;
  size: number;
  mode: number;
  /** Key of the layer it came from (replaced by the layer's digest when the tree is composed). */
  layer: string;
  content: KeptContent;
  /** Indexes of the catalogers that want it. */
  wanting: number[];
  /** Names of catalogers that want it but whose maxFileSize it passes. */
  tooLarge: string[];
}

/** One layer's record of the tree: only what matters for the kept files, never every entry. */
type LayerNode =
  | KeptFile
  | { type: "symlink"; path: string; target: string }
  | { type: "hardlink"; path: string; target: string; wanting: number[]; mode: number }
  /** A file at a path some lower layer kept, that nobody wants here: it hides the lower one. */
  | { type: "shadow"; path: string };

interface LayerRecord {
  nodes: LayerNode[];
  whiteouts: string[];
  opaque: string[];
}

/** A node of the composed tree. */
export type TreeNode = KeptFile | { type: "symlink"; path: string; target: string; layer: string };

/** A problem found while keeping or composing (reported in Inventory.problems). */
export interface TreeProblem {
  path: string;
  by: string;
  message: string;
}

/** Decides, from path and stat alone, which catalogers want a file (indexes), and whether the OS detection does. */
export interface Wanting {
  catalogers(path: string, size: number, mode: number): { wanting: number[]; tooLarge: string[] };
  forOs(path: string): boolean;
}

const WHITEOUT = ".wh.";
const OPAQUE = ".wh..wh..opq";

/**
 * Collects, layer by layer, the files the catalogers want (content kept in memory within a budget,
 * spilled to a temp file beyond it), symlinks and whiteouts; then stacks the layers into one tree.
 * Memory grows with the kept files and the symlinks, never with the image's size.
 */
export class LayerStore {
  readonly #limits: Limits;
  readonly #wanting: Wanting;
  readonly #layers = new Map<string, LayerRecord>();
  /** Paths kept in some layer seen so far (so that an unwanted file over them is recorded as a shadow). */
  readonly #keptPaths = new Set<string>();
  #inMemory = 0;
  #spillDir: string | undefined;
  #spillCount = 0;

  constructor(limits: Limits, wanting: Wanting) {
    this.#limits = limits;
    this.#wanting = wanting;
  }

  /** The visitor for one layer's entries. */
  visitor(key: string): (entry: TreeEntry) => Promise<void> {
    const record: LayerRecord = { nodes: [], whiteouts: [], opaque: [] };
    this.#layers.set(key, record);
    return (entry) => this.#visit(key, record, entry);
  }

  async #visit(key: string, record: LayerRecord, e: TreeEntry): Promise<void> {
    const base = posix.basename(e.path);
    if (base.startsWith(WHITEOUT)) {
      const dir = posix.dirname(e.path);
      if (base === OPAQUE) record.opaque.push(dir === "." ? "" : dir);
      else record.whiteouts.push(posix.join(dir, base.slice(WHITEOUT.length)));
      return;
    }
    if (e.type === "symlink") {
      record.nodes.push({ type: "symlink", path: e.path, target: e.linkTarget ?? "" });
      return;
    }
    if (e.type !== "file" && e.type !== "hardlink") return;
    const { wanting, tooLarge } = this.#wanting.catalogers(e.path, e.size, e.mode);
    const os = this.#wanting.forOs(e.path);
    if (wanting.length === 0 && !os && tooLarge.length === 0) {
      if (this.#keptPaths.has(e.path)) record.nodes.push({ type: "shadow", path: e.path });
      return;
    }
    this.#keptPaths.add(e.path);
    if (e.type === "hardlink") {
      record.nodes.push({
        type: "hardlink",
        path: e.path,
        target: e.linkTarget ?? "",
        wanting,
        mode: e.mode,
      });
      return;
    }
    const keep = wanting.length > 0 || os;
    const content: KeptContent = keep ? await this.#keep(e) : { kind: "memory", data: Buffer.alloc(0) };
    record.nodes.push({
      type: "file",
      path: e.path,
      size: e.size,
      mode: e.mode,
      layer: key,
      content,
      wanting,
      tooLarge,
    });
  }

  async #keep(e: TreeEntry): Promise<KeptContent> {
    const reread = e.reread;
    if (reread !== undefined) return { kind: "source", read: reread };
    if (e.size <= this.#limits.spillThreshold && this.#inMemory + e.size <= this.#limits.memoryBudget) {
      const chunks: Buffer[] = [];
      for await (const chunk of e.content()) chunks.push(chunk);
      const data = Buffer.concat(chunks);
      this.#inMemory += data.length;
      return { kind: "memory", data };
    }
    this.#spillDir ??= await mkdtemp(join(tmpdir(), "vigil-inventory-"));
    const file = join(this.#spillDir, String(this.#spillCount++));
    const out = createWriteStream(file);
    for await (const chunk of e.content()) {
      if (!out.write(chunk)) await new Promise<void>((ok) => out.once("drain", () => ok()));
    }
    out.end();
    await finished(out);
    return { kind: "spill", file };
  }

  /**
   * Stacks the layers bottom to top: each layer's opaque directories and whiteouts first remove what
   * lower layers put there, then its own entries land (a file or symlink replaces whatever was at its
   * path and below it). Hard links take their target's content.
   */
  compose(order: { key: string; digest: string }[]): { tree: Tree; problems: TreeProblem[] } {
    const nodes = new Map<string, TreeNode>();
    const problems: TreeProblem[] = [];
    for (const { key, digest } of order) {
      const record = this.#layers.get(key);
      if (record === undefined) continue;
      const opaque = record.opaque.map((d) => (d === "" ? "" : `${d}/`));
      const gone = new Set<string>(record.whiteouts);
      for (const n of record.nodes) gone.add(n.path);
      for (const path of [...nodes.keys()]) {
        if (isUnder(path, gone) || opaque.some((d) => path.startsWith(d))) nodes.delete(path);
      }
      for (const n of record.nodes) {
        switch (n.type) {
          case "shadow":
            break;
          case "symlink":
            nodes.set(n.path, { ...n, layer: digest });
            break;
          case "file":
            nodes.set(n.path, { ...n, layer: digest });
            break;
          case "hardlink": {
            const target = nodes.get(n.target);
            if (target?.type === "file") {
              nodes.set(n.path, { ...target, path: n.path, mode: n.mode, wanting: n.wanting, tooLarge: [] });
            } else {
              problems.push({
                path: n.path,
                by: "inventory",
                message: `hard link to ${n.target}, whose content was not kept (no cataloger wants that path)`,
              });
            }
            break;
          }
        }
      }
    }
    return { tree: new Tree(nodes, this.#limits.maxSymlinkDepth), problems };
  }

  /** Removes the spill files. */
  async close(): Promise<void> {
    if (this.#spillDir !== undefined) await rm(this.#spillDir, { recursive: true, force: true });
  }
}

/** True when `path` or one of its ancestors is in `set`. */
function isUnder(path: string, set: Set<string>): boolean {
  if (set.size === 0) return false;
  let p = path;
  for (;;) {
    if (set.has(p)) return true;
    const i = p.lastIndexOf("/");
    if (i < 0) return false;
    p = p.slice(0, i);
  }
}

/** Reads a kept file's bytes. */
export async function readKept(content: KeptContent): Promise<Buffer> {
  switch (content.kind) {
    case "memory":
      return content.data;
    case "spill":
      return readFile(content.file);
    case "source":
      return content.read();
  }
}

/** The composed tree: the kept files and symlinks that survived every layer. */
export class Tree {
  readonly nodes: ReadonlyMap<string, TreeNode>;
  readonly #maxDepth: number;

  constructor(nodes: Map<string, TreeNode>, maxDepth: number) {
    this.nodes = nodes;
    this.#maxDepth = maxDepth;
  }

  /** The kept files, sorted by path. */
  files(): KeptFile[] {
    return [...this.nodes.values()]
      .filter((n): n is KeptFile => n.type === "file")
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /**
   * The path a path leads to once every symlink on the way is followed, inside the tree: absolute
   * targets start at the tree's root and ".." stops at it (as in a chroot), so no link leads outside.
   * Undefined past maxSymlinkDepth links (a loop).
   */
  resolve(path: string): string | undefined {
    let pending = path.split("/").filter((s) => s !== "" && s !== ".");
    const done: string[] = [];
    let hops = 0;
    while (pending.length > 0) {
      const part = pending.shift()!;
      if (part === "..") {
        done.pop();
        continue;
      }
      done.push(part);
      const node = this.nodes.get(done.join("/"));
      if (node?.type !== "symlink") continue;
      if (++hops > this.#maxDepth) return undefined;
      done.pop();
      const target = node.target.split("/").filter((s) => s !== "" && s !== ".");
      if (node.target.startsWith("/")) done.length = 0;
      pending = [...target, ...pending];
    }
    return done.join("/");
  }

  /** The kept file at `path` (symlinks followed inside the tree), if any. */
  file(path: string): KeptFile | undefined {
    const resolved = this.resolve(path.replace(/^\/+/, ""));
    if (resolved === undefined) return undefined;
    const node = this.nodes.get(resolved);
    return node?.type === "file" ? node : undefined;
  }
}
