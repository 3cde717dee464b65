import { readFileSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import ignore, { type Ignore } from "ignore";

/**
 * Git's ignore rules for one walk, with the `ignore` package (the matcher ESLint and Prettier use, tested
 * against `git check-ignore`): one matcher per `.gitignore`, each testing paths relative to its own
 * directory. Git's precedence is kept: `.git/info/exclude` lowest, then `.gitignore` files from the work
 * tree's root down, a deeper file overriding a higher one, the last matching line of a file winning, so
 * a `!negation` re-includes. A file under an ignored directory is never re-included because the walk
 * does not enter ignored directories (git's rule too).
 *
 * Chosen over `git ls-files -co --exclude-standard` because it needs no git binary and no work tree (an
 * unpacked tarball keeps its .gitignore files), prunes ignored directories during the one walk instead
 * of listing the tree twice, and does not read the user's global excludes file, which would make the
 * same checkout scan differently on two machines (a global `*.env` would hide secrets).
 */
interface Layer {
  matcher: Ignore;
  /** A `.gitignore` inside the root: its directory relative to the root ("" for the root). */
  base?: string;
  /** Rules from above the root: the root's path as seen from the rules' directory ("" when it is the root). */
  prepend?: string;
}

export class GitIgnoreStack {
  readonly #layers: readonly Layer[];

  private constructor(layers: readonly Layer[]) {
    this.#layers = layers;
  }

  /**
   * The rules that apply from above the scanned root: when `root` is inside a git work tree, that tree's
   * `.git/info/exclude` and the `.gitignore` files of the directories from the work tree's top down to
   * `root`'s parent.
   */
  static forRoot(root: string): GitIgnoreStack {
    const top = workTreeTop(root);
    if (top === undefined) return new GitIgnoreStack([]);
    const layers: Layer[] = [];
    const seenFrom = (dir: string) => relative(dir, root).split(sep).join("/");
    const exclude = readText(join(top, ".git", "info", "exclude"));
    if (exclude !== undefined) layers.push({ prepend: seenFrom(top), matcher: ignore().add(exclude) });
    const chain: string[] = [];
    for (let d = dirname(root); root !== top; d = dirname(d)) {
      chain.unshift(d);
      if (d === top || dirname(d) === d) break;
    }
    for (const dir of chain) {
      const text = readText(join(dir, ".gitignore"));
      if (text !== undefined) layers.push({ prepend: seenFrom(dir), matcher: ignore().add(text) });
    }
    return new GitIgnoreStack(layers);
  }

  /** This stack plus the `.gitignore` of directory `dir` (relative to the root, "" for the root). */
  with(dir: string, text: string): GitIgnoreStack {
    return new GitIgnoreStack([...this.#layers, { base: dir, matcher: ignore().add(text) }]);
  }

  /** Whether `path` (relative to the root, POSIX) is ignored; `isDir` adds git's trailing "/". */
  ignores(path: string, isDir: boolean): boolean {
    let ignored = false;
    for (const layer of this.#layers) {
      let rel: string;
      if (layer.prepend !== undefined) rel = layer.prepend === "" ? path : `${layer.prepend}/${path}`;
      else if (layer.base === "" || layer.base === undefined) rel = path;
      else if (path.startsWith(`${layer.base}/`)) rel = path.slice(layer.base.length + 1);
      else continue;
      const r = layer.matcher.test(isDir ? `${rel}/` : rel);
      if (r.ignored) ignored = true;
      else if (r.unignored) ignored = false;
    }
    return ignored;
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** The top of the git work tree holding `dir` (the directory with a `.git` entry), if any. */
function workTreeTop(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    try {
      statSync(join(d, ".git"));
      return d;
    } catch {
      // not here; go up
    }
    if (dirname(d) === d) return undefined;
  }
}
