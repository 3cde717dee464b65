import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { after, before, describe, test } from "node:test";
import type { DatabaseLocation } from "../../src/service/db/connect.js";
import { decodeStoredInventory } from "../../src/service/resources/inventory-codec.js";
import { closeContext, openContext } from "../../src/service/runtime.js";
import { createAccount } from "../../src/service/tenancy/accounts.js";
import {
  createTestDatabase,
  dialects,
  expressLodashInventory,
  type TestDatabase,
  testVulnDb,
} from "../../src/service/test-support/fixtures.js";
import { vigilArgs } from "../support/cli.js";

function dbArgs(location: DatabaseLocation): string[] {
  return "data" in location ? ["--data", location.data] : ["--database", location.url];
}

/** Starts `vigil server` on a free port; resolves with its URL once it listens. */
function startServer(
  location: DatabaseLocation,
  vulnDb: string,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    vigilArgs(
      "server",
      "--listen",
      "127.0.0.1:0",
      "--vuln-db",
      vulnDb,
      "--log-level",
      "warn",
      ...dbArgs(location),
    ),
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  return new Promise((resolveStart, reject) => {
    let err = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m?.[1]) resolveStart({ child, url: m[1] });
    });
    child.on("exit", (code) => reject(new Error(`vigil server exited with ${code}: ${err}`)));
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((r) => child.once("exit", (code, signal) => r({ code, signal })));
}

const vulnDb = await testVulnDb();
const inventory = await expressLodashInventory();

/** Creates an account the way `vigil accounts create` does, in this process; returns its key. */
async function newAccountKey(location: DatabaseLocation): Promise<string> {
  const ctx = await openContext({ database: location, vulnDb });
  try {
    return (await createAccount(ctx, "durable")).key.key;
  } finally {
    await closeContext(ctx);
  }
}

// The dialects run side by side: each spawns real server processes, which is slow on a loaded machine.
describe("vigil server process", { concurrency: true }, async () => {
  for (const { dialect, skip } of await dialects()) {
    describe(`durability and shutdown (${dialect})`, { skip }, () => {
      let tdb: TestDatabase;
      const children: ChildProcess[] = [];
      before(async () => {
        tdb = await createTestDatabase(dialect);
      });
      after(async () => {
        for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
        await tdb.drop();
      });

      test("an inventory answered 200 is in the database after SIGKILL right after the response", async () => {
        const auth = {
          authorization: `Bearer ${await newAccountKey(tdb.location)}`,
          "content-type": "application/json",
        };
        const server = await startServer(tdb.location, vulnDb);
        children.push(server.child);
        const res = await fetch(`${server.url}/v1/inventories`, {
          method: "POST",
          headers: auth,
          body: JSON.stringify({
            resource: { type: "repository", name: "github.com/acme/durable" },
            inventory,
          }),
        });
        server.child.kill("SIGKILL");
        assert.equal(res.status, 200);
        const body = (await res.json()) as { resource: { id: string } };
        assert.equal((await exited(server.child)).signal, "SIGKILL");

        // Restart the service layer on the same database and read what the killed server committed.
        const ctx = await openContext({ database: tdb.location, vulnDb });
        try {
          const stored = await ctx.sdb.db
            .selectFrom("resource_inventories")
            .select("document")
            .where("resource_id", "=", body.resource.id)
            .executeTakeFirst();
          const inv = decodeStoredInventory(stored?.document ?? "", "the stored inventory");
          assert.ok(inv.packages.some((c) => c.name === "lodash" && c.version === "4.17.15"));
          const findings = await ctx.sdb.db
            .selectFrom("findings")
            .select(["vulnerability_id", "status"])
            .where("resource_id", "=", body.resource.id)
            .execute();
          assert.deepEqual(findings, [{ vulnerability_id: "NSWG-ECO-516", status: "ACTIVE" }]);
        } finally {
          await closeContext(ctx);
        }
      });

      // Once is enough: the signal handling does not depend on the database.
      if (dialect === "sqlite")
        test("SIGTERM stops the server with exit code 0 after answering", async () => {
          const server = await startServer(tdb.location, vulnDb);
          children.push(server.child);
          assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
          server.child.kill("SIGTERM");
          assert.deepEqual(await exited(server.child), { code: 0, signal: null });
        });
    });
  }
});
