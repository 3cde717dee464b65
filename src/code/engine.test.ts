import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import type { CodeMatch, CodeRule } from "../model/code.js";
import type { Analyzer, SourceFile } from "./analyzer.js";
import { scanCode } from "./engine.js";

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "vigil-engine-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function rule(id: string, scanner: CodeRule["scanner"], severity: CodeRule["severity"]): CodeRule {
  return {
    id,
    scanner,
    title: `title of ${id}`,
    cwe: ["CWE-78"],
    severity,
    description: "d",
    remediation: "r",
    references: ["https://cwe.mitre.org/data/definitions/78.html"],
    targets: [],
  };
}

const EXEC = rule("vigil.sast.test.exec", "sast", "HIGH");
const TOKEN = rule("vigil.secrets.test.token", "secrets", "HIGH");

/** A SAST stand-in: every `exec(` call, keyed by the call's text (as a real analyzer keys by sink text). */
function execAnalyzer(seen: SourceFile[] = []): Analyzer {
  return {
    scanner: "sast",
    rules: () => [EXEC],
    wants: (path) => path.endsWith(".js"),
    analyze(file) {
      seen.push(file);
      const out: CodeMatch[] = [];
      file
        .text()
        .split("\n")
        .forEach((line, i) => {
          const col = line.indexOf("exec(");
          if (col < 0) return;
          out.push({
            ruleId: EXEC.id,
            location: { path: file.path, startLine: i + 1, endLine: i + 1, startColumn: col + 1 },
            message: "input reaches exec",
            snippet: line.trim(),
            key: line.trim(),
          });
        });
      return out;
    },
  };
}

/** A secrets stand-in: `tok_` + 8 characters; `tok_ok` tokens are checksum-verified. */
function tokenAnalyzer(seen: SourceFile[] = []): Analyzer {
  return {
    scanner: "secrets",
    rules: () => [TOKEN],
    wants: () => true,
    analyze(file) {
      seen.push(file);
      const out: CodeMatch[] = [];
      file
        .text()
        .split("\n")
        .forEach((line, i) => {
          const m = /tok_(\w{8})/.exec(line);
          if (!m) return;
          out.push({
            ruleId: TOKEN.id,
            location: { path: file.path, startLine: i + 1, endLine: i + 1 },
            message: "a token",
            snippet: line.replace(m[0], "tok_****"),
            key: m[1]!,
            evidence: { verified: m[1]!.startsWith("ok") ? "checksum" : "format" },
          });
        });
      return out;
    },
  };
}

test("one walk: each wanted file is read once and the same bytes go to every analyzer that wants it", async () => {
  const root = tree({
    "a.js": "exec(x)\n",
    "b.py": "print(1)\n",
    "c.txt": "nothing\n",
    "skip.bin": "\u0000\u0001",
  });
  const sast: SourceFile[] = [];
  const secrets: SourceFile[] = [];
  const wantsAsked: string[] = [];
  const picky: Analyzer = {
    ...execAnalyzer(sast),
    wants: (p) => {
      wantsAsked.push(p);
      return p.endsWith(".js");
    },
  };
  const { report } = await scanCode(root, [picky, tokenAnalyzer(secrets)]);
  assert.deepEqual(
    sast.map((f) => f.path),
    ["a.js"],
  );
  assert.deepEqual(
    secrets.map((f) => f.path),
    ["a.js", "b.py", "c.txt"],
  );
  assert.equal(sast[0]!.bytes, secrets[0]!.bytes, "one Buffer: the file was read once");
  assert.deepEqual(wantsAsked.sort(), ["a.js", "b.py", "c.txt", "skip.bin"]);
  assert.equal(report.stats.files, 4);
  assert.equal(report.stats.analyzed, 3);
  assert.equal(report.stats.skipped.binary, 1);
});

test("fingerprints survive unrelated edits: lines inserted above move the finding, not its fingerprint", async () => {
  const before = "const a = 1;\nexec(req.query.cmd)\nexec(req.query.cmd)\n";
  const after =
    "// a comment\nimport x from 'y';\n\nconst a = 2;\nexec(req.query.cmd)\nexec(req.query.cmd)\n";
  const r1 = (await scanCode(tree({ "app.js": before }), [execAnalyzer()])).report;
  const r2 = (await scanCode(tree({ "app.js": after }), [execAnalyzer()])).report;
  const lines = (r: typeof r1) => r.findings.map((f) => f.location.startLine).sort();
  assert.deepEqual(lines(r1), [2, 3]);
  assert.deepEqual(lines(r2), [5, 6]);
  const prints = (r: typeof r1) =>
    [...r.findings].sort((a, b) => a.location.startLine - b.location.startLine).map((f) => f.fingerprint);
  assert.deepEqual(prints(r2), prints(r1));
  assert.notEqual(prints(r1)[0], prints(r1)[1], "two equal flaws in one file are told apart by occurrence");
  assert.match(prints(r1)[0]!, /^[0-9a-f]{64}$/);
  const moved = (await scanCode(tree({ "lib/app.js": before }), [execAnalyzer()])).report;
  assert.notDeepEqual(prints(moved), prints(r1), "the path is part of the fingerprint");
});

test("inline suppressions: `vigil-ignore RULE reason` on the line or the line above, any comment syntax", async () => {
  const root = tree({
    "a.js": [
      `exec(a) // vigil-ignore ${EXEC.id} input is a constant`,
      `/* vigil-ignore ${EXEC.id} reviewed in SEC-1 */`,
      "exec(b)",
      `// vigil-ignore vigil.sast.other.rule wrong rule`,
      "exec(c)",
      "exec(d)",
      `# vigil-ignore vigil.sast.* any sast rule`,
      "exec(e)",
    ].join("\n"),
  });
  const { report } = await scanCode(root, [execAnalyzer()]);
  assert.deepEqual(
    report.findings.map((f) => f.snippet),
    ["exec(c)", "exec(d)"],
  );
  const why = Object.fromEntries(report.suppressed.map((f) => [f.snippet.split(" ")[0], f.suppression]));
  assert.deepEqual(why["exec(a)"], { kind: "inline", reason: "input is a constant", source: "a.js line 1" });
  assert.deepEqual(why["exec(b)"], { kind: "inline", reason: "reviewed in SEC-1", source: "a.js line 2" });
  assert.equal(why["exec(e)"]?.reason, "any sast rule");
  assert.ok(report.suppressed.every((f) => f.status === "SUPPRESSED"));
});

test("ignore file: rule, path glob and fingerprint entries suppress with their reason; an expired entry warns and stops", async () => {
  const root = tree({
    "src/app.js": "exec(x)\n",
    "scripts/dev.js": "exec(y)\n",
    "tools/t.js": "exec(z)\n",
    "old/o.js": "exec(w)\n",
  });
  const first = (await scanCode(root, [execAnalyzer()])).report;
  assert.equal(first.findings.length, 4);
  const toolsPrint = first.findings.find((f) => f.location.path === "tools/t.js")!.fingerprint;
  writeFileSync(
    join(root, ".vigil-code-ignore.yaml"),
    [
      "ignore:",
      `  - rule: ${EXEC.id}`,
      '    path: "scripts/**"',
      "    reason: developer-only scripts",
      "    expires: 2030-01-01",
      `  - fingerprint: ${toolsPrint}`,
      "    reason: accepted, SEC-7",
      `  - rule: ${EXEC.id}`,
      "    path: old/",
      "    reason: was accepted until the rewrite",
      "    expires: 2026-01-31",
    ].join("\n"),
  );
  const { report, warnings, ignoreFile } = await scanCode(root, [execAnalyzer()], { today: "2026-02-01" });
  assert.equal(ignoreFile, join(root, ".vigil-code-ignore.yaml"));
  assert.deepEqual(report.findings.map((f) => f.location.path).sort(), ["old/o.js", "src/app.js"]);
  const reasons = Object.fromEntries(report.suppressed.map((f) => [f.location.path, f.suppression]));
  assert.deepEqual(reasons["scripts/dev.js"], {
    kind: "ignore-file",
    reason: "developer-only scripts",
    source: `${ignoreFile} entry 1`,
    expires: "2030-01-01",
  });
  assert.equal(reasons["tools/t.js"]?.reason, "accepted, SEC-7");
  assert.deepEqual(warnings, [
    `${ignoreFile} entry 3: expired on 2026-01-31; it no longer suppresses (was accepted until the rewrite)`,
  ]);
  const onTheDay = await scanCode(root, [execAnalyzer()], { today: "2026-01-31" });
  assert.equal(onTheDay.report.findings.length, 1, "the expiry day itself still suppresses");
});

test("ignore file errors name the file and the entry and say what to write", async () => {
  const root = tree({ "a.js": "exec(x)\n" });
  const bad = (yaml: string) => {
    const f = join(root, `bad-${Math.random()}.yaml`);
    writeFileSync(f, yaml);
    return scanCode(root, [execAnalyzer()], { ignoreFile: f });
  };
  await assert.rejects(bad("ignore:\n  - rule: x\n"), /bad-.*\.yaml entry 1: has no reason/);
  await assert.rejects(bad("ignore:\n  - reason: why\n"), /entry 1: names nothing to ignore/);
  await assert.rejects(
    bad("ignore:\n  - rule: a\n    reason: b\n  - rule: c\n    reason: d\n    expire: 2020-01-01\n"),
    /entry 2: unknown field "expire": use rule, path, fingerprint, reason, expires/,
  );
  await assert.rejects(
    bad("ignore:\n  - rule: a\n    reason: b\n    expires: soon\n"),
    /expires "soon" is not a date/,
  );
  await assert.rejects(bad("- rule: a\n"), /expected a mapping with an "ignore" list/);
  await assert.rejects(bad("ignore: [\n"), /not valid YAML/);
  await assert.rejects(
    scanCode(root, [execAnalyzer()], { ignoreFile: join(root, "nope.yaml") }),
    /nope\.yaml: cannot read the ignore file \(ENOENT\)/,
  );
});

test("risk: a checksum-verified secret outside tests ranks above a test fixture; the breakdown says why", async () => {
  const root = tree({
    "src/config.js": "const t = 'tok_ok123456';\n",
    "test/fixtures/config.js": "const t = 'tok_ok654321';\n",
    "src/other.js": "const t = 'tok_ab123456';\n",
  });
  const { report } = await scanCode(root, [tokenAnalyzer()]);
  const by = Object.fromEntries(report.findings.map((f) => [f.location.path, f]));
  assert.deepEqual(
    report.findings.map((f) => f.location.path),
    ["src/config.js", "src/other.js", "test/fixtures/config.js"],
    "riskiest first",
  );
  assert.equal(by["src/config.js"]!.risk.score, 9.0);
  assert.equal(by["src/config.js"]!.risk.severity, "CRITICAL");
  assert.equal(by["src/other.js"]!.risk.score, 8.0);
  assert.equal(by["test/fixtures/config.js"]!.risk.score, 6.0);
  assert.deepEqual(
    by["test/fixtures/config.js"]!.risk.breakdown.map((b) => [b.factor, b.delta, b.score]),
    [
      ["base", 0, 8.0],
      ["evidence", 1.0, 9.0],
      ["location", -3.0, 6.0],
    ],
  );
  assert.ok(
    report.findings.every((f) => f.severity === "HIGH"),
    "severity stays the rule's",
  );
});

test("--severity hides lower findings (counted); an analyzer that throws or names an unknown rule is a problem, not a crash", async () => {
  const root = tree({ "a.js": "exec(x)\n", "b.js": "tok_ab123456\n" });
  const low: Analyzer = {
    scanner: "iac",
    rules: () => [rule("vigil.iac.test.low", "iac", "LOW")],
    wants: (p) => p === "a.js",
    analyze: (f) => [
      {
        ruleId: "vigil.iac.test.low",
        location: { path: f.path, startLine: 1, endLine: 1 },
        message: "m",
        snippet: "s",
        key: "k",
      },
      {
        ruleId: "vigil.iac.nope",
        location: { path: f.path, startLine: 1, endLine: 1 },
        message: "",
        snippet: "",
        key: "",
      },
    ],
  };
  const broken: Analyzer = {
    scanner: "secrets",
    rules: () => [TOKEN],
    wants: () => true,
    analyze: () => {
      throw new Error("boom");
    },
  };
  const { report } = await scanCode(root, [execAnalyzer(), low, broken], { minSeverity: "MEDIUM" });
  assert.deepEqual(
    report.findings.map((f) => f.ruleId),
    [EXEC.id],
  );
  assert.equal(report.stats.belowSeverity, 1);
  assert.deepEqual(
    report.problems.map((p) => [p.path, p.by, p.message.split(" (")[0]]),
    [
      ["a.js", "iac", "reported rule vigil.iac.nope, which is not among its rules"],
      ["a.js", "secrets", "analyzer failed"],
      ["b.js", "secrets", "analyzer failed"],
    ],
  );
});
