/**
 * Issue 18's SSRF and credential probes against the running service: registries (with redirects and
 * token realms), webhooks and agentless SSH targets aimed at loopback and metadata addresses. With the
 * operator's allow-list off, each is refused with a clear error and no connection reaches the loopback
 * listeners (they count every TCP connection); with loopback allowed, the same targets are reached, a
 * redirect or token realm on a loopback address outside the allow-list is refused, and a registry whose
 * URL moves to another origin sends its old password nowhere.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createTcpServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { agentlessScan } from "../../src/service/discovery/agentless/scan.js";
import { pollRegistry } from "../../src/service/discovery/registries/discovery.js";
import type { RegistryView } from "../../src/service/discovery/registries/registries.js";
import { WebhookDispatcher } from "../../src/service/events/webhooks.js";
import { createAccount } from "../../src/service/tenancy/accounts.js";
import { type ServiceApp, useServiceApp } from "../../src/service/test-support/app.js";
import { testVulnDb } from "../../src/service/test-support/fixtures.js";

process.env.VIGIL_SECRET_KEY ??= Buffer.alloc(32, 7).toString("base64");
const vulnDb = await testVulnDb();
const PASSWORD = "old-origin-password";
const REFUSED = /refused by the outbound policy/;

let key: string | undefined;
/** An SSH client key made by ssh-keygen (the service checks it at registration). */
function clientKey(): string {
  if (key === undefined) {
    const dir = mkdtempSync(join(tmpdir(), "vigil-outbound-key-"));
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(dir, "id")]);
    key = readFileSync(join(dir, "id"), "utf8");
    rmSync(dir, { recursive: true, force: true });
  }
  return key;
}

/** A listener on `host` that counts TCP connections; `handle` answers HTTP (else the socket is closed). */
interface Listener {
  port: number;
  connections: number;
  /** Authorization headers of the HTTP requests, in order ("" when absent). */
  authorizations: string[];
  close(): Promise<void>;
}

async function listen(
  host: string,
  handle?: (req: IncomingMessage, res: ServerResponse, self: Listener) => void,
): Promise<Listener> {
  const self: Listener = { port: 0, connections: 0, authorizations: [], close: () => Promise.resolve() };
  const server: Server =
    handle === undefined
      ? createTcpServer((socket) => socket.destroy())
      : createHttpServer((req, res) => {
          self.authorizations.push(req.headers.authorization ?? "");
          handle(req, res, self);
        });
  server.on("connection", () => {
    self.connections++;
  });
  await new Promise<void>((ok) => server.listen(0, host, ok));
  self.port = (server.address() as { port: number }).port;
  self.close = () =>
    new Promise<void>((ok) => {
      if ("closeAllConnections" in server) (server as { closeAllConnections(): void }).closeAllConnections();
      server.close(() => ok());
    });
  return self;
}

/** A registry with one repository and no tags: a listing that succeeds. */
function emptyRegistry(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(req.url?.includes("/tags/list") ? JSON.stringify({ name: "team/app", tags: [] }) : "{}");
}

/** The host forms of the probe, all meaning loopback or metadata. */
const forms = (port: number) => [
  { name: "127.0.0.1", http: `http://127.0.0.1:${port}`, ssh: "127.0.0.1" },
  { name: "localhost", http: `http://localhost:${port}`, ssh: "localhost" },
  { name: "169.254.169.254", http: `http://169.254.169.254:${port}`, ssh: "169.254.169.254" },
  { name: "[::ffff:127.0.0.1]", http: `http://[::ffff:127.0.0.1]:${port}`, ssh: "::ffff:127.0.0.1" },
];

/** The calls of the probe as a tenant makes them. */
function tenant(svc: ServiceApp) {
  let key = "";
  return {
    async start(name: string) {
      key = (await createAccount(svc.ctx, name)).key.key;
    },
    async registry(name: string, url: string, extra: Record<string, unknown> = {}) {
      const res = await svc.call<{ registry: RegistryView }>(key, "POST", "/v1/registries", {
        name,
        url,
        repositories: ["team/app"],
        ...extra,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.registry.id;
    },
    async registryView(id: string) {
      return (await svc.call<RegistryView>(key, "GET", `/v1/registries/${id}`)).body;
    },
    patchRegistry(id: string, body: unknown) {
      return svc.call<RegistryView>(key, "PATCH", `/v1/registries/${id}`, body);
    },
    /** Creates a webhook, fires one event, runs one dispatch round; the delivery as the API shows it. */
    async webhook(url: string) {
      const hook = await svc.call<{ webhook: { id: string } }>(key, "POST", "/v1/webhooks", {
        url,
        eventTypes: ["resource.created"],
      });
      assert.equal(hook.status, 201, JSON.stringify(hook.body));
      const made = await svc.call(key, "POST", "/v1/resources", { type: "host", name: `h-${url}` });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      await new WebhookDispatcher(svc.ctx).tick();
      const res = await svc.call<{
        items: {
          lastError: string | null;
          lastStatusCode: number | null;
          status: string;
          attempts: number;
        }[];
      }>(key, "GET", `/v1/webhooks/${hook.body.webhook.id}/deliveries`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.items.length, 1);
      return res.body.items[0]!;
    },
    /** Registers an SSH target and scans it once; the scan's outcome. */
    async ssh(name: string, address: string, port: number) {
      const res = await svc.call<{ resourceId: string }>(key, "POST", "/v1/hosts/ssh", {
        name,
        address,
        port,
        username: "probe",
        privateKey: clientKey(),
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return agentlessScan(svc.ctx, res.body.resourceId);
    },
  };
}

describe("outbound policy with the allow-list off: loopback and metadata targets are refused before any connection", () => {
  const svc = useServiceApp("sqlite", { vulnDb, outbound: {} });
  const t = tenant(svc);
  let http: Listener;
  let tcp: Listener;
  before(async () => {
    await t.start("probe-off");
    http = await listen("127.0.0.1", emptyRegistry);
    tcp = await listen("127.0.0.1");
  });
  after(async () => {
    await http.close();
    await tcp.close();
  });

  for (const [i, form] of forms(0).entries()) {
    test(`registry at ${form.name}: refused, lastError says so, no connection`, async () => {
      const url = forms(http.port)[i]!.http;
      const id = await t.registry(`reg-off-${i}`, url);
      const polled = await pollRegistry(svc.ctx, id);
      assert.match(polled.error ?? "", REFUSED);
      assert.equal(polled.listed, false);
      assert.match((await t.registryView(id)).lastError ?? "", REFUSED);
      assert.equal(http.connections, 0);
    });

    test(`webhook at ${form.name}: the delivery fails refused by the policy, no connection`, async () => {
      const delivery = await t.webhook(`${forms(http.port)[i]!.http}/hook`);
      assert.equal(delivery.status, "pending");
      assert.match(delivery.lastError ?? "", REFUSED);
      assert.equal(delivery.lastStatusCode, null);
      assert.equal(http.connections, 0);
    });

    test(`SSH target at ${form.name}: the scan fails refused by the policy, no connection`, async () => {
      const outcome = await t.ssh(`ssh-off-${i}`, form.ssh, tcp.port);
      assert.equal(outcome.outcome, "failed");
      assert.match("error" in outcome ? outcome.error : "", REFUSED);
      assert.equal(tcp.connections, 0);
    });
  }

  test("a refusal names the address and its range, e.g. cloud metadata", async () => {
    const delivery = await t.webhook("http://169.254.169.254/latest/meta-data/");
    assert.match(
      delivery.lastError ?? "",
      /169\.254\.169\.254:80: 169\.254\.169\.254 is a cloud metadata address/,
    );
    const viaName = await t.webhook(`http://localhost:${http.port}/named`);
    assert.match(
      viaName.lastError ?? "",
      /localhost resolves to .*loopback address; refused by the outbound policy/,
    );
  });
});

describe("outbound policy with loopback allowed (127.0.0.1/32, ::1/128)", () => {
  const svc = useServiceApp("sqlite", { vulnDb, outbound: { allow: ["127.0.0.1/32", "::1/128"] } });
  const t = tenant(svc);
  /** Bound on 127.0.0.2: loopback, but outside the allow-list. */
  let outside: Listener;
  let http: Listener;
  let tcp: Listener;
  before(async () => {
    await t.start("probe-on");
    outside = await listen("127.0.0.2", emptyRegistry);
    http = await listen("127.0.0.1", (req, res) => {
      if (req.method === "POST") {
        res.writeHead(204);
        res.end();
      } else emptyRegistry(req, res);
    });
    tcp = await listen("127.0.0.1");
  });
  after(async () => {
    await outside.close();
    await http.close();
    await tcp.close();
  });

  for (const [i, form] of forms(0).entries()) {
    if (form.name === "169.254.169.254") {
      test("metadata stays refused: the allow-list opens only what it names", async () => {
        const id = await t.registry("reg-on-metadata", forms(http.port)[i]!.http);
        assert.match((await pollRegistry(svc.ctx, id)).error ?? "", REFUSED);
      });
      continue;
    }
    test(`registry, webhook and SSH target at ${form.name} are reached`, async () => {
      const before = http.connections;
      const id = await t.registry(`reg-on-${i}`, forms(http.port)[i]!.http);
      const polled = await pollRegistry(svc.ctx, id);
      assert.equal(polled.error, null);
      assert.equal(polled.listed, true);
      assert.ok(http.connections > before);

      const delivery = await t.webhook(`${forms(http.port)[i]!.http}/hook`);
      assert.deepEqual(
        [delivery.status, delivery.lastStatusCode, delivery.lastError],
        ["delivered", 204, null],
      );

      const tcpBefore = tcp.connections;
      const outcome = await t.ssh(`ssh-on-${i}`, form.ssh, tcp.port);
      assert.equal(outcome.outcome, "failed", "the listener is no SSH server");
      const error = "error" in outcome ? outcome.error : "";
      assert.match(error, new RegExp(`cannot connect to .*:${tcp.port}`));
      assert.doesNotMatch(error, /ECONN|refused by/);
      assert.equal(tcp.connections, tcpBefore + 1);
    });
  }

  test("a redirect from an allowed registry to an address outside the allow-list is refused", async () => {
    const redirecting = await listen("127.0.0.1", (req, res) => {
      res.writeHead(307, { location: `http://127.0.0.2:${outside.port}${req.url}` });
      res.end();
    });
    try {
      const id = await t.registry("reg-redirect", `http://127.0.0.1:${redirecting.port}`);
      const polled = await pollRegistry(svc.ctx, id);
      assert.match(polled.error ?? "", /GET http:\/\/127\.0\.0\.2:\d+\/v2\/team\/app\/tags\/list\?n=100: /);
      assert.match(polled.error ?? "", /127\.0\.0\.2 is a loopback address; refused by the outbound policy/);
      assert.equal(redirecting.connections > 0, true);
      assert.equal(outside.connections, 0);
    } finally {
      await redirecting.close();
    }
  });

  test("a bearer realm outside the allow-list is refused (no credentials, no connection)", async () => {
    const challenging = await listen("127.0.0.1", (_req, res) => {
      res.writeHead(401, { "www-authenticate": `Bearer realm="http://127.0.0.2:${outside.port}/token"` });
      res.end();
    });
    try {
      const id = await t.registry("reg-realm", `http://127.0.0.1:${challenging.port}`);
      assert.match((await pollRegistry(svc.ctx, id)).error ?? "", REFUSED);
      assert.equal(outside.connections, 0);
    } finally {
      await challenging.close();
    }
  });

  test("a registry whose URL moves to another origin loses its password: the new origin gets no Authorization", async () => {
    const basicOnly = (req: IncomingMessage, res: ServerResponse) => {
      if (req.headers.authorization === undefined) {
        res.writeHead(401, { "www-authenticate": 'Basic realm="r"' });
        res.end();
      } else emptyRegistry(req, res);
    };
    const first = await listen("127.0.0.1", basicOnly);
    const moved = await listen("127.0.0.1", basicOnly);
    try {
      const id = await t.registry("reg-moves", `http://127.0.0.1:${first.port}`, {
        username: "ci",
        password: PASSWORD,
      });
      assert.equal((await pollRegistry(svc.ctx, id)).error, null);
      const basic = `Basic ${Buffer.from(`ci:${PASSWORD}`).toString("base64")}`;
      assert.ok(first.authorizations.includes(basic), "the registry's own origin got the credentials");

      const patched = await t.patchRegistry(id, { url: `http://127.0.0.1:${moved.port}` });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      assert.deepEqual([patched.body.username, patched.body.hasPassword], [null, false]);
      const polled = await pollRegistry(svc.ctx, id);
      assert.match(polled.error ?? "", /asks for a user name and password/);
      assert.ok(moved.authorizations.length > 0);
      assert.deepEqual(
        moved.authorizations.filter((a) => a !== ""),
        [],
        "no Authorization header reached the new origin",
      );

      // New credentials given with the URL change go to the new origin.
      const again = await t.patchRegistry(id, {
        url: `http://localhost:${moved.port}`,
        username: "ci2",
        password: "new-password",
      });
      assert.deepEqual([again.body.username, again.body.hasPassword], ["ci2", true]);
      assert.equal((await pollRegistry(svc.ctx, id)).error, null);
      assert.ok(moved.authorizations.includes(`Basic ${Buffer.from("ci2:new-password").toString("base64")}`));
      assert.ok(!moved.authorizations.includes(basic));

      // A change that keeps the origin keeps the credentials.
      const renamed = await t.patchRegistry(id, { url: `http://localhost:${moved.port}/`, name: "kept" });
      assert.deepEqual([renamed.body.username, renamed.body.hasPassword], ["ci2", true]);
    } finally {
      await first.close();
      await moved.close();
    }
  });
});
