import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { before, test } from "node:test";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { Log } from "sarif";
import { materialize } from "../../src/code/secrets/test-support.js";
import type { CodeFinding } from "../../src/model/code.js";
import { REPO } from "../support/cli.js";

/**
 * `vigil code scan` on the test projects in test/code/fixtures/projects (one per language, vulnerable and
 * safe variants side by side, secrets in several files, Dockerfiles with and without misconfigurations).
 * The CLI runs from source through tsx: the analyzers read their rule files from src/ (the build does
 * not copy them into dist/ yet). Secrets are `@@gen:...@@` markers in the repository, made into
 * provider-valid synthetic values in a temporary copy.
 */
const PROJECTS = join(REPO, "test/code/fixtures/projects");
const SCHEMA = join(REPO, "test/code/fixtures/sarif-schema-2.1.0.json");
const MULTITOOL = join(REPO, "node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool");

function vigil(args: string[], cwd?: string) {
  return spawnSync(process.execPath, ["--import", "tsx", join(REPO, "src/cli/bin.ts"), ...args], {
    encoding: "utf8",
    ...(cwd ? { cwd } : {}),
  });
}

const secretsOf = new Map<string, string[]>();

/** A temporary copy of a project with its secret markers made into values; remembers the values. */
function project(name: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), "vigil-code-")), name);
  cpSync(join(PROJECTS, name), dir, { recursive: true });
  const values: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const text = readFileSync(p, "utf8");
        if (!text.includes("@@gen:")) continue;
        const made = materialize(text, `${name}/${n}`);
        for (const m of text.matchAll(/@@gen:[^@]+@@/g)) {
          const before = text.slice(0, m.index);
          const after = text.slice(m.index + m[0].length).split("\n")[0]!;
          const line = made.split("\n")[before.split("\n").length - 1]!;
          const start = before.split("\n").pop()!.length;
          values.push(line.slice(start, after === "" ? undefined : line.length - after.length));
        }
        writeFileSync(p, made);
      }
    }
  };
  walk(dir);
  secretsOf.set(dir, values);
  return dir;
}

type Row = [rule: string, path: string, line: number];
const rows = (list: CodeFinding[]): Row[] =>
  list
    .map((f): Row => [f.ruleId, f.location.path, f.location.startLine])
    .sort((a, b) => (a.join() < b.join() ? -1 : 1));

/** Every project's expected findings, exactly (rule, file, line), and its suppressed ones. */
const EXPECTED: Record<string, { findings: Row[]; suppressed: Row[] }> = {
  "js-shop": {
    findings: [
      ["vigil.iac.dockerfile.add-from-url", "Dockerfile", 2],
      ["vigil.iac.dockerfile.latest-tag", "Dockerfile", 1],
      ["vigil.iac.dockerfile.root-user", "Dockerfile", 1],
      ["vigil.sast.js.command-injection", "src/archive.js", 6],
      ["vigil.sast.js.command-injection", "src/routes.js", 9],
      ["vigil.secrets.database-url", "config/production.js", 3],
      ["vigil.secrets.github-token", "config/production.js", 2],
      ["vigil.secrets.npm-token", ".npmrc", 2],
    ],
    suppressed: [["vigil.sast.js.command-injection", "src/routes.js", 21]],
  },
  "py-api": {
    findings: [
      ["vigil.sast.python.command-injection", "app/views.py", 12],
      ["vigil.sast.python.command-injection", "app/views.py", 25],
      ["vigil.secrets.aws-access-key-pair", "app/settings.py", 6],
      ["vigil.secrets.github-token", "tests/test_views.py", 4],
    ],
    suppressed: [["vigil.iac.dockerfile.curl-pipe-shell", "Dockerfile", 2]],
  },
  "java-svc": {
    findings: [
      ["vigil.sast.java.command-injection", "src/main/java/shop/PingServlet.java", 12],
      ["vigil.secrets.slack-token", "src/main/resources/application.properties", 2],
    ],
    suppressed: [],
  },
  "go-tool": {
    findings: [["vigil.sast.go.command-injection", "cmd/tool/main.go", 10]],
    suppressed: [],
  },
};

const dirs: Record<string, string> = {};
const json: Record<
  string,
  { findings: CodeFinding[]; suppressed: CodeFinding[]; stats: { analyzed: number } }
> = {};
const sarifFiles: Record<string, string> = {};

before(() => {
  for (const name of Object.keys(EXPECTED)) {
    dirs[name] = project(name);
    const r = vigil(["code", "scan", dirs[name], "--format", "json"]);
    assert.equal(r.status, 0, r.stderr);
    json[name] = JSON.parse(r.stdout);
    sarifFiles[name] = join(dirs[name], "..", "report.sarif");
    const s = vigil(["code", "scan", dirs[name], "--format", "sarif", "--output", sarifFiles[name]]);
    assert.equal(s.status, 0, s.stderr);
    assert.equal(s.stdout, "");
  }
});

for (const name of Object.keys(EXPECTED)) {
  test(`code scan ${name}: exactly the expected findings; safe variants and suppressed lines are not reported`, () => {
    assert.deepEqual(rows(json[name]!.findings), EXPECTED[name]!.findings);
    assert.deepEqual(rows(json[name]!.suppressed), EXPECTED[name]!.suppressed);
    for (const f of json[name]!.suppressed) assert.ok(f.suppression && f.suppression.reason !== "");
  });
}

test("secrets are redacted in every output: no generated secret value appears in JSON, SARIF or the table", () => {
  for (const name of Object.keys(EXPECTED)) {
    const values = secretsOf.get(dirs[name]!)!;
    assert.ok(values.length > 0 || name === "go-tool");
    const table = vigil(["code", "scan", dirs[name]!]).stdout;
    const outputs = [JSON.stringify(json[name]), readFileSync(sarifFiles[name]!, "utf8"), table];
    for (const v of values) for (const out of outputs) assert.ok(!out.includes(v), `${name}: ${v} leaked`);
  }
});

test("risk: the checksum-verified token in deployed config outranks the same kind of token in a test", () => {
  const deployed = json["js-shop"]!.findings.find((f) => f.ruleId === "vigil.secrets.github-token")!;
  const fixture = json["py-api"]!.findings.find((f) => f.ruleId === "vigil.secrets.github-token")!;
  assert.ok(deployed.risk.score > fixture.risk.score, `${deployed.risk.score} > ${fixture.risk.score}`);
  assert.ok(fixture.risk.breakdown.some((b) => b.factor === "location" && b.delta < 0));
});

test("SARIF validates against the SARIF 2.1.0 JSON schema and carries what GitHub code scanning reads", () => {
  const schema = JSON.parse(readFileSync(SCHEMA, "utf8"));
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  for (const name of Object.keys(EXPECTED)) {
    const log = JSON.parse(readFileSync(sarifFiles[name]!, "utf8")) as Log;
    assert.ok(validate(log), `${name}: ${JSON.stringify(validate.errors, null, 2)}`);
    const run = log.runs[0]!;
    const rules = run.tool.driver.rules!;
    assert.equal(run.results!.length, EXPECTED[name]!.findings.length + EXPECTED[name]!.suppressed.length);
    for (const r of run.results!) {
      const rule = rules[r.ruleIndex!]!;
      assert.equal(rule.id, r.ruleId);
      assert.ok(rule.properties!.tags!.includes("security"));
      assert.match(String(rule.properties!["security-severity"]), /^\d+\.\d$/);
      assert.ok(rule.help?.markdown?.includes("**Remediation:**"));
      const loc = r.locations![0]!.physicalLocation!;
      assert.equal(loc.artifactLocation!.uriBaseId, "%SRCROOT%");
      assert.ok(!loc.artifactLocation!.uri!.startsWith("/"), "relative uri");
      assert.ok(loc.region!.startLine! >= 1 && loc.region!.endLine! >= loc.region!.startLine!);
      assert.match(r.partialFingerprints!["vigil/code/v1"]!, /^[0-9a-f]{64}$/);
    }
  }
  const goRules = JSON.parse(readFileSync(sarifFiles["go-tool"]!, "utf8")).runs[0].tool.driver.rules as {
    id: string;
    properties: { tags: string[] };
  }[];
  assert.ok(
    goRules
      .find((r) => r.id === "vigil.sast.go.command-injection")!
      .properties.tags.includes("external/cwe/cwe-78"),
  );
});

test("SARIF passes the SARIF multitool's validate (Microsoft's reference validator)", () => {
  for (const name of Object.keys(EXPECTED)) {
    const out = join(mkdtempSync(join(tmpdir(), "vigil-sarif-validate-")), "validation.sarif");
    const r = spawnSync(MULTITOOL, ["validate", sarifFiles[name]!, "--output", out], {
      encoding: "utf8",
      env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: "1" },
    });
    assert.equal(r.status, 0, `${name}: ${r.stdout}${r.stderr}`);
    const results = (JSON.parse(readFileSync(out, "utf8")) as Log).runs[0]!.results ?? [];
    const errors = results.filter((x) => x.level === "error");
    assert.deepEqual(
      errors.map((e) => `${e.ruleId}: ${e.message.text ?? e.message.id}`),
      [],
      `${name}: the validator reported errors`,
    );
  }
});

test("fingerprints in SARIF survive lines inserted above the findings", () => {
  const dir = project("js-shop");
  const prints = (file: string) =>
    (JSON.parse(readFileSync(file, "utf8")) as Log).runs[0]!.results!.map(
      (r) => r.partialFingerprints!["vigil/code/v1"],
    ).sort();
  const before = join(dir, "..", "before.sarif");
  assert.equal(vigil(["code", "scan", dir, "-f", "sarif", "-o", before, "--scanners", "sast"]).status, 0);
  const routes = join(dir, "src/routes.js");
  writeFileSync(routes, `// header added later\n"use strict";\n\n${readFileSync(routes, "utf8")}`);
  const after = join(dir, "..", "after.sarif");
  assert.equal(vigil(["code", "scan", dir, "-f", "sarif", "-o", after, "--scanners", "sast"]).status, 0);
  assert.deepEqual(prints(after), prints(before));
  const lines = (JSON.parse(readFileSync(after, "utf8")) as Log).runs[0]!.results!.map(
    (r) => r.locations![0]!.physicalLocation!.region!.startLine,
  );
  assert.ok(lines.includes(12), "the finding moved from line 9 to 12");
});

test("--fail-on, --severity, --scanners and the table: exit codes as vigil scan, suppressed counted not listed", () => {
  const js = dirs["js-shop"]!;
  const red = vigil(["code", "scan", js, "--fail-on", "high"]);
  assert.equal(red.status, 1, red.stderr);
  assert.match(red.stderr, /code finding\(s\) at or above high \(--fail-on\)/);
  assert.match(red.stdout, /1 suppressed/);
  assert.doesNotMatch(red.stdout, /routes\.js:21/, "suppressed findings are not in the table");
  assert.equal(vigil(["code", "scan", dirs["go-tool"]!, "--fail-on", "critical"]).status, 0);
  const secretsOnly = JSON.parse(
    vigil(["code", "scan", js, "-f", "json", "--scanners", "secrets"]).stdout,
  ) as {
    findings: CodeFinding[];
  };
  assert.deepEqual([...new Set(secretsOnly.findings.map((f) => f.scanner))], ["secrets"]);
  const critical = JSON.parse(vigil(["code", "scan", js, "-f", "json", "--severity", "critical"]).stdout) as {
    findings: CodeFinding[];
    stats: { belowSeverity: number };
  };
  assert.ok(critical.findings.every((f) => f.severity === "CRITICAL"));
  assert.equal(critical.findings.length + critical.stats.belowSeverity, EXPECTED["js-shop"]!.findings.length);
});

test("usage and input errors exit 2 with a message naming the problem, never a stack", () => {
  const js = dirs["js-shop"]!;
  const cases: [string[], RegExp][] = [
    [["code", "scan", js, "--fail-on", "severe"], /unknown severity "severe"/],
    [["code", "scan", js, "--scanners", "sast,dast"], /unknown scanner "dast": use sast, secrets, iac/],
    [["code", "scan", join(js, "missing")], /missing: cannot read the target/],
    [["code", "scan", join(js, "Dockerfile")], /is neither a directory nor a zip bundle/],
  ];
  const badIgnore = join(js, "..", "bad-ignore.yaml");
  writeFileSync(badIgnore, "ignore:\n  - rule: vigil.sast.js.command-injection\n");
  cases.push([["code", "scan", js, "--ignore-file", badIgnore], /bad-ignore\.yaml entry 1: has no reason/]);
  for (const [args, message] of cases) {
    const r = vigil(args);
    assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
});

test("vendored code and gitignored files are skipped unless --include-vendored; zip bundles scan like directories", () => {
  const dir = project("go-tool");
  const vuln = readFileSync(join(dir, "cmd/tool/main.go"), "utf8");
  mkdirSync(join(dir, "vendor/github.com/acme/run"), { recursive: true });
  writeFileSync(join(dir, "vendor/github.com/acme/run/run.go"), vuln);
  mkdirSync(join(dir, "scratch"));
  writeFileSync(join(dir, "scratch/try.go"), vuln);
  writeFileSync(join(dir, ".gitignore"), "scratch/\n");
  const paths = (args: string[]) =>
    (
      JSON.parse(vigil(["code", "scan", ...args, "-f", "json", "--scanners", "sast"]).stdout) as {
        findings: CodeFinding[];
      }
    ).findings
      .map((f) => f.location.path)
      .sort();
  assert.deepEqual(paths([dir]), ["cmd/tool/main.go"]);
  assert.deepEqual(paths([dir, "--include-vendored"]), [
    "cmd/tool/main.go",
    "vendor/github.com/acme/run/run.go",
  ]);
  const zip = join(dir, "..", "bundle.zip");
  spawnSync("zip", ["-qr", zip, "cmd", "vendor"], { cwd: dir });
  assert.deepEqual(paths([zip]), ["cmd/tool/main.go"]);
});

test("vigil scan --scanners sast,secrets,iac runs the code scanners without a vulnerability database", () => {
  const r = vigil([
    "scan",
    dirs["go-tool"]!,
    "--scanners",
    "sast,secrets,iac",
    "-f",
    "json",
    "--db",
    "/nonexistent.db",
  ]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(
    rows((JSON.parse(r.stdout) as { findings: CodeFinding[] }).findings),
    EXPECTED["go-tool"]!.findings,
  );
  const csv = vigil(["scan", dirs["go-tool"]!, "--scanners", "vuln,sast", "-f", "csv"]);
  assert.equal(csv.status, 2);
  assert.match(csv.stderr, /csv holds package findings only/);
  assert.equal(resolve(dirs["go-tool"]!), dirs["go-tool"]);
});

test("vigil scan --scanners vuln,sast,secrets,iac: one JSON and one SARIF run carry package and code findings", async () => {
  const { FEEDS, sharedScanDb } = await import("../../src/scan/test-support/vulndb.js");
  const db = await sharedScanDb();
  const dir = project("js-shop");
  for (const f of ["package.json", "package-lock.json"]) {
    cpSync(join(FEEDS, "artifacts/lockfiles/npm-v3-express-lodash", f), join(dir, f));
  }
  const all = ["scan", dir, "--db", db, "--scanners", "vuln,sast,secrets,iac"];
  const j = vigil([...all, "-f", "json", "--fail-on", "critical"]);
  assert.equal(j.status, 1, j.stderr);
  const report = JSON.parse(j.stdout) as {
    findings: { vulnerabilityId: string }[];
    code: { findings: CodeFinding[] };
  };
  assert.ok(
    report.findings.some((f) => f.vulnerabilityId === "NSWG-ECO-516"),
    "package findings",
  );
  assert.deepEqual(rows(report.code.findings), EXPECTED["js-shop"]!.findings);
  const out = join(dir, "..", "all.sarif");
  assert.equal(vigil([...all, "-f", "sarif", "-o", out]).status, 0);
  const log = JSON.parse(readFileSync(out, "utf8")) as Log;
  assert.equal(log.runs.length, 1);
  const ids = log.runs[0]!.results!.map((r) => r.ruleId!);
  assert.ok(ids.includes("NSWG-ECO-516") && ids.includes("vigil.sast.js.command-injection"));
  for (const r of log.runs[0]!.results!)
    assert.equal(log.runs[0]!.tool.driver.rules![r.ruleIndex!]!.id, r.ruleId);
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  assert.ok(ajv.validate(JSON.parse(readFileSync(SCHEMA, "utf8")), log), JSON.stringify(ajv.errors));
});
