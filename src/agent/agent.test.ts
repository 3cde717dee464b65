import assert from "node:assert/strict";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { FEEDS, sharedScanDb } from "../scan/test-support/vulndb.js";
import type { ResourceView } from "../service/resources/resources.js";
import { createAccount } from "../service/tenancy/accounts.js";
import { useServiceApp } from "../service/test-support/app.js";
import { dialects } from "../service/test-support/fixtures.js";
import { Agent, type AgentExit } from "./agent.js";
import { copyDpkgRoot, debianRoot, OPENSSL_STANZA, opensslFindings } from "./test-support/roots.js";

/** Matches Debian packages: the real DSA/DLA lists (bullseye entries; the snapshot predates bookworm). */
const vulnDbPath = await sharedScanDb([join(FEEDS, "debian")]);
/** The real debootstrap'd bullseye minbase root (Debian 11.11: libssl1.1 1.1.1w-0+deb11u1, fixed). */
const bullseye = await debianRoot("bullseye");

/** Changes the status file the way dpkg does: a new file renamed over the old one. */
function writeStatus(root: string, text: string): void {
  const status = join(root, "var/lib/dpkg/status");
  writeFileSync(`${status}-new`, text);
  renameSync(`${status}-new`, status);
}

/** A root with the real dpkg database, this machine's /proc/net tables and kernel release. */
function hostRoot(): string {
  const root = copyDpkgRoot(bullseye);
  mkdirSync(join(root, "proc/net"), { recursive: true });
  mkdirSync(join(root, "proc/sys/kernel"), { recursive: true });
  for (const t of ["tcp", "tcp6", "udp", "udp6"]) {
    if (existsSync(join("/proc/net", t)))
      writeFileSync(join(root, "proc/net", t), readFileSync(join("/proc/net", t)));
  }
  writeFileSync(join(root, "proc/sys/kernel/osrelease"), readFileSync("/proc/sys/kernel/osrelease"));
  return root;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, log: () => string): Promise<T> {
  // No time assertion: a generous bound only keeps a broken agent from hanging the run.
  for (let i = 0; i < 1200; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}; agent log:\n${log()}`);
}

for (const { dialect, skip } of await dialects()) {
  describe(`host agent (${dialect})`, { skip }, () => {
    const svc = useServiceApp(dialect, { vulnDb: vulnDbPath });
    let port = 0;
    let key = "";
    const cleanup: string[] = [];
    const running: Agent[] = [];

    async function listen(): Promise<void> {
      await svc.app.listen({ host: "127.0.0.1", port });
      port = (svc.app.server.address() as AddressInfo).port;
    }

    before(async () => {
      await listen();
      key = (await createAccount(svc.ctx, "agents")).key.key;
    });
    after(async () => {
      for (const a of running) await a.stop();
      for (const d of cleanup) rmSync(d, { recursive: true, force: true });
    });

    /** Heartbeats are off (an hour) unless asked: only the watch can notice a change. */
    function startAgent(
      root: string,
      stateDir: string,
      hostName: string,
      token = key,
      heartbeatMs = 3_600_000,
    ) {
      const lines: string[] = [];
      const agent = new Agent({
        server: `http://127.0.0.1:${port}`,
        token,
        root,
        stateDir,
        hostName,
        heartbeatMs,
        debounceMs: 200,
        minRetryMs: 100,
        maxRetryMs: 400,
        log: (level, m) => lines.push(`${level}: ${m}`),
      });
      running.push(agent);
      return { agent, lines, log: () => lines.join("\n") };
    }

    function dirs(): { root: string; stateDir: string } {
      const root = hostRoot();
      const stateDir = mkdtempSync(join(tmpdir(), "vigil-agent-state-"));
      cleanup.push(root, stateDir);
      return { root, stateDir };
    }

    async function host(name: string): Promise<ResourceView | undefined> {
      const res = await svc.call<{ items: ResourceView[] }>(key, "GET", "/v1/resources?type=host&limit=500");
      return res.body.items.find((r) => r.name === name && r.inventoryAt !== null);
    }

    test("installing a vulnerable package on a watched root updates the host's findings; the host shows its agent", async () => {
      const { root, stateDir } = dirs();
      const { agent, log } = startAgent(root, stateDir, "web-1");
      await agent.start();

      const first = await until("the first inventory", () => host("web-1"), log);
      assert.equal(first.collector?.kind, "agent");
      assert.equal(first.collector?.kernel, readFileSync("/proc/sys/kernel/osrelease", "utf8").trim());
      assert.ok(Array.isArray(first.collector?.listeningPorts), "listening ports are reported");
      assert.notEqual(first.lastAgentSeenAt, null);
      assert.deepEqual(
        await opensslFindings(svc, key, first.id),
        [],
        "libssl1.1 1.1.1w is fixed: no finding yet",
      );
      const inv = await svc.call<{ components: { name: string }[] }>(
        key,
        "GET",
        `/v1/resources/${first.id}/inventory`,
      );
      assert.ok(
        inv.body.components.some((c) => c.name === "libssl1.1"),
        "the dpkg packages were inventoried",
      );

      writeStatus(root, `${readFileSync(join(root, "var/lib/dpkg/status"), "utf8")}${OPENSSL_STANZA}`);
      const found = await until(
        "the openssl finding",
        async () => {
          const f = await opensslFindings(svc, key, first.id);
          return f.length > 0 ? f : undefined;
        },
        log,
      );
      assert.equal(found[0]?.package?.name, "openssl");
      assert.equal(found[0]?.package?.version, "1.1.1n-0+deb11u3");
      // The server commits before it answers: wait for the agent to read the answer and unqueue.
      await until("the agent to take the answer", async () => (agent.sent >= 2 ? true : undefined), log);
      await agent.stop();
      assert.deepEqual(readdirSync(join(stateDir, "pending")), [], "nothing left queued");
    });

    test("a change made while the server is down arrives once it is back; a restarted agent sends what it had queued", async () => {
      const { root, stateDir } = dirs();
      const a = startAgent(root, stateDir, "web-2");
      await a.agent.start();
      const h = await until("the first inventory", () => host("web-2"), a.log);

      // Outage 1: the running agent keeps the report and retries until the server is back.
      await svc.app.close();
      writeStatus(root, `${readFileSync(join(root, "var/lib/dpkg/status"), "utf8")}${OPENSSL_STANZA}`);
      await until("a failed send", async () => (/cannot send/.test(a.log()) ? true : undefined), a.log);
      assert.equal(readdirSync(join(stateDir, "pending")).length, 1, "the report waits on disk");
      await svc.restart();
      await listen();
      await until(
        "the openssl finding after the outage",
        async () => ((await opensslFindings(svc, key, h.id)).length > 0 ? true : undefined),
        a.log,
      );

      // Outage 2: the agent stops with a report queued; the next agent sends it first.
      await svc.app.close();
      writeStatus(root, readFileSync(join(bullseye, "var/lib/dpkg/status"), "utf8"));
      await until(
        "the queued removal",
        async () => (/cannot send[\s\S]*cannot send/.test(a.log()) ? true : undefined),
        a.log,
      );
      await a.agent.stop();
      assert.equal(readdirSync(join(stateDir, "pending")).length, 1, "the report survives the agent");
      await svc.restart();
      await listen();
      const restartedAt = new Date().toISOString();
      const b = startAgent(root, stateDir, "web-2");
      await b.agent.start();
      await until(
        "the openssl finding to close",
        async () =>
          (await opensslFindings(svc, key, h.id)).length === 0 && /sent \(queued/.test(b.log())
            ? true
            : undefined,
        b.log,
      );
      const queuedAt = /sent \(queued ([^)]+)\)/.exec(b.log())?.[1];
      assert.ok(
        queuedAt !== undefined && queuedAt < restartedAt,
        `the first report sent was the queued one:\n${b.log()}`,
      );
      await b.agent.stop();
    });

    test("heartbeats move lastAgentSeenAt; a change the watch cannot see (the dpkg directory replaced) is caught at the next heartbeat", async () => {
      const { root, stateDir } = dirs();
      const a = startAgent(root, stateDir, "web-4", key, 300);
      await a.agent.start();
      const first = await until("the first inventory", () => host("web-4"), a.log);
      svc.clock.advance(60_000);
      const later = await until(
        "a heartbeat",
        async () => {
          const h = await host("web-4");
          return h !== undefined && h.lastAgentSeenAt !== first.lastAgentSeenAt ? h : undefined;
        },
        a.log,
      );
      assert.equal(later.inventoryAt, first.inventoryAt, "a heartbeat is not an inventory");

      // Replace var/lib/dpkg as a whole: the watch stays on the old directory and sees nothing.
      const dpkg = join(root, "var/lib/dpkg");
      cpSync(dpkg, `${dpkg}.new`, { recursive: true });
      writeFileSync(
        join(`${dpkg}.new`, "status"),
        `${readFileSync(join(dpkg, "status"), "utf8")}${OPENSSL_STANZA}`,
      );
      renameSync(dpkg, `${dpkg}.old`);
      renameSync(`${dpkg}.new`, dpkg);
      await until(
        "the openssl finding",
        async () => ((await opensslFindings(svc, key, first.id)).length > 0 ? true : undefined),
        a.log,
      );
      assert.match(a.log(), /change seen at heartbeat/);
      await a.agent.stop();
    });

    test("a token the server refuses stops the agent (exit 2) and keeps the report queued", async () => {
      const { root, stateDir } = dirs();
      const a = startAgent(root, stateDir, "web-3", "vigil_nope_nope");
      await a.agent.start();
      const exit: AgentExit = await a.agent.done;
      assert.equal(exit.code, 2);
      assert.match(a.log(), /401/);
      assert.equal(readdirSync(join(stateDir, "pending")).length, 1);
    });
  });
}
