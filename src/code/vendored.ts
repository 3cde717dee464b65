import type { CodeSkipReason } from "../model/code.js";

/** Version-control internals: never source, never walked (not even with --include-vendored). */
export const VCS_DIRS: ReadonlySet<string> = new Set([".git", ".hg", ".svn"]);

/** Other people's code checked in or installed next to the project: skipped unless --include-vendored. */
export const VENDORED_DIRS: ReadonlySet<string> = new Set([
  "node_modules",
  "bower_components",
  "jspm_packages",
  "vendor",
  "site-packages",
  ".venv",
]);

/** Bundlers' and frameworks' output and caches: skipped unless --include-vendored. */
export const GENERATED_DIRS: ReadonlySet<string> = new Set([
  ".next",
  ".nuxt",
  ".svelte-kit",
  ".output",
  ".parcel-cache",
  ".turbo",
  ".angular",
  "__pycache__",
]);

/**
 * Directories whose JavaScript/CSS is a bundler's output (webpack, Vite, esbuild, tsc's outDir). Only
 * those files are skipped there: a `build/` directory also holds Dockerfiles, manifests and Go sources
 * (golang-standards' `build/package/`), which are the project's own.
 */
const OUTPUT_DIRS: ReadonlySet<string> = new Set(["dist", "build", "out"]);

const SCRIPT_OR_STYLE = /\.(?:js|mjs|cjs|jsx|ts|mts|cts|tsx|css|map)$/i;
const MINIFIED_NAME =
  /(?:[.-]min\.(?:js|mjs|cjs|css)|\.(?:bundle|chunk)\.(?:js|mjs|css)|\.(?:js|css)\.map)$/i;

/** Why a directory is not entered, if it is not; `name` is its last segment. */
export function skipDirectory(name: string, includeVendored: boolean): CodeSkipReason | undefined {
  if (VCS_DIRS.has(name)) return "vendored";
  if (includeVendored) return undefined;
  if (VENDORED_DIRS.has(name)) return "vendored";
  if (GENERATED_DIRS.has(name)) return "generated";
  return undefined;
}

/** Why a file is left out from its path alone (POSIX, relative), if it is. */
export function skipFileByPath(path: string, includeVendored: boolean): CodeSkipReason | undefined {
  const segments = path.split("/");
  const name = segments.pop()!;
  for (const dir of segments) {
    const why = skipDirectory(dir, includeVendored);
    if (why) return why;
  }
  if (includeVendored) return undefined;
  if (MINIFIED_NAME.test(name)) return "minified";
  if (SCRIPT_OR_STYLE.test(name) && segments.some((d) => OUTPUT_DIRS.has(d))) return "generated";
  return undefined;
}

/** A line longer than this in a script or style sheet marks it minified. */
export const MINIFIED_LINE = 5000;

/**
 * Why a file is left out from its first bytes, if it is: a NUL byte in the first 8000 bytes is binary
 * (git's own test); a script or style sheet with a line over MINIFIED_LINE characters is minified.
 */
export function skipFileByContent(
  path: string,
  bytes: Buffer,
  includeVendored: boolean,
): CodeSkipReason | undefined {
  if (bytes.subarray(0, 8000).includes(0)) return "binary";
  if (includeVendored || !SCRIPT_OR_STYLE.test(path)) return undefined;
  const head = bytes.subarray(0, 64 * 1024);
  let start = 0;
  for (;;) {
    const nl = head.indexOf(10, start);
    const end = nl < 0 ? head.length : nl;
    if (end - start > MINIFIED_LINE) return "minified";
    if (nl < 0) return undefined;
    start = nl + 1;
  }
}
