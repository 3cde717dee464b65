/**
 * Fuzzing the service's request bodies through the running Fastify app: every POST, PUT and PATCH route
 * listed in /openapi.json gets random JSON (wrong types, huge numbers, odd unicode, deep nesting,
 * structure-aware edits of a plausible body) with a valid key; each answer must be below 500, and a 4xx
 * must carry an error message. A 1,000-deep CycloneDX inventory is answered with 400, not 500.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { createAccount } from "../../src/service/tenancy/accounts.js";
import { useServiceApp } from "../../src/service/test-support/app.js";
import { testVulnDb } from "../../src/service/test-support/fixtures.js";
import { deepArray, fuzz, hostileValue, mutatedTree, RUNS, Tally } from "./harness.js";

process.env["VIGIL_SECRET_KEY"] ??= Buffer.alloc(32, 7).toString("base64");
const vulnDb = await testVulnDb();

/** Bodies that resemble the API's own (names, URLs, inventories, CycloneDX), for tree edits to break. */
const PLAUSIBLE: unknown[] = [
  { name: "fuzz", url: "http://127.0.0.1:9/", repositories: ["a/b"], username: "u", password: "p" },
  { type: "host", name: "host", tags: { env: "prod" } },
  {
    target: { kind: "directory", ref: "/srv/app" },
    packages: [
      {
        name: "lodash",
        version: "4.17.20",
        ecosystem: "npm",
        locations: ["package-lock.json"],
        foundBy: "npm-lock",
      },
    ],
    runtimes: [],
    problems: [],
    createdAt: "2026-01-01T00:00:00.000Z",
  },
  {
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    components: [{ type: "library", name: "lodash", version: "4.17.20", purl: "pkg:npm/lodash@4.17.20" }],
  },
  {
    scanTypes: ["host", "image"],
    enabled: true,
    url: "https://example.com/hook",
    events: ["finding.created"],
  },
  { rules: [{ cve: "CVE-2021-44228", reason: "x", expiresAt: "2030-01-01T00:00:00Z" }] },
];

const body: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: mutatedTree(PLAUSIBLE) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 2, arbitrary: hostileValue },
  { weight: 1, arbitrary: fc.integer({ min: 2, max: 5000 }).map((d) => ({ components: deepArray(d) })) },
);

/**
 * Inputs per route: RUNS / 10 (at least 20), so the API as a whole gets about 2.5 × RUNS inputs over its
 * routes (10,000 runs: 1,000 per route).
 */
const PER_ROUTE = Math.max(20, Math.ceil(RUNS / 10));

interface Route {
  method: "POST" | "PUT" | "PATCH";
  path: string;
}

describe("fuzz: API bodies get a 4xx with a message, never a 500 (sqlite)", () => {
  const svc = useServiceApp("sqlite", { vulnDb });

  test("every POST/PUT/PATCH route answers random JSON below 500", async () => {
    const { key } = await createAccount(svc.ctx, "fuzz");
    const doc = await svc.call<{ paths: Record<string, Record<string, unknown>> }>(
      key.key,
      "GET",
      "/openapi.json",
    );
    const routes: Route[] = [];
    for (const [path, ops] of Object.entries(doc.body.paths)) {
      for (const m of ["post", "put", "patch"] as const)
        if (ops[m]) routes.push({ method: m.toUpperCase() as Route["method"], path });
    }
    assert.ok(routes.length > 10, `only ${routes.length} write routes in /openapi.json`);
    // Path parameters: an id of the wrong shape and a plausible one; both must be answered, not crash.
    const ids = fc.constantFrom("1", "res_00000000000000000000000000", "%00", "..", "x".repeat(300));
    const tallies: Tally[] = [];
    for (const route of routes) {
      const tally = new Tally(`${route.method} ${route.path}`);
      tallies.push(tally);
      await fuzz(
        tally,
        fc.tuple(body, ids),
        async ([input, id]) => {
          const url = route.path.replace(/\{[^}]+\}/g, encodeURIComponent(id));
          let payload: string;
          try {
            payload = JSON.stringify(input) ?? "null";
          } catch {
            payload = `{"components":${"[".repeat(50_000)}${"]".repeat(50_000)}}`; // too deep to stringify
          }
          const res = await svc.app.inject({
            method: route.method,
            url,
            headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
            payload,
          });
          return { status: res.statusCode, text: res.body };
        },
        ({ status, text }) => {
          assert.ok(status < 500, `${route.method} ${route.path} answered ${status}: ${text.slice(0, 300)}`);
          if (status >= 400) {
            const parsed = JSON.parse(text) as { error?: { message?: unknown }; message?: unknown };
            const message = parsed.error?.message ?? parsed.message;
            assert.equal(
              typeof message,
              "string",
              `${route.method} ${route.path} ${status} without a message: ${text.slice(0, 200)}`,
            );
          }
        },
        PER_ROUTE,
      );
    }
    const total = tallies.reduce((n, t) => n + t.total, 0);
    console.log(`fuzz api: ${total} inputs over ${routes.length} routes`);
  });

  test("a 1,000-deep CycloneDX inventory is answered 400 naming the depth, not 500", async () => {
    const { key } = await createAccount(svc.ctx, "deep");
    const created = await svc.call<{ resource?: { id: string }; id?: string }>(
      key.key,
      "POST",
      "/v1/resources",
      {
        name: "deep",
        type: "host",
      },
    );
    const id = created.body.resource?.id ?? created.body.id;
    assert.ok(id, `could not create a resource: ${created.status} ${JSON.stringify(created.body)}`);
    const open = '{"type":"library","name":"n","version":"1","purl":"pkg:npm/n@1","components":[';
    for (const depth of [1000, 20_000]) {
      const doc = `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[${open.repeat(depth)}{"name":"leaf"}${"]}".repeat(depth)}]}`;
      const res: { statusCode: number; body: string } = await svc.app.inject({
        method: "PUT",
        url: `/v1/resources/${id}/inventory`,
        headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
        payload: doc,
      });
      assert.equal(res.statusCode, 400, `${depth} deep: ${res.statusCode} ${res.body.slice(0, 300)}`);
      assert.match(res.body, /nested deeper than/);
    }
  });
});
