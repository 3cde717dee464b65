import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

/** The repository root. */
export const REPO = resolve(import.meta.dirname, "../..");

/**
 * The built `vigil` executable. CLI tests run the compiled JavaScript, as users do, rather than the
 * TypeScript through tsx (which costs seconds of CPU per spawn); `npm test` builds before testing.
 * @throws when dist/ is missing or older than the sources, saying to run `npm run build`
 */
export const VIGIL_BIN = resolve(REPO, "dist/cli/bin.js");

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) {
      if (name !== "testdata" && name !== "test-support") newest = Math.max(newest, newestSource(p));
    } else if (name.endsWith(".ts") && !name.endsWith(".test.ts")) newest = Math.max(newest, st.mtimeMs);
  }
  return newest;
}

let checked = false;

/** Arguments for spawning the built CLI: `spawn(process.execPath, vigilArgs("scan", ...))`. */
export function vigilArgs(...args: string[]): string[] {
  if (!checked) {
    let built: number;
    try {
      built = statSync(VIGIL_BIN).mtimeMs;
    } catch {
      throw new Error(`${VIGIL_BIN} is missing: run \`npm run build\` before the CLI tests`);
    }
    if (newestSource(resolve(REPO, "src")) > built) {
      throw new Error("dist/ is older than src/: run `npm run build` before the CLI tests");
    }
    checked = true;
  }
  return [VIGIL_BIN, ...args];
}
