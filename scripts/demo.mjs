#!/usr/bin/env node
// The end of `npm run setup`: with the feed snapshots beside the clone (../shared/feeds), build the
// vulnerability database from them into the default location and scan a real Debian image with it;
// without them, say how to get a database. Then list the commands.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";

const bin = resolve(import.meta.dirname, "../dist/cli/bin.js");
const feeds = resolve(import.meta.dirname, "../../shared/feeds");
const run = (...args) => {
  process.stdout.write(`\n$ vigil ${args.join(" ")}\n`);
  const r = spawnSync(process.execPath, [bin, ...args], { stdio: "inherit" });
  if (r.status !== 0 && r.status !== 1) process.exit(r.status ?? 1);
};

if (existsSync(feeds)) {
  run("db", "import", feeds);
  run("scan", resolve(feeds, "artifacts/images/debian-bullseye-minbase.tar.gz"));
  run("scan", resolve(feeds, "artifacts/lockfiles/npm-v3-express-lodash"));
} else {
  process.stdout.write(
    "\nNo ../shared/feeds here: run `npx vigil db update` to download the feeds, then `npx vigil scan <target>`.\n",
  );
}
run("--help");
