import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import type { HostReport } from "../host/collect.js";
import { ReportQueue } from "./queue.js";
import { systemdUnit } from "./systemd.js";

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function stateDir(): string {
  const d = mkdtempSync(join(tmpdir(), "vigil-agent-queue-"));
  dirs.push(d);
  return d;
}

function report(host: string, packages: number): HostReport {
  return {
    resource: { type: "host", name: host },
    inventory: {
      target: { kind: "host", ref: host },
      packages: Array.from({ length: packages }, (_, i) => ({
        name: `p${i}`,
        version: "1.0",
        ecosystem: "Debian:12",
        purl: `pkg:deb/debian/p${i}@1.0`,
        locations: ["var/lib/dpkg/status"],
        foundBy: "dpkg",
      })),
      runtimes: [],
      problems: [],
      createdAt: new Date().toISOString(),
    },
    collector: { kind: "agent" },
  };
}

test("queue: a newer report of a host supersedes its unsent one; sending the old one does not drop the new", async () => {
  const dir = stateDir();
  const q = new ReportQueue(dir);
  await q.open();
  const old = await q.put(report("web-1", 1));
  const newer = await q.put(report("web-1", 2));
  await q.put(report("web-2", 3));
  const pending = await q.pending();
  assert.deepEqual(pending.map((p) => [p.hostName, p.report.inventory.packages.length]).sort(), [
    ["web-1", 2],
    ["web-2", 3],
  ]);
  await q.done(old); // a send of the superseded report finished late
  assert.equal(await q.size(), 2);
  await q.done(newer);
  assert.deepEqual(
    (await q.pending()).map((p) => p.hostName),
    ["web-2"],
  );
  // A fresh queue on the same directory (an agent restart) finds it.
  assert.equal(await new ReportQueue(dir).size(), 1);
});

test("queue: bounded in reports and bytes; leftovers of a crashed write and foreign files are cleared", async () => {
  const dir = stateDir();
  const q = new ReportQueue(dir, { limits: { maxReports: 2, maxReportBytes: 4000 } });
  await q.open();
  await q.put(report("a", 1));
  await new Promise((r) => setTimeout(r, 20));
  await q.put(report("b", 1));
  await new Promise((r) => setTimeout(r, 20));
  await q.put(report("c", 1));
  assert.deepEqual(
    (await q.pending()).map((p) => p.hostName),
    ["b", "c"],
    "the oldest report is dropped",
  );
  await assert.rejects(q.put(report("d", 100)), /more than the 4000 the queue keeps/);

  writeFileSync(join(q.dir, "0123.json.tmp-1-abcd"), "half a report");
  writeFileSync(join(q.dir, "garbage.json"), "{not json");
  await new ReportQueue(dir).open();
  assert.ok(!readdirSync(q.dir).some((n) => n.includes(".tmp-")), "temporary files removed at open");
  assert.deepEqual(
    (await q.pending()).map((p) => p.hostName),
    ["b", "c"],
  );
  assert.ok(readdirSync(q.rejectedDir).includes("garbage.json.unreadable"));
});

test("queue: a report the server refuses moves to rejected/, keeping the newest few", async () => {
  const dir = stateDir();
  const q = new ReportQueue(dir, { limits: { maxRejected: 2 } });
  await q.open();
  for (let i = 0; i < 3; i++) {
    const r = await q.put(report("web-1", i));
    await q.reject(r);
    await new Promise((res) => setTimeout(res, 5));
  }
  assert.equal(await q.size(), 0);
  assert.equal(readdirSync(q.rejectedDir).length, 2);
});

test("systemd unit: key in an EnvironmentFile, no restart on exit code 2, arguments escaped", () => {
  const unit = systemdUnit({
    execStart: "/usr/bin/vigil",
    stateDir: "/var/lib/vigil-agent",
    flags: ["--name", "web 1", "--heartbeat", "1m"],
  });
  assert.match(unit, /^EnvironmentFile=\/etc\/vigil\/agent\.env$/m);
  assert.match(
    unit,
    /^ExecStart=\/usr\/bin\/vigil agent --state-dir \/var\/lib\/vigil-agent --name "web 1" --heartbeat 1m$/m,
  );
  assert.match(unit, /^RestartPreventExitStatus=2$/m);
  assert.match(unit, /^StateDirectory=vigil-agent$/m);
  assert.doesNotMatch(unit, /--token/, "no key on the command line");
});
