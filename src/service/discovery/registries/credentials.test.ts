/**
 * Issue 18's probe of registry discovery, against loopback listeners: a tenant's registry whose bearer
 * challenge names a realm on another port gets the stored password nowhere, and a registry's error body
 * never reaches the tenant's `lastError`.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { type Loopback, loopback, tokenHandler } from "../../../sources/test-support/hostile-registry.js";
import { createAccount } from "../../tenancy/accounts.js";
import { useServiceApp } from "../../test-support/app.js";
import { testVulnDb } from "../../test-support/fixtures.js";
import { pollRegistry } from "./discovery.js";
import type { RegistryView } from "./registries.js";

process.env.VIGIL_SECRET_KEY ??= Buffer.alloc(32, 7).toString("base64");
const vulnDbPath = await testVulnDb();
const PASSWORD = "tenant-secret-password";

describe("registry discovery sends a tenant's credentials only to the registry's own origin (sqlite)", () => {
  const svc = useServiceApp("sqlite", { vulnDb: vulnDbPath });
  const servers: Loopback[] = [];
  after(async () => {
    for (const s of servers) await s.close();
  });

  const register = async (url: string, name: string) => {
    const { key } = await createAccount(svc.ctx, name);
    const res = await svc.call<{ registry: RegistryView }>(key.key, "POST", "/v1/registries", {
      name,
      url,
      username: "ci",
      password: PASSWORD,
      repositories: ["team/app"],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.registry.id;
  };

  test("a bearer realm on another port: nothing reaches it, and lastError says why", async () => {
    const thief = await loopback(tokenHandler("stolen"));
    const registry = await loopback((_req, res) => {
      res.writeHead(401, { "www-authenticate": `Bearer realm="${thief.origin}/token",service="x"` });
      res.end();
    });
    servers.push(thief, registry);
    const id = await register(registry.origin, "realm-elsewhere");
    const polled = await pollRegistry(svc.ctx, id);
    assert.match(polled.error ?? "", /token service is on another origin \(http:\/\/127\.0\.0\.1:\d+\)/);
    assert.deepEqual(thief.seen, []);
    assert.ok(registry.seen.length > 0 && registry.seen.every((s) => s.authorization === undefined));
    assert.ok(!(polled.error ?? "").includes(PASSWORD));
  });

  test("a registry's error body is not echoed into lastError: the status and what failed are", async () => {
    const registry = await loopback((_req, res) => {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("SECRET-BODY from an internal service");
    });
    servers.push(registry);
    const id = await register(registry.origin, "body-echo");
    const polled = await pollRegistry(svc.ctx, id);
    assert.match(
      polled.error ?? "",
      /tags\/list\?n=100: HTTP 404 \(not found; check the registry's URL and `repositories`\)$/,
    );
    assert.doesNotMatch(polled.error ?? "", /SECRET-BODY/);
  });
});
