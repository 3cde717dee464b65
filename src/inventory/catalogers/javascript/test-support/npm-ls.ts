/**
 * Test support: the reference the JavaScript catalogers are compared with, `npm ls --all --package-lock-only
 * --json`, flattened to sorted unique "name@version" strings.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { isObject, type JsonObject } from "../json.js";

/** Flattens an `npm ls --json` tree; workspace members (resolved "file:") are the project's own code and left out. */
export function flattenNpmLs(tree: JsonObject): string[] {
  const out = new Set<string>();
  const walk = (deps: unknown) => {
    if (!isObject(deps)) return;
    for (const [name, node] of Object.entries(deps)) {
      if (!isObject(node)) continue;
      const resolved = node["resolved"];
      const version = node["version"];
      if (typeof version === "string" && !(typeof resolved === "string" && resolved.startsWith("file:"))) {
        out.add(`${name}@${version}`);
      }
      walk(node["dependencies"]);
    }
  };
  walk(tree["dependencies"]);
  return [...out].sort();
}

/** A recorded npm-ls.json beside a fixture, flattened. */
export function recordedNpmLs(path: string): string[] {
  const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
  if (!isObject(parsed)) throw new Error(`${path}: not an npm ls --json document`);
  return flattenNpmLs(parsed);
}

/** Runs the real npm ls in `dir` (it only reads); undefined when npm is not available. */
export function liveNpmLs(dir: string): string[] | undefined {
  let out: string;
  try {
    out = execFileSync("npm", ["ls", "--all", "--package-lock-only", "--json"], {
      cwd: dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
  } catch (e) {
    // npm ls exits 1 on problems (missing peers...) but still prints the tree.
    const stdout = isObject(e) ? e["stdout"] : undefined;
    if (typeof stdout !== "string" || stdout === "") return undefined;
    out = stdout;
  }
  const parsed: unknown = JSON.parse(out);
  return isObject(parsed) ? flattenNpmLs(parsed) : undefined;
}

/** Sorted unique "name@version" of catalogued packages. */
export function nameAtVersion(packages: readonly { name: string; version: string }[]): string[] {
  return [...new Set(packages.map((p) => `${p.name}@${p.version}`))].sort();
}
