import type { Runtime } from "../../../model/inventory.js";

/** What a Lambda-style runtime identifier runs: the endoflife.date product and release cycle. */
export interface FunctionRuntime {
  /** The identifier as given: `nodejs16.x`, `python3.8`, `java11`, `go1.x`, `provided.al2`... */
  id: string;
  /** endoflife.date product. */
  product: string;
  /** Its release cycle as endoflife.date names it (`16`, `3.8`, `11`, `2018.03`). */
  cycle: string;
}

/**
 * Lambda runtime identifiers and what they run. Managed runtimes are patched by their provider, so only
 * the release line is known, never a patch version: the entry carries the cycle, and the EOL findings
 * (src/findings/eol.ts) judge that cycle. Java runtimes are Amazon Corretto; `go1.x` and `provided` run on
 * Amazon Linux 1 (2018.03) and the `provided.al2*` ones on Amazon Linux 2 / 2023: for those the OS is
 * what ends (a Go binary's own toolchain version is found by the Go binary cataloger).
 */
const FAMILIES: { pattern: RegExp; product: string; cycle: (m: RegExpExecArray) => string }[] = [
  { pattern: /^nodejs(\d+)\.(?:x|\d+)$/, product: "nodejs", cycle: (m) => m[1]! },
  { pattern: /^python(\d\.\d+)$/, product: "python", cycle: (m) => m[1]! },
  { pattern: /^java(\d+)(?:\.al2)?$/, product: "amazon-corretto", cycle: (m) => m[1]! },
  { pattern: /^ruby(\d\.\d+)$/, product: "ruby", cycle: (m) => m[1]! },
  { pattern: /^dotnetcore(\d\.\d)$/, product: "dotnet", cycle: (m) => m[1]! },
  { pattern: /^dotnet(\d+)$/, product: "dotnet", cycle: (m) => m[1]! },
  { pattern: /^go1\.x$/, product: "amazon-linux", cycle: () => "2018.03" },
  { pattern: /^provided$/, product: "amazon-linux", cycle: () => "2018.03" },
  { pattern: /^provided\.al(2|2023)$/, product: "amazon-linux", cycle: (m) => m[1]! },
];

/** Examples of accepted identifiers, for error messages. */
export const RUNTIME_EXAMPLES =
  "nodejs16.x, nodejs22.x, python3.8, python3.12, java11, java21, ruby2.7, ruby3.3, dotnet8, dotnetcore3.1, go1.x, provided.al2023";

/** The runtime an identifier names, or undefined when it is not a Lambda-style identifier Vigil knows. */
export function parseFunctionRuntime(id: string): FunctionRuntime | undefined {
  for (const f of FAMILIES) {
    const m = f.pattern.exec(id);
    if (m !== null) return { id, product: f.product, cycle: f.cycle(m) };
  }
  return undefined;
}

/** Where the runtime entry says it was found (shown in findings). */
export function runtimeLocation(id: string): string {
  return `function runtime ${id}`;
}

/**
 * The inventory entry of a function's runtime. Its version is the cycle with a `.x` patch (`16.x`,
 * `3.8.x`): `cycleFor` finds the cycle by prefix, and no advisory range matches a version that names no
 * patch level, so a managed runtime gets end-of-life findings but no guessed Node.js core advisories.
 */
export function runtimeEntry(rt: FunctionRuntime): Runtime {
  return { product: rt.product, version: `${rt.cycle}.x`, location: runtimeLocation(rt.id) };
}
