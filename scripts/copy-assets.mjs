#!/usr/bin/env node
// Copies the data files that modules load at run time from next to themselves (the code analyzers' rules,
// detectors and checks: YAML and JSON under src/code/) into dist/, at the same relative paths, so the built
// CLI and the npm package find them where the source tree has them. Examples used only by tests stay out.
import { cpSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";

const ROOTS = ["src/code"];
const DATA = /\.(ya?ml|json)$/;
/** Rule examples (`*.vulnerable.*`, `*.safe.*`, `examples/`, `testdata/`) are test material. */
const TEST_ONLY =
  /(^|\/)(examples|testdata|test-support)(\/|$)|\.(vulnerable|safe)\.|(^|\/)(vulnerable|safe)\.[^/]+$/;

let copied = 0;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (DATA.test(name) && !TEST_ONLY.test(p)) {
      const to = join("dist", relative("src", p));
      mkdirSync(dirname(to), { recursive: true });
      cpSync(p, to);
      copied++;
    }
  }
}
for (const root of ROOTS) walk(root);
console.log(`copy-assets: ${copied} data files into dist/`);
