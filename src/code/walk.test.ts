import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { walkSourceTree } from "./walk.js";

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "vigil-walk-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

async function walked(target: string, options: Parameters<typeof walkSourceTree>[1] = {}) {
  const paths: string[] = [];
  const outcome = await walkSourceTree(target, options, async (f) => {
    paths.push(f.path);
  });
  return { paths: paths.sort(), outcome };
}

const GITIGNORED = {
  ".gitignore": "*.log\nsecrets/\n!keep.log\n/generated\n",
  "app.js": "x",
  "debug.log": "x",
  "keep.log": "x",
  "secrets/key.pem": "x",
  "generated/out.py": "x",
  "src/generated/real.py": "x",
  "src/.gitignore": "*.tmp\n!important.tmp\nlocal/\n",
  "src/a.tmp": "x",
  "src/important.tmp": "x",
  "src/main.go": "x",
  "src/local/x.go": "x",
  "src/deep/.gitignore": "!*.log\n",
  "src/deep/trace.log": "x",
  "src/deep/b.tmp": "x",
  "docs/info.txt": "x",
  "excluded-by-info.txt": "x",
};

test("gitignore: nested files, negations and .git/info/exclude select exactly what git itself lists", async () => {
  const root = tree(GITIGNORED);
  execFileSync("git", ["init", "-q", root]);
  writeFileSync(join(root, ".git/info/exclude"), "excluded-by-info.txt\n");
  const git = execFileSync("git", ["-C", root, "ls-files", "-co", "--exclude-standard"], {
    encoding: "utf8",
    env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" },
  })
    .split("\n")
    .filter((l) => l !== "")
    .sort();
  const { paths, outcome } = await walked(root);
  assert.deepEqual(paths, git);
  // The expectation in words, so a change in git cannot silently change the test's meaning.
  assert.ok(paths.includes("keep.log"), "!keep.log re-includes");
  assert.ok(
    paths.includes("src/deep/trace.log"),
    "a deeper .gitignore's negation overrides the root's *.log",
  );
  assert.ok(paths.includes("src/important.tmp"));
  assert.ok(paths.includes("src/generated/real.py"), "/generated is anchored to its .gitignore's directory");
  assert.ok(!paths.includes("src/deep/b.tmp"), "src/.gitignore applies below it");
  assert.ok(!paths.includes("excluded-by-info.txt"), ".git/info/exclude applies");
  assert.ok(!paths.some((p) => p.startsWith(".git/")), ".git is never walked");
  assert.ok((outcome.skipped.gitignored ?? 0) >= 5);
});

test("gitignore: scanning a subdirectory of a work tree applies the .gitignore files above it", async () => {
  const root = tree({
    ".gitignore": "*.secret\nsub/skip/\n",
    "sub/a.py": "x",
    "sub/b.secret": "x",
    "sub/skip/c.py": "x",
  });
  execFileSync("git", ["init", "-q", root]);
  const { paths } = await walked(join(root, "sub"));
  assert.deepEqual(paths, ["a.py"]);
});

test("gitignore: a plain directory (no git) still honours its .gitignore files", async () => {
  const root = tree({ ".gitignore": "build-output/\n", "build-output/x.js": "x", "main.py": "x" });
  const { paths } = await walked(root);
  assert.deepEqual(paths, [".gitignore", "main.py"]);
});

const VENDORED = {
  "index.js": "x",
  "node_modules/lodash/index.js": "x",
  "vendor/github.com/x/y.go": "x",
  "bower_components/jq/jq.js": "x",
  "static/app.min.js": "x",
  "static/app.js.map": "x",
  "dist/bundle.js": "x",
  "dist/Dockerfile": "FROM scratch\n",
  "build/package/Dockerfile": "FROM scratch\n",
  ".next/server/page.js": "x",
};

test("vendored and generated code is skipped by default and walked with --include-vendored", async () => {
  const root = tree(VENDORED);
  const plain = await walked(root);
  assert.deepEqual(plain.paths, ["build/package/Dockerfile", "dist/Dockerfile", "index.js"]);
  assert.equal(plain.outcome.skipped.vendored, 3);
  assert.equal(plain.outcome.skipped.minified, 2);
  assert.equal(plain.outcome.skipped.generated, 2);
  const all = await walked(root, { includeVendored: true });
  assert.deepEqual(all.paths, Object.keys(VENDORED).sort());
});

test("symlinks are never followed: a link out of the root is not read, a link inside is walked once at its own path", async () => {
  const outside = tree({ "secret.txt": "AKIA..." });
  const root = tree({ "real/app.py": "x" });
  symlinkSync(join(outside, "secret.txt"), join(root, "leak.txt"));
  symlinkSync(outside, join(root, "outside-dir"));
  symlinkSync(join(root, "real"), join(root, "alias"));
  const { paths, outcome } = await walked(root);
  assert.deepEqual(paths, ["real/app.py"]);
  assert.equal(outcome.skipped.symlink, 3);
});

test("caps: a file over the size cap is counted, not read; past the file count cap the scan stops naming the option", async () => {
  const root = tree({ "big.js": "x".repeat(2000), "small.js": "x", "c.js": "x" });
  const { paths, outcome } = await walked(root, { maxFileBytes: 1000 });
  assert.deepEqual(paths, ["c.js", "small.js"]);
  assert.equal(outcome.skipped["too-large"], 1);
  await assert.rejects(walked(root, { maxFiles: 2 }), /more than 2 files to scan.*--max-files/);
});

test("zip bundles: entries walked with the same skips; a path-traversal entry is refused", async () => {
  const src = tree({
    "handler.py": "x",
    "lib/util.py": "x",
    "node_modules/dep/index.js": "x",
    "app.min.js": "x",
  });
  const zip = join(mkdtempSync(join(tmpdir(), "vigil-walk-zip-")), "function.zip");
  execFileSync("zip", ["-qr", zip, "."], { cwd: src });
  const { paths, outcome } = await walked(zip);
  assert.deepEqual(paths, ["handler.py", "lib/util.py"]);
  assert.equal(outcome.target.kind, "zip");
  const evil = join(mkdtempSync(join(tmpdir(), "vigil-walk-evil-")), "evil.zip");
  execFileSync("python3", [
    "-c",
    "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],'w'); z.writestr('../../etc/cron.d/x','x'); z.close()",
    evil,
  ]);
  await assert.rejects(walked(evil), /evil\.zip: corrupt zip: invalid relative path: \.\.\/\.\.\/etc/);
});

test("a target that is neither a directory nor a zip is an input error naming it", async () => {
  const root = tree({ "notes.txt": "hello" });
  await assert.rejects(
    walked(join(root, "notes.txt")),
    /notes\.txt: is neither a directory nor a zip bundle/,
  );
  await assert.rejects(walked(join(root, "missing")), /missing: cannot read the target/);
});
