import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { before, test } from "node:test";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { Log } from "sarif";
import { materializeWithValues, secretMaterial } from "../../src/code/secrets/test-support.js";
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
        const { text: made, values: madeValues } = materializeWithValues(text, `${name}/${n}`);
        for (const v of madeValues) {
          // A private key is checked line by line of its base64 body (its BEGIN/END lines are no secret).
          if (v.includes("-----BEGIN ")) values.push(...(secretMaterial(v).match(/.{16,64}/g) ?? []));
          else values.push(v);
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
const byRow = (a: Row, b: Row) => (a.join() < b.join() ? -1 : a.join() > b.join() ? 1 : 0);
const sorted = (list: Row[]): Row[] => [...list].sort(byRow);
const rows = (list: CodeFinding[]): Row[] =>
  sorted(list.map((f): Row => [f.ruleId, f.location.path, f.location.startLine]));

/** Rows in `a` that `b` lacks (as a multiset: a finding reported twice on one line counts twice). */
function minus(a: Row[], b: Row[]): string[] {
  const left = b.map((r) => r.join(":"));
  return a
    .map((r) => r.join(":"))
    .filter((k) => {
      const i = left.indexOf(k);
      if (i === -1) return true;
      left.splice(i, 1);
      return false;
    });
}

/**
 * Every project's expected findings, exactly (rule, file, line), and its suppressed ones. Each language
 * project holds, for every SAST rule of its language, a vulnerable variant (listed here) and a safe one
 * (parameterised query, sanitizer, allow-list, ...: absent from here); `infra` does the same for every IaC
 * check. Variants marked "Known gap" in the sources are documented engine limitations and stay unlisted.
 */
const EXPECTED: Record<string, { findings: Row[]; suppressed: Row[] }> = {
  "js-shop": {
    findings: [
      ["vigil.iac.dockerfile.add-from-url", "Dockerfile", 2],
      ["vigil.iac.dockerfile.latest-tag", "Dockerfile", 1],
      ["vigil.iac.dockerfile.root-user", "Dockerfile", 1],
      ["vigil.sast.js.code-injection", "src/api/promotions.ts", 9],
      ["vigil.sast.js.command-injection", "src/archive.js", 6],
      ["vigil.sast.js.command-injection", "src/routes.js", 9],
      ["vigil.sast.js.insecure-cookie", "src/api/auth.ts", 21],
      ["vigil.sast.js.insecure-deserialization", "src/api/promotions.ts", 26],
      ["vigil.sast.js.open-redirect", "src/api/auth.ts", 13],
      ["vigil.sast.js.path-traversal", "src/api/invoices.ts", 11],
      ["vigil.sast.js.sql-injection", "src/api/products.ts", 12],
      ["vigil.sast.js.ssrf", "src/api/webhooks.ts", 9],
      ["vigil.sast.js.trust-boundary", "src/api/auth.ts", 28],
      ["vigil.sast.js.weak-cipher", "src/lib/users.ts", 33],
      ["vigil.sast.js.weak-hash", "src/lib/users.ts", 19],
      ["vigil.sast.js.weak-random", "src/api/auth.ts", 43],
      ["vigil.sast.js.xss", "src/api/pages.ts", 9],
      ["vigil.secrets.database-url", "config/production.js", 3],
      ["vigil.secrets.github-token", "config/production.js", 2],
      ["vigil.secrets.npm-token", ".npmrc", 2],
      ["vigil.secrets.slack-webhook", ".env", 5],
      ["vigil.secrets.stripe-live-key", ".env", 3],
      ["vigil.secrets.stripe-live-key", "test/fixtures/checkout.json", 3],
    ],
    suppressed: [["vigil.sast.js.command-injection", "src/routes.js", 21]],
  },
  "py-api": {
    findings: [
      ["vigil.sast.python.code-injection", "app/blueprints/feeds.py", 55],
      ["vigil.sast.python.command-injection", "app/views.py", 12],
      ["vigil.sast.python.command-injection", "app/views.py", 25],
      ["vigil.sast.python.insecure-cookie", "app/blueprints/account.py", 22],
      ["vigil.sast.python.insecure-deserialization", "app/blueprints/feeds.py", 42],
      ["vigil.sast.python.ldap-injection", "app/blueprints/account.py", 18],
      ["vigil.sast.python.open-redirect", "app/blueprints/account.py", 21],
      ["vigil.sast.python.open-redirect", "app/legacy/views.py", 17],
      ["vigil.sast.python.path-traversal", "app/blueprints/files.py", 13],
      ["vigil.sast.python.sql-injection", "app/blueprints/catalog.py", 21],
      ["vigil.sast.python.sql-injection", "app/blueprints/catalog.py", 47],
      ["vigil.sast.python.ssrf", "app/blueprints/files.py", 28],
      ["vigil.sast.python.trust-boundary", "app/blueprints/account.py", 47],
      ["vigil.sast.python.weak-cipher", "app/crypto.py", 9],
      ["vigil.sast.python.weak-hash", "app/blueprints/account.py", 92],
      ["vigil.sast.python.weak-random", "app/blueprints/account.py", 77],
      ["vigil.sast.python.xpath-injection", "app/blueprints/feeds.py", 29],
      ["vigil.sast.python.xss", "app/blueprints/account.py", 66],
      ["vigil.sast.python.xss", "app/legacy/views.py", 8],
      ["vigil.sast.python.xxe", "app/blueprints/feeds.py", 14],
      ["vigil.secrets.aws-access-key-pair", "app/settings.py", 6],
      ["vigil.secrets.database-url", ".env", 2],
      ["vigil.secrets.gcp-service-account", "deploy/gcp-service-account.json", 5],
      ["vigil.secrets.github-token", "tests/test_views.py", 4],
    ],
    suppressed: [["vigil.iac.dockerfile.curl-pipe-shell", "Dockerfile", 2]],
  },
  "java-svc": {
    findings: [
      ["vigil.sast.java.code-injection", "src/main/java/shop/catalog/CatalogController.java", 76],
      ["vigil.sast.java.command-injection", "src/main/java/shop/PingServlet.java", 12],
      ["vigil.sast.java.insecure-cookie", "src/main/java/shop/account/LoginServlet.java", 38],
      ["vigil.sast.java.insecure-deserialization", "src/main/java/shop/catalog/CatalogController.java", 86],
      ["vigil.sast.java.ldap-injection", "src/main/java/shop/account/LoginServlet.java", 29],
      ["vigil.sast.java.open-redirect", "src/main/java/shop/account/LoginServlet.java", 41],
      ["vigil.sast.java.path-traversal", "src/main/java/shop/orders/OrderServlet.java", 43],
      ["vigil.sast.java.sql-injection", "src/main/java/shop/orders/OrderServlet.java", 29],
      ["vigil.sast.java.ssrf", "src/main/java/shop/catalog/CatalogController.java", 33],
      ["vigil.sast.java.trust-boundary", "src/main/java/shop/account/PreferencesServlet.java", 14],
      ["vigil.sast.java.weak-cipher", "src/main/java/shop/account/PasswordHasher.java", 30],
      ["vigil.sast.java.weak-hash", "src/main/java/shop/account/PasswordHasher.java", 15],
      ["vigil.sast.java.weak-random", "src/main/java/shop/account/LoginServlet.java", 79],
      ["vigil.sast.java.xpath-injection", "src/main/java/shop/catalog/CatalogController.java", 65],
      ["vigil.sast.java.xss", "src/main/java/shop/support/GreetingServlet.java", 13],
      ["vigil.sast.java.xxe", "src/main/java/shop/catalog/CatalogController.java", 50],
      ["vigil.secrets.azure-client-secret", "src/main/resources/application-prod.yml", 12],
      ["vigil.secrets.jwt", "src/test/resources/fixtures/partner-auth.json", 3],
      ["vigil.secrets.slack-token", "src/main/resources/application.properties", 2],
    ],
    suppressed: [],
  },
  "go-tool": {
    findings: [
      ["vigil.sast.go.command-injection", "cmd/tool/main.go", 10],
      ["vigil.sast.go.insecure-cookie", "internal/auth/auth.go", 25],
      ["vigil.sast.go.open-redirect", "internal/auth/auth.go", 26],
      ["vigil.sast.go.path-traversal", "internal/api/files.go", 17],
      ["vigil.sast.go.sql-injection", "internal/store/store.go", 16],
      ["vigil.sast.go.ssrf", "internal/api/files.go", 37],
      ["vigil.sast.go.trust-boundary", "internal/auth/auth.go", 23],
      ["vigil.sast.go.weak-cipher", "internal/auth/auth.go", 74],
      ["vigil.sast.go.weak-hash", "internal/auth/auth.go", 64],
      ["vigil.sast.go.weak-random", "internal/auth/auth.go", 49],
      ["vigil.sast.go.weak-random", "internal/auth/auth.go", 49],
      ["vigil.sast.go.xss", "internal/api/files.go", 59],
      ["vigil.secrets.database-url", "configs/fleet.yaml", 3],
      ["vigil.secrets.gitlab-token", "configs/fleet.yaml", 6],
      ["vigil.secrets.private-key", "internal/auth/testdata/enroll-key.pem", 1],
    ],
    suppressed: [],
  },
  infra: {
    findings: [
      ["vigil.iac.cloudformation.cloudtrail-logging-disabled", "cloudformation/database.template.json", 61],
      ["vigil.iac.cloudformation.ebs-unencrypted", "cloudformation/database.template.json", 41],
      ["vigil.iac.cloudformation.efs-unencrypted", "cloudformation/storage.yaml", 54],
      ["vigil.iac.cloudformation.iam-admin-policy", "cloudformation/storage.yaml", 107],
      ["vigil.iac.cloudformation.rds-publicly-accessible", "cloudformation/database.template.json", 30],
      ["vigil.iac.cloudformation.rds-unencrypted", "cloudformation/database.template.json", 22],
      ["vigil.iac.cloudformation.s3-access-logging", "cloudformation/storage.yaml", 27],
      ["vigil.iac.cloudformation.s3-encryption", "cloudformation/storage.yaml", 27],
      ["vigil.iac.cloudformation.s3-public-access-block", "cloudformation/storage.yaml", 33],
      ["vigil.iac.cloudformation.s3-public-acl", "cloudformation/storage.yaml", 31],
      ["vigil.iac.cloudformation.security-group-open-admin-port", "cloudformation/storage.yaml", 79],
      ["vigil.iac.compose.docker-socket", "docker-compose.yml", 18],
      ["vigil.iac.compose.host-network", "docker-compose.yml", 21],
      ["vigil.iac.compose.image-latest", "docker-compose.yml", 16],
      ["vigil.iac.compose.image-latest", "docker-compose.yml", 20],
      ["vigil.iac.compose.privileged", "docker-compose.yml", 25],
      ["vigil.iac.dockerfile.add-from-url", "docker/worker/Dockerfile", 7],
      ["vigil.iac.dockerfile.apt-no-install-recommends", "docker/worker/Dockerfile", 4],
      ["vigil.iac.dockerfile.curl-pipe-shell", "docker/worker/Dockerfile", 5],
      ["vigil.iac.dockerfile.latest-tag", "docker/worker/Dockerfile", 1],
      ["vigil.iac.dockerfile.root-user", "docker/legacy-admin/Dockerfile", 5],
      ["vigil.iac.dockerfile.root-user", "docker/worker/Dockerfile", 1],
      ["vigil.iac.dockerfile.secret-in-env", "docker/worker/Dockerfile", 2],
      ["vigil.iac.dockerfile.secret-in-env", "docker/worker/Dockerfile", 3],
      ["vigil.iac.dockerfile.sudo", "docker/worker/Dockerfile", 6],
      ["vigil.iac.kubernetes.dangerous-capabilities", "k8s/node-agent.yaml", 25],
      ["vigil.iac.kubernetes.host-ipc", "k8s/node-agent.yaml", 17],
      ["vigil.iac.kubernetes.host-network", "k8s/node-agent.yaml", 15],
      ["vigil.iac.kubernetes.host-path", "k8s/node-agent.yaml", 32],
      ["vigil.iac.kubernetes.host-pid", "k8s/node-agent.yaml", 16],
      ["vigil.iac.kubernetes.image-latest", "k8s/node-agent.yaml", 20],
      ["vigil.iac.kubernetes.privilege-escalation", "charts/shop/templates/debug.yaml", 16],
      ["vigil.iac.kubernetes.privilege-escalation", "k8s/node-agent.yaml", 19],
      ["vigil.iac.kubernetes.privileged", "charts/shop/templates/debug.yaml", 15],
      ["vigil.iac.kubernetes.privileged", "k8s/node-agent.yaml", 22],
      ["vigil.iac.kubernetes.resource-limits", "k8s/node-agent.yaml", 19],
      ["vigil.iac.kubernetes.run-as-root", "k8s/node-agent.yaml", 23],
      ["vigil.iac.kubernetes.service-account-token", "k8s/node-agent.yaml", 1],
      ["vigil.iac.kubernetes.writable-root-filesystem", "k8s/node-agent.yaml", 19],
      ["vigil.iac.terraform.azure-container-public", "terraform/azure/main.tf", 28],
      ["vigil.iac.terraform.azure-nsg-open-admin-port", "terraform/azure/main.tf", 68],
      ["vigil.iac.terraform.azure-storage-public-access", "terraform/azure/main.tf", 11],
      ["vigil.iac.terraform.cloudtrail-logging-disabled", "terraform/aws/audit.tf", 11],
      ["vigil.iac.terraform.ebs-unencrypted", "terraform/aws/compute.tf", 15],
      ["vigil.iac.terraform.ebs-unencrypted", "terraform/aws/compute.tf", 26],
      ["vigil.iac.terraform.efs-unencrypted", "terraform/aws/storage.tf", 55],
      ["vigil.iac.terraform.gcp-firewall-open-admin-port", "terraform/gcp/main.tf", 18],
      ["vigil.iac.terraform.gcs-public-bucket", "terraform/gcp/main.tf", 42],
      ["vigil.iac.terraform.iam-admin-policy", "terraform/aws/audit.tf", 29],
      ["vigil.iac.terraform.rds-publicly-accessible", "terraform/aws/database.tf", 23],
      ["vigil.iac.terraform.rds-unencrypted", "terraform/aws/database.tf", 15],
      ["vigil.iac.terraform.s3-access-logging", "terraform/aws/storage.tf", 36],
      ["vigil.iac.terraform.s3-encryption", "terraform/aws/storage.tf", 36],
      ["vigil.iac.terraform.s3-public-access-block", "terraform/aws/storage.tf", 43],
      ["vigil.iac.terraform.s3-public-acl", "terraform/aws/storage.tf", 38],
      ["vigil.iac.terraform.security-group-open-admin-port", "terraform/aws/network.tf", 38],
      ["vigil.iac.terraform.security-group-open-admin-port", "terraform/aws/network.tf", 48],
    ],
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
    for (const kind of ["findings", "suppressed"] as const) {
      const got = rows(json[name]![kind]);
      const want = sorted(EXPECTED[name]![kind]);
      assert.deepEqual(
        { missed: minus(want, got), unexpected: minus(got, want) },
        { missed: [], unexpected: [] },
        `${name} ${kind}`,
      );
      assert.deepEqual(got, want);
    }
    for (const f of json[name]!.suppressed) assert.ok(f.suppression && f.suppression.reason !== "");
  });
}

/** The rule ids in the analyzers' rule files: SAST rules per language folder, IaC checks. */
function ruleIds(dir: string, file: (entry: string) => string | undefined): string[] {
  const ids: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = file(entry);
    if (!path) continue;
    const id = /^id:\s*(\S+)\s*$/m.exec(readFileSync(join(dir, path), "utf8"))?.[1];
    assert.ok(id, `${join(dir, path)} has no id`);
    ids.push(id);
  }
  return ids;
}

test("coverage: every SAST rule of a language and every IaC check is reported in its test project", () => {
  const sast = join(REPO, "src/code/sast/rules");
  const projectOf: Record<string, string> = {
    js: "js-shop",
    python: "py-api",
    java: "java-svc",
    go: "go-tool",
  };
  assert.deepEqual(
    readdirSync(sast).sort(),
    Object.keys(projectOf).sort(),
    "a language without a test project",
  );
  const missing: string[] = [];
  for (const [lang, name] of Object.entries(projectOf)) {
    const reported = new Set(EXPECTED[name]!.findings.map((r) => r[0]));
    const ids = ruleIds(join(sast, lang), (e) => (e.endsWith(".yaml") && !e.startsWith("_") ? e : undefined));
    assert.ok(ids.length > 5, `${lang}: rule files found`);
    for (const id of ids) if (!reported.has(id)) missing.push(`${name}: ${id}`);
  }
  const checks = join(REPO, "src/code/iac/checks");
  const infra = new Set(EXPECTED.infra!.findings.map((r) => r[0]));
  for (const kind of readdirSync(checks))
    for (const id of ruleIds(join(checks, kind), (e) => join(e, "check.yaml")))
      if (!infra.has(id)) missing.push(`infra: ${id}`);
  assert.deepEqual(missing, [], "rules with no vulnerable variant in a test project");
});

test("documented example keys (AWS, Stripe, Slack documentation) in READMEs and configs are never reported", () => {
  for (const [name, path] of [
    ["js-shop", "docs/deploy.md"],
    ["py-api", "README.md"],
    ["java-svc", "src/main/resources/application-prod.yml"],
    ["go-tool", "configs/fleet.yaml"],
  ] as const) {
    const text = readFileSync(join(PROJECTS, name, path), "utf8");
    assert.match(
      text,
      /EXAMPLE|sk_test_4eC39HqLyjWDarjtT1zdp7dc|T00000000\/B00000000/,
      `${path} holds an example key`,
    );
    const lines = json[name]!.findings.filter((f) => f.location.path === path && f.scanner === "secrets");
    for (const f of lines)
      assert.ok(!/EXAMPLE|sk_test_|T00000000/.test(text.split("\n")[f.location.startLine - 1]!));
  }
});

test("secrets are redacted in every output: no generated secret value appears in JSON, SARIF or the table", () => {
  for (const name of Object.keys(EXPECTED)) {
    const values = secretsOf.get(dirs[name]!)!;
    assert.ok(values.length > 0 || name === "infra");
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

test("risk: a live Stripe key in the deployed .env outranks the same kind of key in a test fixture", () => {
  const stripe = json["js-shop"]!.findings.filter((f) => f.ruleId === "vigil.secrets.stripe-live-key");
  const env = stripe.find((f) => f.location.path === ".env")!;
  const fixture = stripe.find((f) => f.location.path === "test/fixtures/checkout.json")!;
  assert.ok(env.risk.score > fixture.risk.score, `${env.risk.score} > ${fixture.risk.score}`);
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
  assert.equal(
    vigil(["code", "scan", dirs["go-tool"]!, "--fail-on", "critical", "--scanners", "sast,iac"]).status,
    0,
  );
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
  const own = EXPECTED["go-tool"]!.findings.filter((r) => r[0].startsWith("vigil.sast.")).map((r) => r[1]);
  assert.deepEqual(paths([dir]), own.sort());
  assert.deepEqual(paths([dir, "--include-vendored"]), [...own, "vendor/github.com/acme/run/run.go"].sort());
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
    sorted(EXPECTED["go-tool"]!.findings),
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
  assert.deepEqual(rows(report.code.findings), sorted(EXPECTED["js-shop"]!.findings));
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
