/**
 * Every rule file is valid and its two examples (rules/<lang>/testdata/<name>.vulnerable.* and
 * <name>.safe.*) give exactly the findings their `ruleid:` / `ok:` comments announce, Semgrep-style: the
 * comment sits on the line before the expected (or forbidden) finding.
 */
import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import type { CodeMatch } from "../../model/code.js";
import type { Analyzer } from "../analyzer.js";
import { loadSastAnalyzer, RuleFileError } from "./index.js";
import { loadRuleFiles, RULES_DIR } from "./rule-file.js";

const rulesDir = RULES_DIR.pathname;

function source(path: string, text: string) {
  const bytes = Buffer.from(text);
  return { path, bytes, text: () => text };
}

async function run(
  analyzer: Analyzer,
  path: string,
  text: string,
): Promise<{ matches: CodeMatch[]; warnings: string[] }> {
  const warnings: string[] = [];
  const matches = await analyzer.analyze(source(path, text), (w) => warnings.push(w));
  return { matches, warnings };
}

/** `// ruleid: X` / `# ok: X` annotations: rule id → 1-based lines of the next line. */
function annotations(text: string): { expect: Set<string>; forbid: Set<string>; ids: Set<string> } {
  const expect = new Set<string>();
  const forbid = new Set<string>();
  const ids = new Set<string>();
  text.split("\n").forEach((line, i) => {
    const m = /(?:\/\/|#|\{\/\*)\s*(ruleid|ok):\s*([\w.-]+)/.exec(line);
    if (!m) return;
    ids.add(m[2]!);
    (m[1] === "ruleid" ? expect : forbid).add(`${m[2]}@${i + 2}`);
  });
  return { expect, forbid, ids };
}

const { rules } = loadRuleFiles();
const analyzer = await loadSastAnalyzer();

describe("SAST rule files", () => {
  test("every language has rules and every rule id is unique and stable in form", () => {
    for (const fam of ["js", "python", "java", "go"]) {
      assert.ok(
        rules.some((r) => r.family === fam),
        `no rules for ${fam}`,
      );
    }
    assert.equal(new Set(rules.map((r) => r.spec.id)).size, rules.length);
  });

  for (const r of rules) {
    const name = r.spec.id.split(".").pop()!;
    const dir = join(rulesDir, r.family, "testdata");
    const files = readdirSync(dir);
    for (const variant of ["vulnerable", "safe"] as const) {
      test(`${r.spec.id}: ${variant} example gives exactly its annotated findings`, async () => {
        const examples = files.filter((f) => f.startsWith(`${name}.${variant}.`));
        assert.ok(examples.length > 0, `${r.file}: missing testdata/${name}.${variant}.<ext> example`);
        for (const ex of examples) {
          const text = readFileSync(join(dir, ex), "utf8");
          const { expect, forbid, ids } = annotations(text);
          assert.ok(ids.has(r.spec.id), `${ex} has no annotation for ${r.spec.id}`);
          if (variant === "vulnerable") {
            assert.ok(
              [...expect].some((e) => e.startsWith(`${r.spec.id}@`)),
              `${ex}: no ruleid annotation`,
            );
          } else {
            assert.ok(
              ![...expect].some((e) => e.startsWith(`${r.spec.id}@`)),
              `${ex}: a safe example expects a finding`,
            );
            assert.ok(
              [...forbid].some((e) => e.startsWith(`${r.spec.id}@`)),
              `${ex}: no ok annotation`,
            );
          }
          const { matches, warnings } = await run(analyzer, `testdata/${ex}`, text);
          assert.deepEqual(warnings, [], `${ex} must parse cleanly`);
          const got = new Set(matches.map((m) => `${m.ruleId}@${m.location.startLine}`));
          const missing = [...expect].filter((e) => !got.has(e));
          const extra = [...got].filter((g) => !expect.has(g));
          assert.deepEqual(
            { missing, extra },
            { missing: [], extra: [] },
            `${ex}: findings differ from annotations\n${matches.map((m) => `  ${m.location.startLine}: ${m.ruleId}: ${m.message}`).join("\n")}`,
          );
          for (const f of forbid) assert.ok(!got.has(f), `${ex}: ${f} is marked ok but matched`);
        }
      });
    }
  }
});

describe("SAST rule loading", () => {
  test("an invalid rule file is refused with its path and the failing field", () => {
    const dir = mkdtempSync(join(tmpdir(), "vigil-sast-"));
    try {
      cpSync(rulesDir, dir, { recursive: true });
      const bad = join(dir, "js", "command-injection.yaml");
      writeFileSync(bad, readFileSync(bad, "utf8").replace(/^severity: .*$/m, "severity: SEVERE"));
      assert.throws(
        () => loadRuleFiles(dir),
        (e: unknown) =>
          e instanceof RuleFileError && e.message.includes(bad) && e.message.includes("field severity"),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a rule whose id does not match its file's place is refused", () => {
    const dir = mkdtempSync(join(tmpdir(), "vigil-sast-"));
    try {
      mkdirSync(join(dir, "js"));
      cpSync(join(rulesDir, "js", "_taint.yaml"), join(dir, "js", "_taint.yaml"));
      const text = readFileSync(join(rulesDir, "js", "command-injection.yaml"), "utf8");
      writeFileSync(join(dir, "js", "renamed.yaml"), text);
      assert.throws(
        () => loadRuleFiles(dir),
        /renamed\.yaml: field id: is vigil\.sast\.js\.command-injection/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("SAST analyzer", () => {
  const vulnerable = [
    'const { exec } = require("child_process");',
    "",
    "function list(req, res) {",
    "  const dir = req.query.dir;",
    '  exec("ls " + dir, (err, out) => res.send(out));',
    "}",
    "",
  ].join("\n");

  test("a finding names source and sink, carries the snippet, and its key survives unrelated edits", async () => {
    const a = await run(analyzer, "src/list.js", vulnerable);
    const cmd = a.matches.filter((m) => m.ruleId === "vigil.sast.js.command-injection");
    assert.equal(cmd.length, 1);
    const m = cmd[0]!;
    assert.equal(m.location.startLine, 5);
    assert.match(m.message, /req\.query.* reaches child_process\.exec/);
    assert.equal(m.snippet, '  exec("ls " + dir, (err, out) => res.send(out));');
    assert.deepEqual(m.evidence, { source: "req.query", sink: "child_process.exec" });
    const moved = `// a header comment\n\nimport "./setup.js";\n${vulnerable}`;
    const b = await run(analyzer, "src/list.js", moved);
    const m2 = b.matches.find((x) => x.ruleId === m.ruleId)!;
    assert.equal(m2.location.startLine, 8);
    assert.equal(m2.key, m.key);
  });

  test("a file that does not parse gives no findings and one warning naming it", async () => {
    const { matches, warnings } = await run(analyzer, "src/broken.py", "import os\ndef f(:\n  os.system(x\n");
    assert.deepEqual(matches, []);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /src\/broken\.py: syntax error near line \d+ \(not valid python\)/);
  });

  test("minified bundles and unknown or oversized files are not wanted or not analysed", async () => {
    assert.equal(analyzer.wants("app/main.go", 1000), true);
    assert.equal(analyzer.wants("types/index.d.ts", 1000), false);
    assert.equal(analyzer.wants("README.md", 10), false);
    assert.equal(analyzer.wants("big.js", 2 * 1024 * 1024), false);
    const minified = `${vulnerable.replace(/\n/g, ";").repeat(40)}\n`;
    assert.deepEqual((await run(analyzer, "dist/app.min.js", minified)).matches, []);
  });

  test("rules() lists every rule with its CWE and targets", () => {
    const list = analyzer.rules();
    assert.equal(list.length, rules.length);
    const cmd = list.find((r) => r.id === "vigil.sast.java.command-injection");
    assert.ok(cmd);
    assert.deepEqual(cmd.cwe, ["CWE-78"]);
    assert.deepEqual(cmd.targets, ["java"]);
    assert.equal(cmd.scanner, "sast");
  });
});
