/**
 * The IaC analyzer beyond single checks: file kinds it reads (CloudFormation JSON, Helm templates),
 * malformed input (a warning, never a throw), keys that survive unrelated edits, unknown values, and
 * check files rejected with the file and field named.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { CodeMatch } from "../../model/code.js";
import { CheckFileError, loadChecks, parseCheck } from "./check.js";
import { loadIacAnalyzer } from "./index.js";

const analyzer = await loadIacAnalyzer();
const testdata = join(import.meta.dirname, "testdata");

async function scan(path: string, text: string): Promise<{ matches: CodeMatch[]; warnings: string[] }> {
  const warnings: string[] = [];
  const matches = await analyzer.analyze({ path, bytes: Buffer.from(text), text: () => text }, (m) =>
    warnings.push(m),
  );
  return { matches, warnings };
}

const at = (ms: CodeMatch[]) =>
  ms.map((m) => `${m.ruleId.split(".").slice(2).join(".")}@${m.location.startLine}`);

test("rules: one per check file, ids vigil.iac.<kind>.<name>, each targeting its kind", () => {
  const rules = analyzer.rules();
  assert.ok(rules.length >= 45);
  assert.equal(new Set(rules.map((r) => r.id)).size, rules.length);
  for (const r of rules) {
    assert.match(r.id, /^vigil\.iac\.(dockerfile|kubernetes|terraform|cloudformation|compose)\.[a-z0-9-]+$/);
    assert.deepEqual(r.targets, [r.id.split(".")[2]]);
    assert.equal(r.scanner, "iac");
    assert.ok(r.cwe.length > 0 && r.references.length > 0);
  }
});

test("wants: Dockerfiles, Terraform, YAML and JSON by name; not other files or huge ones", () => {
  for (const p of [
    "Dockerfile",
    "build/Dockerfile.prod",
    "api.dockerfile",
    "Containerfile",
    "main.tf",
    "k8s/app.yml",
  ]) {
    assert.ok(analyzer.wants(p, 100), p);
  }
  for (const p of ["src/app.ts", "README.md", "go.sum"]) assert.ok(!analyzer.wants(p, 100), p);
  assert.ok(!analyzer.wants("big.yaml", 64 * 1024 * 1024));
});

test("CloudFormation JSON: intrinsics are values, not errors; lines are the JSON's", async () => {
  const path = "cloudformation/stack.template.json";
  const { matches, warnings } = await scan(path, readFileSync(join(testdata, path), "utf8"));
  assert.deepEqual(warnings, []);
  assert.deepEqual(at(matches), [
    "cloudformation.s3-access-logging@8",
    "cloudformation.s3-public-acl@12",
    "cloudformation.security-group-open-admin-port@26",
  ]);
  const acl = matches.find((m) => m.ruleId.endsWith("s3-public-acl"))!;
  assert.equal(acl.evidence?.resource, "SiteBucket (AWS::S3::Bucket)");
  assert.equal(acl.key, "cloudformation|SiteBucket|Properties.AccessControl");
  assert.match(acl.snippet, /"AccessControl": "PublicRead"/);
});

test("JSON that is not infrastructure is not read (no warning for package.json)", async () => {
  const { matches, warnings } = await scan("package.json", '{ "name": "x", "version": "1.0.0" ');
  assert.deepEqual([matches, warnings], [[], []]);
});

test("Helm template: literal settings are checked at their template line; values from .Values are unknown", async () => {
  const path = "charts/web/templates/deployment.yaml";
  const text = readFileSync(join(testdata, "helm/web/templates/deployment.yaml"), "utf8");
  const { matches, warnings } = await scan(path, text);
  assert.deepEqual(warnings, []);
  // Not reported: limits, escalation, root, read-only root of the first container (all from values),
  // its image (templated). Reported: the literal hostNetwork, the metrics sidecar's privileged flag and
  // latest tag, and the token automount the pod spec does not turn off.
  assert.deepEqual(at(matches), [
    "kubernetes.service-account-token@1",
    "kubernetes.host-network@28",
    "kubernetes.image-latest@49",
    "kubernetes.privileged@51",
  ]);
});

test("Dockerfile secrets: the ENV value is redacted from the snippet, the name is kept", async () => {
  const path = "checks/dockerfile/secret-in-env/vulnerable.Dockerfile";
  const { matches } = await scan(path, readFileSync(join(import.meta.dirname, path), "utf8"));
  assert.deepEqual(
    matches.map((m) => [m.key, m.snippet.trim()]),
    [
      ["dockerfile|stage 0 ARG NPM_TOKEN|name", "ARG NPM_TOKEN"],
      ["dockerfile|stage 0 ENV DB_PASSWORD|name", "DB_PASSWORD=*** \\"],
      ["dockerfile|stage 0 ENV STRIPE_API_KEY|name", "ENV STRIPE_API_KEY ***"],
    ],
  );
});

test("Helm template that is not YAML line by line: [] and a warning naming the file", async () => {
  const path = "charts/web/templates/broken.yaml";
  const { matches, warnings } = await scan(
    path,
    readFileSync(join(testdata, "helm/web/templates/broken.yaml"), "utf8"),
  );
  assert.deepEqual(matches, []);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /^charts\/web\/templates\/broken\.yaml: Helm template not readable as YAML/);
});

test("malformed files give [] and one warning naming the file, never a throw", async () => {
  const cases: [string, string, RegExp][] = [
    ["infra/main.tf", 'resource "aws_s3_bucket" "b" {\n  bucket = \n', /not valid Terraform HCL/],
    ["k8s/pod.yaml", "apiVersion: v1\nkind: Pod\nspec: {containers: [\n", /not valid YAML\/JSON \(line \d+/],
    ["cfn/stack.json", '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {', /not valid YAML\/JSON/],
  ];
  for (const [path, text, reason] of cases) {
    const { matches, warnings } = await scan(path, text);
    assert.deepEqual(matches, [], path);
    assert.equal(warnings.length, 1, path);
    assert.ok(warnings[0]!.startsWith(`${path}: `), warnings[0]);
    assert.match(warnings[0]!, reason);
  }
});

test("keys survive unrelated edits; lines follow the edit", async () => {
  const path = "checks/terraform/security-group-open-admin-port/vulnerable.tf";
  const text = readFileSync(join(import.meta.dirname, path), "utf8");
  const before = await scan("infra/sg.tf", text);
  const edited = `# network module\nterraform {\n  required_version = ">= 1.6"\n}\n\n${text}`;
  const after = await scan("infra/sg.tf", edited);
  assert.deepEqual(
    after.matches.map((m) => m.key),
    before.matches.map((m) => m.key),
  );
  assert.deepEqual(
    after.matches.map((m) => m.location.startLine),
    before.matches.map((m) => m.location.startLine + 5),
  );
  assert.deepEqual(
    before.matches.map((m) => m.key),
    [
      "terraform|aws_security_group.bastion|ingress[1].cidr_blocks[0]",
      "terraform|aws_security_group_rule.everything_v6|ipv6_cidr_blocks[0]",
      "terraform|aws_vpc_security_group_ingress_rule.rdp|cidr_ipv4",
    ],
  );
  assert.equal(
    before.matches[0]!.message,
    'Security group open to the internet on an admin port or all ports: aws_security_group.bastion (ingress[1].cidr_blocks[0] = "0.0.0.0/0")',
  );
});

test("Kubernetes keys name list elements by name, not position", async () => {
  const path = "checks/kubernetes/host-path/vulnerable.yaml";
  const { matches } = await scan(path, readFileSync(join(import.meta.dirname, path), "utf8"));
  assert.deepEqual(
    matches.map((m) => [m.key, m.evidence?.resource]),
    [["kubernetes|Deployment/ci/ci-runner|pod.volumes[docker-sock].hostPath", "Deployment/ci/ci-runner"]],
  );
});

test("Terraform: variables, references and dynamic blocks are unknown, so nothing is reported on them", async () => {
  const text = `
variable "open" { default = true }
resource "aws_security_group" "dyn" {
  dynamic "ingress" {
    for_each = var.rules
    content {
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}
resource "aws_db_instance" "db" {
  storage_encrypted   = var.encrypted
  publicly_accessible = var.open
}
`;
  const { matches, warnings } = await scan("infra/unknown.tf", text);
  assert.deepEqual([at(matches), warnings], [[], []]);
});

test("check files: an invalid one is rejected naming the file and the field", () => {
  const good = readFileSync(join(import.meta.dirname, "checks/kubernetes/privileged/check.yaml"), "utf8");
  assert.throws(
    () => parseCheck(good.replace("severity: HIGH", "severity: SEVERE"), "kubernetes/x/check.yaml"),
    (e: unknown) =>
      e instanceof CheckFileError && /^kubernetes\/x\/check\.yaml: invalid check: severity: /.test(e.message),
  );
  assert.throws(
    () => parseCheck(good.replace("op: equals", "op: greater"), "kubernetes/x/check.yaml"),
    (e: unknown) => e instanceof CheckFileError && /condition/.test(e.message),
  );
  assert.throws(
    () =>
      parseCheck(
        good.replace("vigil.iac.kubernetes.privileged", "vigil.iac.terraform.privileged"),
        "k/check.yaml",
      ),
    (e: unknown) =>
      e instanceof CheckFileError && /id: must start with vigil\.iac\.kubernetes\./.test(e.message),
  );
  const dir = mkdtempSync(join(tmpdir(), "vigil-iac-checks-"));
  for (const sub of ["a", "b"]) {
    mkdirSync(join(dir, sub));
    writeFileSync(join(dir, sub, "check.yaml"), good);
  }
  assert.throws(
    () => loadChecks(dir),
    (e: unknown) => e instanceof CheckFileError && /already used by a\/check\.yaml/.test(e.message),
  );
});
