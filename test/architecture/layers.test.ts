import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { checkLayers, importsOf, LAYERS, SERVICE_LAYERS, type SourceFile, sourceFiles } from "./layers.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

test("every import in src/ keeps the layers of test/architecture/layers.ts (docs/architecture.md), with no cycle", () => {
  const problems = checkLayers(sourceFiles(root));
  assert.deepEqual(problems, [], `\n${problems.join("\n")}`);
});

test("imports are read static, re-exported, dynamic and type-only", () => {
  const text = [
    'import { a } from "./a.js";',
    'import type { B } from "./b.js";',
    'import { type C } from "./c.js";',
    'export { d } from "./d.js";',
    'export type { E } from "./e.js";',
    'import "./f.js";',
    'const g = await import("./g.js");',
    'type H = import("./h.js").H;',
    'declare module "./i.js" { interface I { x: 1 } }',
    'import { z } from "zod";',
    '// import { no } from "./comment.js";',
  ].join("\n");
  assert.deepEqual(importsOf("x.ts", text), [
    { specifier: "./a.js", typeOnly: false },
    { specifier: "./b.js", typeOnly: true },
    { specifier: "./c.js", typeOnly: false },
    { specifier: "./d.js", typeOnly: false },
    { specifier: "./e.js", typeOnly: true },
    { specifier: "./f.js", typeOnly: false },
    { specifier: "./g.js", typeOnly: false },
    { specifier: "./h.js", typeOnly: true },
    { specifier: "./i.js", typeOnly: true },
  ]);
});

test("a lower layer importing a higher one fails, naming the file and the import", () => {
  const files: SourceFile[] = [
    { path: "src/scan/scan.ts", text: 'import type { ScanReport } from "../formats/report.js";' },
    { path: "src/formats/report.ts", text: 'import { scan } from "../scan/scan.js";' },
  ];
  const problems = checkLayers(files);
  assert.equal(problems.length, 2, problems.join("\n"));
  assert.match(
    problems[0]!,
    /^src\/scan\/scan\.ts imports "\.\.\/formats\/report\.js": scan \(layer 6\) may not import formats/,
  );
  assert.match(problems[1]!, /^import cycle between modules: formats -> scan -> formats/);
});

test("a dynamic import counts, and peers in one layer may not import each other", () => {
  const problems = checkLayers([
    { path: "src/sources/sbom.ts", text: 'const m = await import("../intel/index.js");' },
  ]);
  assert.equal(problems.length, 1);
  assert.match(
    problems[0]!,
    /src\/sources\/sbom\.ts imports "\.\.\/intel\/index\.js": sources \(layer 3\) may not import intel \(layer 3\)/,
  );
});

test("service modules keep their own order, and a cycle between them is named with its imports", () => {
  const problems = checkLayers([
    { path: "src/service/core/context.ts", text: 'import { x } from "../events/events.js";' },
    { path: "src/service/events/events.ts", text: 'import { y } from "../jobs/queue.js";' },
  ]);
  assert.equal(problems.length, 2, problems.join("\n"));
  assert.match(
    problems[0]!,
    /src\/service\/core\/context\.ts imports "\.\.\/events\/events\.js": service\/core may not import service\/events/,
  );
  assert.match(
    problems[1]!,
    /import cycle between modules: service\/core -> service\/events -> service\/core \(src\/service\/core\/context\.ts imports "\.\.\/events\/events\.js"; src\/service\/events\/events\.ts imports "\.\.\/jobs\/queue\.js"\)/,
  );
});

test("the client takes the service's types only; production code imports no test code and nothing outside src/", () => {
  const problems = checkLayers([
    {
      path: "src/client/client.ts",
      text: 'import type { A } from "../service/x.js";\nimport { b } from "../service/y.js";',
    },
    { path: "src/agent/agent.ts", text: 'import { c } from "../service/test-support/app.js";' },
    { path: "src/cli/main.ts", text: 'import { d } from "../../test/support/cli.js";' },
    { path: "src/agent/agent.test.ts", text: 'import { e } from "../service/runtime.js";' },
    { path: "src/newthing/a.ts", text: "" },
  ]);
  assert.deepEqual(problems, [
    'src/client/client.ts imports "../service/y.js": client may import service only with `import type` (no service code at run time)',
    'src/agent/agent.ts imports "../service/test-support/app.js": production code never imports test code (src/service/test-support/app.js)',
    'src/cli/main.ts imports "../../test/support/cli.js": production code imports only from src/ (test/support/cli.js is outside)',
    "src/newthing is in no layer: add it to LAYERS (or SERVICE_LAYERS) in test/architecture/layers.ts and to docs/architecture.md",
  ]);
});

test("docs/architecture.md draws the same layers and service modules as the table", () => {
  const doc = readFileSync(join(root, "docs/architecture.md"), "utf8");
  const section = doc.slice(doc.indexOf("## Layers and allowed imports"));
  const drawing = section.slice(
    section.indexOf("```\n") + 4,
    section.indexOf("\n```", section.indexOf("```\n") + 4),
  );
  const drawn: string[][] = [];
  const service: string[] = [];
  for (const line of drawing.split("\n")) {
    const layer = /^\s*(\d+)\s{2}(\S+(?: · \S+)*)/.exec(line);
    if (layer !== null) drawn[Number(layer[1])] = layer[2]!.split(" · ");
    const box = /[┌│└] (\S+?)\/?(?:\.ts)?(?:\s|$)/.exec(line);
    if (box !== null) service.push(box[1]!);
  }
  assert.deepEqual(drawn, LAYERS);
  assert.deepEqual(service.reverse(), SERVICE_LAYERS.flat());
});
