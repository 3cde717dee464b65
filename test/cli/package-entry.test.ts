import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { REPO } from "../support/cli.js";

test("the built package entry works from plain Node: compareVersions and isAffected", () => {
  const script = `
    const { compareVersions, isAffected } = await import(${JSON.stringify(`${REPO}/dist/index.js`)});
    const r = {
      cmp: compareVersions("Debian:12", "2.36-9+deb12u3", "2.36-9+deb12u4") < 0,
      hit: isAffected("npm", "4.17.15", { ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "4.17.21" }] }] }),
    };
    console.log(JSON.stringify(r));`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { cmp: true, hit: true });
});

test("the package name resolves to the same entry (package.json exports)", () => {
  const r = spawnSync(
    process.execPath,
    ["--input-type=module", "-e", `const m = await import("vigil"); console.log(typeof m.compareVersions);`],
    { encoding: "utf8", cwd: REPO },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), "function");
});
