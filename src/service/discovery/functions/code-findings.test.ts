import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { materializeWithValues } from "../../../code/secrets/test-support.js";
import { sharedScanDb } from "../../../scan/test-support/vulndb.js";
import { writeZip } from "../../delivery/zip-writer.js";
import type { FindingView } from "../../evaluation/findings.js";
import { createWorker } from "../../runtime.js";
import { createAccount } from "../../tenancy/accounts.js";
import { useServiceApp } from "../../test-support/app.js";
import { dialects, FEEDS } from "../../test-support/fixtures.js";
import type { DeployResult, FunctionView } from "./functions.js";

/** End of life only: the runtime is current (nodejs20.x), so the functions' findings here are code findings. */
const vulnDbPath = await sharedScanDb([join(FEEDS, "nodejs-security-wg"), join(FEEDS, "endoflife")]);
const MODIFIED = new Date("2026-01-01T00:00:00Z");
const b64 = (b: Buffer) => b.toString("base64");

const COMMAND_INJECTION = "vigil.sast.js.command-injection";
const AWS_KEY_PAIR = "vigil.secrets.aws-access-key-pair";

/**
 * A Node handler that runs a shell command built from the request's query string, with a synthetic AWS
 * access key pair hard-coded above it (generated here: not a real credential, not committed).
 */
const { text: HANDLER, values: SECRETS } = materializeWithValues(
  [
    'const { exec } = require("child_process");',
    "",
    "// Deploy credentials (do not do this).",
    'const AWS_ACCESS_KEY_ID = "@@gen:aws-id:AKIA@@";',
    'const AWS_SECRET_ACCESS_KEY = "@@gen:aws-secret@@";',
    "",
    "exports.handler = async (event) => {",
    "  const host = event.queryStringParameters.host;",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a handler
    "  exec(`ping -c 1 ${host}`, () => {});",
    "  return { statusCode: 200, body: AWS_ACCESS_KEY_ID.length + AWS_SECRET_ACCESS_KEY.length };",
    "};",
    "",
  ].join("\n"),
  "function-code",
);

/** The same handler with an unrelated edit above both flaws (lines move, nothing else). */
const HANDLER_EDITED = `// Orders API: ping a host for the status page.\n"use strict";\n\n${HANDLER}`;

/** The handler without the flaws: the host is not passed to a shell, no key in the code. */
const HANDLER_FIXED = [
  'const { execFile } = require("child_process");',
  "",
  "exports.handler = async (event) => {",
  '  const allowed = new Set(["db.internal", "cache.internal"]);',
  "  const host = event.queryStringParameters.host;",
  "  if (!allowed.has(host)) return { statusCode: 400 };",
  '  execFile("ping", ["-c", "1", host], () => {});',
  "  return { statusCode: 200 };",
  "};",
  "",
].join("\n");

/** A dependency with the same flaw: node_modules is not the function's own code and is not scanned. */
const DEPENDENCY = [
  'const { exec } = require("child_process");',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a handler
  "module.exports = (event) => exec(`ls ${event.body}`);",
  "",
].join("\n");

function bundle(handler: string, extra: { name: string; data: string }[] = []): Buffer {
  return writeZip(
    [
      { name: "index.js", data: Buffer.from(handler) },
      { name: "package.json", data: Buffer.from('{"name":"orders","version":"1.0.0"}\n') },
      { name: "node_modules/pinger/index.js", data: Buffer.from(DEPENDENCY) },
      {
        name: "node_modules/pinger/package.json",
        data: Buffer.from('{"name":"pinger","version":"1.0.0"}\n'),
      },
      ...extra.map((e) => ({ name: e.name, data: Buffer.from(e.data) })),
    ],
    MODIFIED,
  );
}

interface Account {
  id: string;
  key: string;
}

for (const { dialect, skip } of await dialects()) {
  describe(`function code findings (${dialect})`, { skip }, () => {
    const svc = useServiceApp(dialect, { vulnDb: vulnDbPath });
    const call = svc.call;

    async function account(name: string): Promise<Account> {
      const { account: a, key } = await createAccount(svc.ctx, name);
      return { id: a.id, key: key.key };
    }

    async function deploy(a: Account, name: string, body: Record<string, unknown>): Promise<DeployResult> {
      const r = await call<DeployResult>(a.key, "PUT", `/v1/functions/${name}`, {
        runtime: "nodejs20.x",
        ...body,
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      await createWorker(svc.ctx).drain();
      return r.body;
    }

    async function fn(a: Account, name: string): Promise<FunctionView> {
      const r = await call<FunctionView>(a.key, "GET", `/v1/functions/${name}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body;
    }

    async function codeFindings(a: Account, resourceId: string, status = "ACTIVE"): Promise<FindingView[]> {
      const r = await call<{ items: FindingView[] }>(
        a.key,
        "GET",
        `/v1/findings?resourceId=${resourceId}&type=CODE_VULNERABILITY&status=${status}&limit=500`,
      );
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.items;
    }

    async function activation(a: Account, action: "enable" | "disable", scanTypes: string[]) {
      const r = await call(a.key, "POST", `/v1/activation/${action}`, { scanTypes });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      await createWorker(svc.ctx).drain();
    }

    const rules = (fs: FindingView[]) => fs.map((f) => f.vulnerabilityId).sort();

    test("functionCode enabled: the handler's command injection and AWS key pair are findings with rule, CWE, file, lines, redacted snippet, fingerprint and risk; node_modules is not scanned", async () => {
      const a = await account("code-on");
      await deploy(a, "orders-api", { code: { zipFile: b64(bundle(HANDLER)) } });
      const f = await fn(a, "orders-api");
      assert.equal(f.codeScan.status, "SCANNED", JSON.stringify(f.codeScan));
      assert.equal(f.codeScan.findings, 2);
      assert.deepEqual(f.codeCoverage, { status: "SCANNING", reason: null, detail: null });

      const found = await codeFindings(a, f.resource.id);
      assert.deepEqual(rules(found), [COMMAND_INJECTION, AWS_KEY_PAIR].sort());
      for (const x of found) {
        assert.equal(x.type, "CODE_VULNERABILITY");
        assert.equal(x.resourceType, "function");
        assert.equal(x.status, "ACTIVE");
        assert.equal(x.code?.location.path, "index.js", "the path inside the bundle");
        assert.deepEqual(x.code?.origin, { kind: "code", name: "function code" });
        assert.match(x.code?.fingerprint ?? "", /^[0-9a-f]{64}$/);
        assert.ok(x.remediation.length > 0);
        assert.ok(x.risk.breakdown.length > 0 && x.risk.breakdown[0]?.factor === "base");
      }
      const injection = found.find((x) => x.vulnerabilityId === COMMAND_INJECTION)!;
      assert.deepEqual(injection.code?.cwe, ["CWE-78"]);
      assert.equal(injection.code?.scanner, "sast");
      assert.equal(injection.code?.location.startLine, 9);
      assert.equal(injection.severity, "HIGH");
      assert.match(injection.code?.snippet ?? "", /exec\(`ping -c 1 \$\{host\}`/);

      const key = found.find((x) => x.vulnerabilityId === AWS_KEY_PAIR)!;
      assert.deepEqual(key.code?.cwe, ["CWE-798"]);
      assert.equal(key.code?.scanner, "secrets");
      assert.equal(key.code?.location.startLine, 4);
      assert.ok((key.code?.location.endLine ?? 0) >= 4);
      assert.equal(key.severity, "CRITICAL");
      assert.ok(key.risk.score > injection.risk.score, "a hard-coded key pair ranks above the injection");

      // The secrets never leave the service: not in the snippet, nor anywhere in the API's answer.
      const detail = await call<FindingView>(a.key, "GET", `/v1/findings/${key.id}`);
      assert.equal(detail.status, 200);
      assert.deepEqual(detail.body.code, key.code);
      const everything = JSON.stringify(found);
      for (const secret of SECRETS)
        assert.ok(!everything.includes(secret), "a secret value was not redacted");

      // The type filter splits code findings from the function's others (its runtime's end of life, by
      // the feed snapshot's date), which the code pass left alone and which do not hide code findings.
      const all = await call<{ items: FindingView[] }>(
        a.key,
        "GET",
        `/v1/findings?resourceId=${f.resource.id}&limit=500`,
      );
      const others = all.body.items.filter((x) => x.type !== "CODE_VULNERABILITY");
      assert.deepEqual(
        new Set(all.body.items.filter((x) => x.type === "CODE_VULNERABILITY").map((x) => x.id)),
        new Set(found.map((x) => x.id)),
      );
      const notCode = await call<{ items: FindingView[] }>(
        a.key,
        "GET",
        `/v1/findings?resourceId=${f.resource.id}&type=PACKAGE_VULNERABILITY,END_OF_LIFE&limit=500`,
      );
      assert.deepEqual(notCode.body.items.map((x) => x.id).sort(), others.map((x) => x.id).sort());
    });

    test("risk: the same key pair in a test fixture of the bundle ranks below the deployed handler's, with a location factor", async () => {
      const a = await account("code-fixture");
      const fixture = materializeWithValues(
        'module.exports = {\n  id: "@@gen:aws-id:AKIA@@",\n  secret: "@@gen:aws-secret@@",\n};\n',
        "function-fixture",
      ).text;
      await deploy(a, "fixture-api", {
        code: { zipFile: b64(bundle(HANDLER, [{ name: "test/fixtures/credentials.js", data: fixture }])) },
      });
      const f = await fn(a, "fixture-api");
      const keys = (await codeFindings(a, f.resource.id)).filter((x) => x.vulnerabilityId === AWS_KEY_PAIR);
      assert.equal(keys.length, 2);
      const deployed = keys.find((x) => x.code?.location.path === "index.js")!;
      const inFixture = keys.find((x) => x.code?.location.path === "test/fixtures/credentials.js")!;
      assert.ok(
        deployed.risk.score > inFixture.risk.score,
        `${deployed.risk.score} vs ${inFixture.risk.score}`,
      );
      assert.ok(inFixture.risk.breakdown.some((b) => b.factor === "location" && b.delta < 0));
      assert.ok(!deployed.risk.breakdown.some((b) => b.factor === "location"));
    });

    test("layers: a layer's own code is scanned (path inside the layer, origin the layer); an unrelated edit keeps the findings; a version without the flaws closes them as RESOLVED", async () => {
      const a = await account("code-versions");
      const layer = writeZip(
        [
          {
            name: "nodejs/lib/run.js",
            data: Buffer.from(
              'const cp = require("child_process");\nexports.run = (event) => cp.exec("tar xf " + event.body);\n',
            ),
          },
        ],
        MODIFIED,
      );
      const layers = [{ name: "tools", zipFile: b64(layer) }];
      await deploy(a, "versions-api", { code: { zipFile: b64(bundle(HANDLER)) }, layers });
      const f1 = await fn(a, "versions-api");
      const v1 = await codeFindings(a, f1.resource.id);
      assert.equal(v1.length, 3, JSON.stringify(v1.map((x) => [x.vulnerabilityId, x.code?.location.path])));
      const inLayer = v1.find((x) => x.code?.origin?.kind === "layer");
      assert.equal(inLayer?.vulnerabilityId, COMMAND_INJECTION);
      assert.equal(inLayer?.code?.location.path, "nodejs/lib/run.js");
      assert.deepEqual(inLayer?.code?.origin, { kind: "layer", name: "tools" });

      // Version 2: the same flaws three lines lower. Same findings (ids), still open, first seen kept.
      svc.clock.advance(60_000);
      await deploy(a, "versions-api", { code: { zipFile: b64(bundle(HANDLER_EDITED)) }, layers });
      const f2 = await fn(a, "versions-api");
      assert.equal(f2.version, 2);
      const v2 = await codeFindings(a, f1.resource.id);
      assert.deepEqual(new Set(v2.map((x) => x.id)), new Set(v1.map((x) => x.id)));
      const injection2 = v2.find(
        (x) => x.vulnerabilityId === COMMAND_INJECTION && x.code?.origin?.kind === "code",
      );
      assert.equal(injection2?.code?.location.startLine, 12, "the stored line follows the edit");
      for (const x of v2) {
        const before = v1.find((y) => y.id === x.id)!;
        assert.equal(x.firstObservedAt, before.firstObservedAt);
        assert.equal(x.code?.fingerprint, before.code?.fingerprint);
      }

      // Version 3: the handler fixed; the layer unchanged. The handler's two close as RESOLVED.
      await deploy(a, "versions-api", { code: { zipFile: b64(bundle(HANDLER_FIXED)) }, layers });
      const v3 = await codeFindings(a, f1.resource.id);
      assert.deepEqual(
        v3.map((x) => x.id),
        [inLayer?.id],
      );
      const closed = await codeFindings(a, f1.resource.id, "CLOSED");
      assert.deepEqual(rules(closed), [COMMAND_INJECTION, AWS_KEY_PAIR].sort());
      for (const x of closed) assert.equal(x.statusReason, "RESOLVED");
    });

    test("functionCode disabled: neither finding, code coverage SCAN_TYPE_DISABLED; enabling scans the deployed version; disabling again closes them", async () => {
      const a = await account("code-off");
      await activation(a, "disable", ["functionCode"]);
      await deploy(a, "quiet-api", { code: { zipFile: b64(bundle(HANDLER)) } });
      const f = await fn(a, "quiet-api");
      assert.equal(f.scan.status, "SCANNED", "standard scanning still runs");
      assert.equal(f.resource.coverage.status, "SCANNING");
      assert.equal(f.codeScan.status, "SKIPPED");
      assert.equal(f.codeCoverage.status, "NOT_SCANNING");
      assert.equal(f.codeCoverage.reason, "SCAN_TYPE_DISABLED");
      assert.equal((await codeFindings(a, f.resource.id, "ACTIVE,SUPPRESSED,CLOSED")).length, 0);

      await activation(a, "enable", ["functionCode"]);
      const on = await fn(a, "quiet-api");
      assert.equal(on.codeScan.status, "SCANNED");
      assert.equal(on.codeCoverage.status, "SCANNING");
      const found = await codeFindings(a, f.resource.id);
      assert.deepEqual(rules(found), [COMMAND_INJECTION, AWS_KEY_PAIR].sort());

      await activation(a, "disable", ["functionCode"]);
      assert.equal((await codeFindings(a, f.resource.id)).length, 0);
      const closed = await codeFindings(a, f.resource.id, "CLOSED");
      assert.deepEqual(rules(closed), [COMMAND_INJECTION, AWS_KEY_PAIR].sort());
      for (const x of closed) assert.equal(x.statusReason, "SCAN_TYPE_DISABLED");

      // Enabled again: the same findings come back (reopened, first observation kept).
      await activation(a, "enable", ["functionCode"]);
      const back = await codeFindings(a, f.resource.id);
      assert.deepEqual(new Set(back.map((x) => x.id)), new Set(found.map((x) => x.id)));
      for (const x of back)
        assert.equal(x.firstObservedAt, found.find((y) => y.id === x.id)?.firstObservedAt);
    });

    test("vigil:exclude=code: neither finding and the code coverage says EXCLUDED_BY_TAG, while standard scanning goes on; tagging later closes them, untagging brings them back", async () => {
      const a = await account("code-exclude");
      await deploy(a, "tagged-api", {
        code: { zipFile: b64(bundle(HANDLER)) },
        tags: { "vigil:exclude": "code" },
      });
      const f = await fn(a, "tagged-api");
      assert.equal(f.resource.coverage.status, "SCANNING", "=code leaves standard scanning on");
      assert.equal(f.codeScan.status, "SKIPPED");
      assert.deepEqual(f.codeCoverage, {
        status: "NOT_SCANNING",
        reason: "EXCLUDED_BY_TAG",
        detail: "tag vigil:exclude=code",
      });
      assert.equal((await codeFindings(a, f.resource.id, "ACTIVE,SUPPRESSED,CLOSED")).length, 0);

      // The tag lifted through the resources API: the stored bundle is scanned.
      const untag = await call(a.key, "PUT", `/v1/resources/${f.resource.id}/tags`, { tags: {} });
      assert.equal(untag.status, 200, JSON.stringify(untag.body));
      await createWorker(svc.ctx).drain();
      const found = await codeFindings(a, f.resource.id);
      assert.deepEqual(rules(found), [COMMAND_INJECTION, AWS_KEY_PAIR].sort());

      // Tagged again through a deploy of the same bundle: closed with the tag as the reason.
      await deploy(a, "tagged-api", {
        code: { zipFile: b64(bundle(HANDLER)) },
        tags: { "vigil:exclude": "code" },
      });
      assert.equal((await codeFindings(a, f.resource.id)).length, 0);
      const closed = await codeFindings(a, f.resource.id, "CLOSED");
      assert.equal(closed.length, 2);
      for (const x of closed) assert.equal(x.statusReason, "EXCLUDED_BY_TAG");
      assert.equal((await fn(a, "tagged-api")).codeCoverage.reason, "EXCLUDED_BY_TAG");
    });
  });
}
