import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createAccount } from "../tenancy/accounts.js";
import { useServiceApp } from "../test-support/app.js";
import { testVulnDb } from "../test-support/fixtures.js";
import { type RouteAuth, registeredRoutes } from "./auth.js";

interface Operation {
  security: Record<string, string[]>[];
  responses: Record<string, unknown>;
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
}

/** Routes that are not the API: the dashboard's files (HTML, scripts), served at every other GET path. */
const NOT_API = new Set(["GET /", "GET /*"]);

/** What `security` says for each way a route authenticates (the security schemes of /openapi.json). */
const SECURITY: Record<RouteAuth, unknown> = {
  apiKey: [{ bearer: [] }],
  public: [],
  registryNotificationToken: [{ registryNotificationToken: [] }],
};

const vulnDb = await testVulnDb();

const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, "{$1}");

describe("authentication hook and /openapi.json (sqlite)", () => {
  const svc = useServiceApp("sqlite", { vulnDb });

  test("every registered route is in /openapi.json with its auth requirement, and every operation is a route", async () => {
    const doc = await svc.call<OpenApi>(undefined, "GET", "/openapi.json");
    assert.equal(doc.status, 200);
    const routes = registeredRoutes(svc.app).filter((r) => !NOT_API.has(`${r.method} ${r.url}`));
    assert.ok(routes.length > 50, `only ${routes.length} routes registered: is the route list wired?`);
    for (const r of routes) {
      const op = doc.body.paths[openApiPath(r.url)]?.[r.method.toLowerCase()];
      assert.ok(
        op,
        `${r.method} ${r.url} is registered but missing from /openapi.json: describe it with Router.add or Router.raw`,
      );
      assert.deepEqual(op.security, SECURITY[r.auth], `${r.method} ${r.url}: security`);
      assert.equal("401" in op.responses, r.auth !== "public", `${r.method} ${r.url}: documents 401`);
    }
    const registered = new Set(routes.map((r) => `${r.method.toLowerCase()} ${openApiPath(r.url)}`));
    for (const [path, ops] of Object.entries(doc.body.paths))
      for (const method of Object.keys(ops))
        assert.ok(
          registered.has(`${method} ${path}`),
          `/openapi.json documents ${method} ${path}, no such route`,
        );
  });

  test("every route that is not public answers 401 UNAUTHENTICATED without a key and with a revoked one", async () => {
    const { key } = await createAccount(svc.ctx, "walker");
    const revoke = await svc.call(key.key, "DELETE", `/v1/keys/${key.id}`);
    assert.equal(revoke.status, 200);
    const guarded = registeredRoutes(svc.app).filter((r) => r.auth !== "public");
    assert.ok(
      guarded.some((r) => r.url.endsWith("/download")),
      "downloads are among the guarded routes",
    );
    assert.ok(
      guarded.some((r) => r.url === "/v1/events/stream"),
      "the event stream is among them",
    );
    for (const r of guarded) {
      const url = r.url.replace(/:([A-Za-z0-9_]+)/g, "x1");
      // A registry notification is checked by its route, after its body: send a valid (empty) one.
      const payload = r.auth === "registryNotificationToken" ? { events: [] } : undefined;
      for (const authorization of [undefined, `Bearer ${key.key}`]) {
        const res = await svc.app.inject({
          method: r.method as "GET",
          url,
          headers: authorization === undefined ? {} : { authorization },
          ...(payload === undefined ? {} : { payload }),
        });
        assert.equal(res.statusCode, 401, `${r.method} ${r.url} (${authorization ?? "no key"}): ${res.body}`);
        assert.equal(res.json<{ error: { code: string } }>().error.code, "UNAUTHENTICATED");
      }
    }
  });

  test("a route says nothing about auth: it requires a key (a new route is never public by accident)", async () => {
    const routes = registeredRoutes(svc.app);
    assert.equal(routes.find((r) => r.url === "/v1/account" && r.method === "GET")?.auth, "apiKey");
    assert.equal(routes.find((r) => r.url === "/healthz")?.auth, "public");
    assert.equal(
      routes.find((r) => r.url === "/v1/registries/:id/notifications")?.auth,
      "registryNotificationToken",
    );
  });

  test("the key is checked once, when the request starts: a call that revokes its own key is audited with its caller", async () => {
    const { account, key } = await createAccount(svc.ctx, "self-revoker");
    const res = await svc.call(key.key, "DELETE", `/v1/keys/${key.id}`);
    assert.equal(res.status, 200);
    const row = await svc.ctx.sdb.db
      .selectFrom("audit_log")
      .selectAll()
      .where("target_id", "=", key.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual([row.account_id, row.api_key_id, row.status_code], [account.id, key.id, 200]);
    assert.equal((await svc.call(key.key, "GET", "/v1/account")).status, 401);
  });
});
