import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import type { CodeMatch } from "../../model/code.js";
import { loadSecretsAnalyzer } from "./index.js";
import { isTestPath, MAX_FILE_BYTES } from "./paths.js";
import { redact } from "./redact.js";
import {
  checksummedToken,
  ecSec1,
  jwt,
  materializeWithValues,
  openSshEd25519,
  randomString,
  secretMaterial,
} from "./test-support.js";

const analyzer = await loadSecretsAnalyzer();
const EXAMPLES = join(import.meta.dirname, "rules", "examples");

async function scan(text: string, path = "src/app.py"): Promise<CodeMatch[]> {
  const bytes = Buffer.from(text);
  return analyzer.analyze({ path, bytes, text: () => text }, (m) => assert.fail(`warning: ${m}`));
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const awsId = (seed: string) => `AKIA${randomString(seed, 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`;
const awsSecret = (seed: string) =>
  randomString(seed, 40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");

describe("secrets analyzer: ranking and pairs", () => {
  test("an AWS key id with its secret access key is one CRITICAL pair, not also a lone id", async () => {
    const id = awsId("pair");
    const secret = awsSecret("pair");
    const matches = await scan(`AWS_ACCESS_KEY_ID = "${id}"\nAWS_SECRET_ACCESS_KEY = "${secret}"\n`);
    assert.deepEqual(
      matches.map((m) => [m.ruleId, m.location.startLine, m.location.endLine]),
      [["vigil.secrets.aws-access-key-pair", 1, 2]],
    );
    const rules = new Map(analyzer.rules().map((r) => [r.id, r]));
    assert.equal(rules.get("vigil.secrets.aws-access-key-pair")?.severity, "CRITICAL");
    assert.equal(rules.get("vigil.secrets.aws-access-key-id")?.severity, "MEDIUM");
    assert.equal(matches[0]!.key, sha256(`${id}\0${secret}`));
    assert.equal(matches[0]!.evidence?.["verified"], "format");
  });

  test("a key id next to a hex digest (not random enough for a secret key) stays a lone id", async () => {
    const id = awsId("lone");
    const digest = createHash("sha1").update("x").digest("hex");
    const matches = await scan(`key_id = "${id}"\ncommit = "${digest}"\n`);
    assert.deepEqual(
      matches.map((m) => m.ruleId),
      ["vigil.secrets.aws-access-key-id"],
    );
    assert.equal(matches[0]!.key, sha256(id));
  });

  test("a provider detector replaces the generic match on the same value", async () => {
    const token = checksummedToken("ghp_", "generic");
    const matches = await scan(`api_token = "${token}"\n`);
    assert.deepEqual(
      matches.map((m) => m.ruleId),
      ["vigil.secrets.github-token"],
    );
  });

  test("a value a provider detector rejects (bad checksum) is not re-reported as generic", async () => {
    const token = checksummedToken("ghp_", "bad");
    const bad = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    assert.deepEqual(await scan(`api_token = "${bad}"\n`), []);
  });

  test("a GCP service account key replaces the private-key match inside it and names the account", async () => {
    const text = materializeWithValues(
      readFileSync(join(EXAMPLES, "gcp-service-account.vulnerable.py"), "utf8"),
    ).text;
    const matches = await scan(text);
    assert.deepEqual(
      matches.map((m) => m.ruleId),
      ["vigil.secrets.gcp-service-account"],
    );
    assert.equal(matches[0]!.evidence?.["account"], "deployer@synthetic-project.iam.gserviceaccount.com");
    assert.equal(matches[0]!.evidence?.["keyType"], "rsa");
  });
});

describe("secrets analyzer: evidence", () => {
  test("private keys carry their type and whether they are encrypted", async () => {
    const text = materializeWithValues(
      readFileSync(join(EXAMPLES, "private-key.vulnerable.py"), "utf8"),
    ).text;
    const matches = await scan(text);
    assert.deepEqual(
      matches.map((m) => [m.evidence?.["keyType"], m.evidence?.["encrypted"], m.evidence?.["verified"]]),
      [
        ["rsa", "false", "format"],
        ["ec", "false", "format"],
        ["rsa", "false", "format"],
        ["ed25519", "false", "format"],
        ["pkcs8", "true", "format"],
        ["ssh-ed25519", "false", "format"],
      ],
    );
  });

  test("a JSON-escaped PEM block (one line with \\n) is found as well", async () => {
    const pem = ecSec1().replace(/\n/g, "\\n");
    const matches = await scan(`{"key": "${pem}"}\n`, "config.json");
    assert.deepEqual(
      matches.map((m) => [m.ruleId, m.evidence?.["keyType"]]),
      [["vigil.secrets.private-key", "ec"]],
    );
  });

  test("every match says how it was verified: checksum, format or none", async () => {
    const matches = await scan(
      [
        `a = "${checksummedToken("npm_", "v")}"`,
        `b = "${jwt("v")}"`,
        `password = "${randomString("v", 20)}"`,
      ].join("\n"),
    );
    assert.deepEqual(
      matches.map((m) => m.evidence?.["verified"]),
      ["checksum", "format", "none"],
    );
  });
});

describe("secrets analyzer: allow-list and test fixtures", () => {
  test("documented example keys are never reported, by any detector", async () => {
    const text = [
      'aws_access_key_id = "AKIAIOSFODNN7EXAMPLE"',
      'aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
      'stripe_secret_key = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"',
      `jwt_token = "${jwt("docs", { sub: "1234567890", name: "John Doe" })}"`,
      'webhook = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"',
    ].join("\n");
    assert.deepEqual(await scan(text), []);
  });

  test("matches in test paths are reported with context=test; others without it", async () => {
    const line = `token = "${checksummedToken("ghp_", "ctx")}"\n`;
    for (const path of [
      "test/app.py",
      "tests/unit/config.py",
      "src/__tests__/login.ts",
      "pkg/fixtures/keys.yaml",
      "internal/testdata/creds.env",
      "src/login.test.ts",
      "src/login.spec.js",
      "spec/models/user_spec.rb",
      "pkg/auth/token_test.go",
      "app/test_settings.py",
    ]) {
      assert.ok(isTestPath(path), path);
      const [m] = await scan(line, path);
      assert.equal(m?.evidence?.["context"], "test", path);
    }
    for (const path of ["src/app.py", "contest/app.py", "docs/testing.md", "src/latest.ts"]) {
      assert.ok(!isTestPath(path), path);
      const [m] = await scan(line, path);
      assert.equal(m?.evidence?.["context"], undefined, path);
    }
  });
});

describe("secrets analyzer: files it reads", () => {
  test("binaries by extension and files over 5 MiB are not wanted; text files are", () => {
    assert.ok(analyzer.wants("src/app.py", 100));
    assert.ok(analyzer.wants(".env", 100));
    assert.ok(analyzer.wants("Dockerfile", 100));
    assert.ok(analyzer.wants("src/app.py", MAX_FILE_BYTES));
    assert.ok(!analyzer.wants("src/app.py", MAX_FILE_BYTES + 1));
    for (const p of ["logo.PNG", "lib/x.jar", "a.so", "font.woff2", "data.sqlite", "bundle.zip"]) {
      assert.ok(!analyzer.wants(p, 100), p);
    }
  });

  test("a file with a NUL byte is binary and gives no match even if a token is in it", async () => {
    const token = checksummedToken("ghp_", "bin");
    const bytes = Buffer.concat([Buffer.from(`token = "${token}"\n`), Buffer.from([0, 1, 2])]);
    const text = bytes.toString("utf8");
    assert.deepEqual(await analyzer.analyze({ path: "blob", bytes, text: () => text }, () => {}), []);
    assert.equal((await scan(`token = "${token}"\n`)).length, 1);
  });
});

describe("secrets analyzer: redaction", () => {
  /** No 8-character window of the secret may appear in any field of the match. */
  function assertRedacted(where: string, match: CodeMatch, secret: string) {
    const out = JSON.stringify(match);
    for (let i = 0; i + 8 <= secret.length; i++) {
      const window = secret.slice(i, i + 8);
      assert.ok(
        !out.includes(window),
        `${where}: ${match.ruleId} shows ${JSON.stringify(window)} of a secret`,
      );
    }
  }

  test("no output field of any example match holds any part of a secret longer than the prefix", async () => {
    // Literal (non-generated) secrets in the vulnerable examples.
    const literals = [
      "Xk29vQm7LpR4tZ8w",
      "nR7qP2xL9kZ4mW8v",
      "Hq3Jx8vN2pK7rT5m",
      "Wz5Kp9Lr2Qx7Nv4T",
      "Bd8Fq2Lx6Rt9Mw3Z",
      "Kq9vL2xP7mZ4wR8t",
    ];
    let checked = 0;
    for (const file of readdirSync(EXAMPLES).filter((f) => f.includes(".vulnerable."))) {
      const { text, values } = materializeWithValues(readFileSync(join(EXAMPLES, file), "utf8"), file);
      const secrets = [...values.map(secretMaterial), ...literals.filter((l) => text.includes(l))];
      const matches = await scan(text, `src/${file}`);
      assert.ok(matches.length > 0, file);
      for (const m of matches) {
        for (const s of secrets) assertRedacted(file, m, s);
        assert.ok(m.snippet.includes("…"), `${file}: the snippet shows the redaction mark`);
        assert.match(m.key, /^[0-9a-f]{64}$/);
        checked++;
      }
    }
    assert.ok(checked >= 30, `checked ${checked} matches`);
  });

  test("a secret repeated on the line, and other secrets on the matched lines, are redacted too", async () => {
    const a = checksummedToken("ghp_", "r1");
    const b = checksummedToken("npm_", "r2");
    const matches = await scan(`x = "${a}" if ok else "${a}"; y = "${b}"\n`);
    // Each place a secret occurs is a match (each must be removed); they share the secret's key.
    assert.equal(matches.length, 3);
    assert.equal(matches[0]!.key, matches[1]!.key);
    for (const m of matches) {
      assertRedacted("repeat", m, a);
      assertRedacted("repeat", m, b);
    }
  });

  test("one rule: the first 4 characters only for secrets of 20+ characters", () => {
    assert.equal(redact("ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), "ghp_…");
    assert.equal(redact("AKIAQWERTYUIOPASDFGH"), "AKIA…");
    assert.equal(redact("Kq9vL2xP7mZ4wR8t"), "…");
  });

  test("a secret on a very long (minified) line gives a short snippet", async () => {
    const token = checksummedToken("ghp_", "long");
    const line = `${"var a=1;".repeat(5000)}var t="${token}";${"var b=2;".repeat(5000)}`;
    const [m] = await scan(line, "dist/app.min.js");
    assert.ok(m);
    assert.ok(m.snippet.length < 300, `snippet is ${m.snippet.length} characters`);
    assert.ok(m.snippet.includes("ghp_…"));
    assert.equal(m.location.startColumn, 40000 + 'var t="'.length + 1);
  });
});

describe("secrets analyzer: hostile input", () => {
  test("pathological lines for every pattern complete (no catastrophic backtracking)", async () => {
    const n = 100_000;
    const lines = [
      `${"eyJ-".repeat(n / 4)}`,
      `eyJ${"a".repeat(n)}.eyJ${"a".repeat(n)}`,
      `${"-----BEGIN RSA PRIVATE KEY-----\n".repeat(2000)}`,
      `-----BEGIN PRIVATE KEY-----${"A-".repeat(n / 2)}`,
      `-----BEGIN OPENSSH PRIVATE KEY-----\n${"A".repeat(n)}\n-----END RSA PRIVATE KEY-----`,
      `"private_key": "-----BEGIN PRIVATE KEY-----${"A\\n".repeat(n / 3)}`,
      `password = "${"a".repeat(n)}`,
      `${"password".repeat(n / 8)}`,
      `${"a".repeat(n)}password = "x"`,
      `${"secret_".repeat(n / 7)}= "abc`,
      `${"token=".repeat(n / 6)}`,
      `postgres://${"a:".repeat(n / 2)}`,
      `postgres://user:${"p".repeat(n)}`,
      `${"mongodb://".repeat(n / 10)}`,
      `xoxb-${"1234567890-".repeat(n / 11)}`,
      `${"AKIA".repeat(n / 4)}`,
      `AKIAQWERTYUIOPASDFGH\n${"Ab1/".repeat(n / 4)}`,
      `ghp_${"a".repeat(n)}`,
      `${"ghp_".repeat(n / 4)}`,
      `glpat-${"a-".repeat(n / 2)}`,
      `${"aaa1Q~".repeat(n / 6)}`,
      `AccountKey=${"A".repeat(n)}`,
      `https://hooks.slack.com/services/T${"A".repeat(n)}`,
      `pypi-AgE${"A".repeat(n)}`,
      `sk_live_${"a".repeat(n)}`,
      `${"\t".repeat(n)}password: ${"x".repeat(n)}`,
      // Many matches in one file (resolution and snippets must not be quadratic).
      `${"AKIAQWERTYUIOPASDFGH\n".repeat(n / 21)}`,
      `${'api_key = "Kq9vL2xP7mZ4wR8tKq9v"\n'.repeat(n / 5)}`,
    ];
    for (const line of lines) {
      const matches = await scan(line, "config.yaml");
      assert.ok(Array.isArray(matches));
    }
  });
});

describe("secrets analyzer: detector files", () => {
  test("every rule is a secrets rule with CWE-798, and says to rotate and to clean the history", () => {
    const rules = analyzer.rules();
    assert.equal(rules.length, 18);
    for (const r of rules) {
      assert.equal(r.scanner, "secrets");
      assert.match(r.id, /^vigil\.secrets\.[a-z0-9-]+$/);
      assert.ok(r.cwe.includes("CWE-798"), r.id);
      assert.match(r.remediation, /rotat/i, r.id);
      assert.match(r.remediation, /history/i, r.id);
      assert.ok(r.references.length > 0, r.id);
    }
  });

  function loadWith(name: string, yaml: string): Promise<unknown> {
    const dir = mkdtempSync(join(tmpdir(), "vigil-secrets-rules-"));
    writeFileSync(join(dir, `${name}.yaml`), yaml);
    return loadSecretsAnalyzer({ rulesDir: dir });
  }

  const valid = readFileSync(join(import.meta.dirname, "rules", "npm-token.yaml"), "utf8");

  test("a valid detector file loads on its own", async () => {
    const a = (await loadWith("npm-token", valid)) as { rules(): { id: string }[] };
    assert.deepEqual(
      a.rules().map((r) => r.id),
      ["vigil.secrets.npm-token"],
    );
  });

  test("errors name the file and the field", async () => {
    const cases: [string, string, RegExp][] = [
      ["npm-token", valid.replace(/^severity: .*$/m, "severity: SEVERE"), /npm-token\.yaml: .*severity/],
      ["npm-token", valid.replace(/^title: .*$/m, ""), /npm-token\.yaml: .*title/],
      [
        "npm-token",
        valid.replace(/^keywords: .*$/m, "keywords: [NPM_]"),
        /npm-token\.yaml: keywords\.0: must be lower case/,
      ],
      ["other-name", valid, /other-name\.yaml: id: must be vigil\.secrets\.other-name/],
      [
        "npm-token",
        valid.replace("(?<secret>", "("),
        /npm-token\.yaml: patterns\.0\.regex: .*named group \(\?<secret>/,
      ],
      [
        "npm-token",
        valid.replace("(?<secret>", "(?<secret>("),
        /npm-token\.yaml: patterns\.0\.regex: not a valid regular expression/,
      ],
      ["npm-token", valid.replace("verifier: npm-token", "verifier: crc64"), /npm-token\.yaml: .*verifier/],
      [
        "npm-token",
        `${valid}supersedes: [vigil.secrets.nothing]\n`,
        /npm-token\.yaml: supersedes\.0: no detector/,
      ],
      ["npm-token", `${valid}colour: red\n`, /npm-token\.yaml: .*colour/],
      ["npm-token", "id: [unclosed\n", /npm-token\.yaml: not valid YAML/],
    ];
    for (const [name, yaml, message] of cases) {
      await assert.rejects(loadWith(name, yaml), message, `${name}: ${message}`);
    }
  });
});

test("an OpenSSH key built by the test helper parses as ssh-ed25519", async () => {
  const [m] = await scan(`${openSshEd25519()}\n`, "id_ed25519");
  assert.equal(m?.evidence?.["keyType"], "ssh-ed25519");
});
