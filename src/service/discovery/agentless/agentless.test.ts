import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  copyDpkgRoot,
  debianRoot,
  OPENSSL_STANZA,
  opensslFindings,
} from "../../../agent/test-support/roots.js";
import { collectHost } from "../../../host/collect.js";
import { FEEDS, sharedScanDb } from "../../../scan/test-support/vulndb.js";
import { Scheduler } from "../../core/scheduler.js";
import type { ResourceView } from "../../resources/resources.js";
import { createWorker } from "../../runtime.js";
import { createAccount } from "../../tenancy/accounts.js";
import { useServiceApp } from "../../test-support/app.js";
import { dialects } from "../../test-support/fixtures.js";
import { configureHybrid, DEFAULT_AGENT_LIVE_MS } from "./scan.js";
import type { AgentlessTargetView } from "./targets.js";
import { type Sshd, sshdSkipReason, startSshd } from "./test-support/sshd.js";

// PostgreSQL contexts have no data directory to keep a generated key in.
process.env.VIGIL_SECRET_KEY ??= randomBytes(32).toString("base64");

/** Matches Debian packages: the real DSA/DLA lists (bullseye entries). */
const vulnDbPath = await sharedScanDb([join(FEEDS, "debian")]);
/** The real debootstrap'd bullseye minbase root (../shared/feeds/artifacts; libssl1.1 1.1.1w, fixed). */
const bullseye = await debianRoot("bullseye");

const skipSshd = sshdSkipReason();

for (const { dialect, skip } of await dialects()) {
  describe(`agentless SSH scanning (${dialect})`, { skip: skip || skipSshd }, () => {
    const svc = useServiceApp(dialect, { vulnDb: vulnDbPath });
    let sshd: Sshd;
    let key = "";
    /** The host as sshd serves it: the real Debian root with an old openssl, and this machine's /proc. */
    let vulnerableRoot = "";
    const cleanup: string[] = [];

    before(async () => {
      sshd = await startSshd();
      key = (await createAccount(svc.ctx, "ops")).key.key;
      vulnerableRoot = copyDpkgRoot(bullseye);
      cleanup.push(vulnerableRoot);
      const status = join(vulnerableRoot, "var/lib/dpkg/status");
      writeFileSync(status, `${readFileSync(status, "utf8")}${OPENSSL_STANZA}`);
      symlinkSync("/proc", join(vulnerableRoot, "proc"));
    });
    after(async () => {
      await sshd?.stop();
      for (const d of cleanup) rmSync(d, { recursive: true, force: true });
    });

    /** One round of periodic work: the scheduler enqueues what is due, a worker runs every job. */
    async function runDue(): Promise<void> {
      await new Scheduler(svc.ctx).tick();
      await createWorker(svc.ctx).drain();
    }

    async function register(body: Record<string, unknown>) {
      return svc.call<AgentlessTargetView & { error?: { code: string; message: string } }>(
        key,
        "POST",
        "/v1/hosts/ssh",
        {
          address: "127.0.0.1",
          port: sshd.port,
          username: sshd.username,
          privateKey: sshd.clientKey,
          root: vulnerableRoot,
          ...body,
        },
      );
    }

    const resource = async (id: string) =>
      (await svc.call<ResourceView>(key, "GET", `/v1/resources/${id}`)).body;
    const target = async (id: string) =>
      (await svc.call<AgentlessTargetView>(key, "GET", `/v1/hosts/ssh/${id}`)).body;
    test("an agentless host gets findings over SSH, with its key sealed at rest and its host key pinned", async () => {
      const res = await register({ name: "db-1", hostKey: sshd.hostKeyLine });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.hostKeySource, "pinned");
      assert.equal(res.body.scanMode, "AGENTLESS", "no agent: hybrid falls back to agentless at once");
      assert.equal(JSON.stringify(res.body).includes("PRIVATE KEY"), false, "the key is never shown");
      const stored = await svc.ctx.sdb.db
        .selectFrom("agentless_targets")
        .select("private_key")
        .where("resource_id", "=", res.body.resourceId)
        .executeTakeFirstOrThrow();
      assert.match(stored.private_key, /^v1\./, "sealed");
      assert.equal(stored.private_key.includes("OPENSSH"), false);

      await runDue();
      const t = await target(res.body.resourceId);
      assert.equal(t.lastError, null, `${t.lastError}\nsshd log:\n${sshd.log()}`);
      assert.notEqual(t.lastScanAt, null);
      const found = await opensslFindings(svc, key, res.body.resourceId);
      assert.equal(found.length, 1, "the old openssl read over SFTP is vulnerable");
      assert.equal(found[0]?.package?.version, "1.1.1n-0+deb11u3");
      const r = await resource(res.body.resourceId);
      assert.equal(r.collector?.kind, "agentless");
      assert.equal(r.scanMode, "AGENTLESS");
      assert.equal(r.coverage.status, "SCANNING");
      assert.equal(
        r.collector?.kernel,
        readFileSync("/proc/sys/kernel/osrelease", "utf8").trim(),
        "kernel via /proc",
      );
      const inv = await svc.call<{ components: { name: string }[] }>(
        key,
        "GET",
        `/v1/resources/${r.id}/inventory`,
      );
      assert.ok(
        inv.body.components.some((c) => c.name === "libssl1.1"),
        "the whole dpkg database was read",
      );

      // Not due again until its interval (24 h) has passed.
      await runDue();
      svc.clock.advance(24 * 3_600_000);
      const before = (await target(r.id)).lastScanAt;
      await runDue();
      assert.notEqual((await target(r.id)).lastScanAt, before, "scanned again a day later");
    });

    test("without a pinned key the first key is recorded, then enforced", async () => {
      const res = await register({ name: "tofu-1" });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.hostKey, null);
      await runDue();
      const t = await target(res.body.resourceId);
      assert.equal(t.lastError, null, t.lastError ?? "");
      assert.equal(t.hostKeySource, "first-use");
      assert.equal(
        t.hostKey,
        sshd.hostKeyLine.split(" ").slice(0, 2).join(" "),
        "the server's key was recorded",
      );
    });

    test("a host key mismatch is refused, and the host's coverage says why", async () => {
      const res = await register({ name: "evil-1", hostKey: sshd.otherHostKeyLine });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      await runDue();
      const r = await resource(res.body.resourceId);
      assert.equal(r.coverage.status, "NOT_SCANNING");
      assert.equal(r.coverage.reason, "ERROR");
      assert.match(
        r.coverage.detail ?? "",
        /SSH host key mismatch: the server presented ssh-ed25519 SHA256:/,
      );
      assert.match(r.coverage.detail ?? "", /set hostKey again/);
      assert.equal(r.inventoryAt, null, "nothing was read from the host");
      assert.match((await target(r.id)).lastError ?? "", /host key mismatch/);
      assert.deepEqual(await opensslFindings(svc, key, r.id), []);
    });

    test("a host tagged vigil:exclude is not connected to", async () => {
      const res = await register({
        name: "excluded-1",
        hostKey: sshd.hostKeyLine,
        tags: { "vigil:exclude": "" },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      await runDue();
      const r = await resource(res.body.resourceId);
      assert.equal(r.coverage.reason, "EXCLUDED_BY_TAG");
      assert.equal(r.inventoryAt, null);
      assert.equal((await target(r.id)).lastScanAt, null, "no scan ran");
    });

    test("registration refuses a bad private key or host key, naming the field", async () => {
      const bad = await register({ name: "bad-1", privateKey: "not a key" });
      assert.equal(bad.status, 400);
      assert.match(bad.body.error?.message ?? "", /^privateKey: not a usable SSH private key/);
      const badHost = await register({ name: "bad-2", hostKey: "ssh-ed25519 !!!" });
      assert.equal(badHost.status, 400);
      assert.match(badHost.body.error?.message ?? "", /^hostKey: not an SSH host key/);
      const again = await register({ name: "db-1" });
      assert.equal(again.status, 409, "a host is registered once");
    });

    test("hybrid mode: the live agent scans the host; when it goes silent, agentless takes over", async () => {
      await configureHybrid(svc.ctx, DEFAULT_AGENT_LIVE_MS);
      // The host's agent reports a clean root (no openssl).
      const clean = copyDpkgRoot(bullseye);
      cleanup.push(clean);
      const report = await collectHost(clean, "app-1", { now: svc.ctx.now });
      const sent = await svc.call<{ resource: ResourceView }>(key, "POST", "/v1/inventories", report);
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      const id = sent.body.resource.id;

      const reg = await register({ name: "app-1", hostKey: sshd.hostKeyLine });
      assert.equal(reg.status, 201, JSON.stringify(reg.body));
      assert.equal(reg.body.resourceId, id, "the agent's host and the SSH host are one resource");
      assert.equal(reg.body.scanMode, "AGENT");

      await runDue();
      let r = await resource(id);
      assert.equal(r.scanMode, "AGENT");
      assert.equal(r.collector?.kind, "agent", "the agentless job skipped a host whose agent is live");
      assert.equal((await target(id)).lastScanAt, null, "no SSH connection was made");
      assert.deepEqual(await opensslFindings(svc, key, id), []);

      // The agent goes silent: no report for more than three heartbeats.
      svc.clock.advance(DEFAULT_AGENT_LIVE_MS + 60_000);
      await runDue(); // the hybrid sweep moves the host to agentless and queues its scan
      await createWorker(svc.ctx).drain();
      r = await resource(id);
      assert.equal(r.scanMode, "AGENTLESS");
      assert.equal(r.collector?.kind, "agentless", `${(await target(id)).lastError}`);
      assert.equal((await opensslFindings(svc, key, id)).length, 1, "agentless read the host as it is now");

      // The agent comes back: the host returns to its agent.
      const back = await svc.call(key, "POST", "/v1/inventories", report);
      assert.equal(back.status, 200);
      svc.clock.advance(DEFAULT_AGENT_LIVE_MS);
      await runDue();
      assert.equal((await resource(id)).scanMode, "AGENT");
    });

    test("a forced mode applies at once", async () => {
      const list = await svc.call<{ items: AgentlessTargetView[] }>(key, "GET", "/v1/hosts/ssh");
      const app = list.body.items.find((t) => t.name === "app-1");
      assert.ok(app);
      const forced = await svc.app.inject({
        method: "PATCH",
        url: `/v1/hosts/ssh/${app.resourceId}`,
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        payload: JSON.stringify({ mode: "agentless" }),
      });
      assert.equal(forced.statusCode, 200, forced.body);
      assert.equal((JSON.parse(forced.body) as AgentlessTargetView).scanMode, "AGENTLESS");
      assert.equal((await resource(app.resourceId)).scanMode, "AGENTLESS");
      const removed = await svc.call(key, "DELETE", `/v1/hosts/ssh/${app.resourceId}`);
      assert.equal(removed.status, 204);
      assert.equal((await svc.call(key, "GET", `/v1/hosts/ssh/${app.resourceId}`)).status, 404);
    });
  });
}
