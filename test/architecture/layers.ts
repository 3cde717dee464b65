/**
 * The layers of `src/` and the imports they allow: the one table that `layers.test.ts` enforces and
 * `docs/architecture.md` draws. A module may import only modules of strictly lower layers (peers in one
 * layer stay independent), so no cycle between modules can form. Tests (`*.test.ts`, `test-support/`)
 * may import anything; production code never imports them nor anything outside `src/`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import ts from "typescript";

/** Top-level modules of `src/`, lowest layer first (`errors`, `version`, `index`: the files `src/<name>.ts`). */
export const LAYERS: readonly (readonly string[])[] = [
  ["errors", "version"],
  ["model", "config"],
  ["versions", "os", "net"],
  ["sources", "intel", "scoring"],
  ["inventory", "code", "match"],
  ["findings", "host"],
  ["scan"],
  ["formats"],
  ["service"],
  ["client"],
  ["agent"],
  ["cli"],
  ["index"],
];

/**
 * Imports of a lower layer allowed only as `import type` (erased at run time): the API client and the
 * agent use the service's API types but must not load server code.
 */
export const TYPE_ONLY: Readonly<Record<string, readonly string[]>> = {
  client: ["service"],
  agent: ["service"],
};

/**
 * Modules of `src/service/`, lowest first: `core` is `core/`, `db/` and `jobs/`; `runtime` the files at
 * `src/service/` itself (the wiring of server and worker).
 */
export const SERVICE_LAYERS: readonly (readonly string[])[] = [
  ["core"],
  ["events"],
  ["resources"],
  ["evaluation"],
  ["discovery"],
  ["tenancy"],
  ["delivery"],
  ["http"],
  ["runtime"],
];

const SERVICE_FOLDERS: Readonly<Record<string, string>> = { db: "core", jobs: "core" };

/** One import of a source file. */
export interface ImportRef {
  /** The specifier as written. */
  specifier: string;
  /** `import type`, `export type`, `import("x").T` or `declare module "x"`: nothing loaded at run time. */
  typeOnly: boolean;
}

/** The relative imports of a TypeScript source: static, re-exports, dynamic `import()`, type imports. */
export function importsOf(fileName: string, text: string): ImportRef[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const out: ImportRef[] = [];
  const add = (node: ts.Node | undefined, typeOnly: boolean): void => {
    if (node !== undefined && ts.isStringLiteralLike(node) && node.text.startsWith("."))
      out.push({ specifier: node.text, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(node.moduleSpecifier, node.importClause?.isTypeOnly === true);
    else if (ts.isExportDeclaration(node)) add(node.moduleSpecifier, node.isTypeOnly);
    else if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) add(node.name, true);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument))
      add(node.argument.literal, true);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword)
      add(node.arguments[0], false);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Test code: exempt from the layer rules, and never imported by production code. */
export function isTestFile(path: string): boolean {
  const parts = path.split("/");
  const base = parts.at(-1) ?? "";
  return base.endsWith(".test.ts") || base === "test-support.ts" || parts.includes("test-support");
}

/** The module of a path relative to the repository (`src/service/core/ids.ts` -> `service`, `core`). */
export function moduleOf(path: string): { top: string; service?: string } | undefined {
  const parts = path.split("/");
  if (parts[0] !== "src" || parts.length < 2) return undefined;
  if (parts.length === 2) return { top: parts[1]!.replace(/\.[jt]s$/, "") };
  const top = parts[1]!;
  if (top !== "service") return { top };
  if (parts.length === 3) return { top, service: "runtime" };
  return { top, service: SERVICE_FOLDERS[parts[2]!] ?? parts[2]! };
}

function rankIn(layers: readonly (readonly string[])[], name: string): number {
  return layers.findIndex((l) => l.includes(name));
}

/** The allowed imports of a module in words, for error messages. */
function allowedText(layers: readonly (readonly string[])[], rank: number): string {
  const below = layers.slice(0, rank).flat();
  return below.length === 0 ? "nothing" : below.join(", ");
}

/** A source file to check: its path relative to the repository (with `/`) and its text. */
export interface SourceFile {
  path: string;
  text: string;
}

/** Every broken rule, one line each naming the file and the import. Empty when the layers hold. */
export function checkLayers(files: readonly SourceFile[]): string[] {
  const problems: string[] = [];
  const edges = new Map<string, Map<string, string>>();
  const unknown = new Set<string>();
  for (const file of files) {
    if (isTestFile(file.path)) continue;
    const from = moduleOf(file.path);
    if (from === undefined) continue;
    const fromRank = rankIn(LAYERS, from.top);
    if (fromRank < 0) {
      unknown.add(from.top);
      continue;
    }
    if (from.service !== undefined && rankIn(SERVICE_LAYERS, from.service) < 0) {
      unknown.add(`service/${from.service}`);
      continue;
    }
    for (const imp of importsOf(file.path, file.text)) {
      const target = posix.normalize(posix.join(posix.dirname(file.path), imp.specifier));
      const where = `${file.path} imports "${imp.specifier}"`;
      const to = moduleOf(target);
      if (to === undefined) {
        problems.push(`${where}: production code imports only from src/ (${target} is outside)`);
        continue;
      }
      if (isTestFile(target.replace(/\.js$/, ".ts"))) {
        problems.push(`${where}: production code never imports test code (${target})`);
        continue;
      }
      const toRank = rankIn(LAYERS, to.top);
      if (toRank < 0) {
        unknown.add(to.top);
        continue;
      }
      if (to.top !== from.top) {
        addEdge(edges, from.top, to.top, where);
        if (toRank >= fromRank) {
          problems.push(
            `${where}: ${from.top} (layer ${fromRank}) may not import ${to.top} (layer ${toRank}); it may import ${allowedText(LAYERS, fromRank)}`,
          );
        } else if (TYPE_ONLY[from.top]?.includes(to.top) && !imp.typeOnly) {
          problems.push(
            `${where}: ${from.top} may import ${to.top} only with \`import type\` (no ${to.top} code at run time)`,
          );
        }
        continue;
      }
      if (from.service === undefined || to.service === undefined || from.service === to.service) continue;
      const a = rankIn(SERVICE_LAYERS, from.service);
      const b = rankIn(SERVICE_LAYERS, to.service);
      if (b < 0) {
        unknown.add(`service/${to.service}`);
        continue;
      }
      addEdge(edges, `service/${from.service}`, `service/${to.service}`, where);
      if (b >= a) {
        problems.push(
          `${where}: service/${from.service} may not import service/${to.service}; it may import service/{${allowedText(SERVICE_LAYERS, a)}}`,
        );
      }
    }
  }
  for (const name of [...unknown].sort()) {
    problems.push(
      `src/${name} is in no layer: add it to LAYERS (or SERVICE_LAYERS) in test/architecture/layers.ts and to docs/architecture.md`,
    );
  }
  for (const cycle of cycles(edges)) problems.push(`import cycle between modules: ${cycle}`);
  return problems;
}

function addEdge(edges: Map<string, Map<string, string>>, a: string, b: string, where: string): void {
  const m = edges.get(a) ?? new Map<string, string>();
  edges.set(a, m);
  if (!m.has(b)) m.set(b, where);
}

/** Each strongly connected group of modules (Tarjan), as `a -> b -> a` with one import per step. */
export function cycles(edges: Map<string, Map<string, string>>): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const groups: string[][] = [];
  let next = 0;
  const strong = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    on.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      for (;;) {
        const w = stack.pop()!;
        on.delete(w);
        group.push(w);
        if (w === v) break;
      }
      if (group.length > 1) groups.push(group);
    }
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) strong(v);
  return groups.map((group) => {
    // Walk the group from its first member back to itself, naming the import of each step.
    const members = new Set(group);
    const start = [...group].sort()[0]!;
    const path = [start];
    const steps: string[] = [];
    const seen = new Set([start]);
    let at = start;
    for (;;) {
      const out = [...(edges.get(at) ?? new Map()).entries()].filter(([w]) => members.has(w));
      const home = out.find(([w]) => w === start);
      const [w, where] = home ?? out.find(([w]) => !seen.has(w)) ?? out[0]!;
      steps.push(where);
      path.push(w);
      if (w === start || seen.has(w)) break;
      seen.add(w);
      at = w;
    }
    return `${path.join(" -> ")} (${steps.join("; ")})`;
  });
}

/** Every `.ts` file under `src/` of the repository at `root`, paths relative to it. */
export function sourceFiles(root: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) {
        if (e.name !== "node_modules" && e.name !== "testdata" && e.name !== "fixtures") walk(p);
      } else if (e.name.endsWith(".ts")) out.push({ path: p, text: readFileSync(join(root, p), "utf8") });
    }
  };
  walk("src");
  return out.sort((a, b) => a.path.localeCompare(b.path));
}
