#!/usr/bin/env node
// Rewrites the golden files under test/golden/testdata/ from the current outputs (`npm run golden:update`),
// then lists what changed: review it with `git diff test/golden/testdata` before committing.
// The CLI snapshots run the built `vigil`: run `npm run build` first when src/ changed.
// Arguments narrow the run like run-tests.mjs: `npm run golden:update -- cli` updates only the CLI snapshots.
import { spawnSync } from "node:child_process";

const filters = process.argv.slice(2).map((f) => `test/golden/${f}`);
const run = spawnSync(
  process.execPath,
  ["scripts/run-tests.mjs", ...(filters.length > 0 ? filters : ["test/golden"])],
  { stdio: "inherit", env: { ...process.env, UPDATE_GOLDEN: "1" } },
);
if (run.status !== 0) {
  console.error(
    "update-golden: the golden tests failed while updating (see above); nothing is certain to be current",
  );
  process.exit(run.status ?? 1);
}
const status = spawnSync("git", ["status", "--short", "--", "test/golden/testdata"], { encoding: "utf8" });
const changed = status.stdout.trim();
console.log(
  changed === ""
    ? "update-golden: every golden file already matched"
    : `update-golden: changed golden files (review with git diff test/golden/testdata):\n${changed}`,
);
