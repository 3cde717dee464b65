import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { parseListen } from "../../src/cli/commands/server.js";
import { databaseLocation } from "../../src/service/db/location.js";
import { closeContext, openContext, startServer } from "../../src/service/runtime.js";
import { authenticate } from "../../src/service/tenancy/accounts.js";
import { createTestDatabase, dialects, testVulnDb } from "../../src/service/test-support/fixtures.js";
import { vigilArgs } from "../support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "vigil-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));

for (const { dialect, skip } of await dialects()) {
  test(`vigil accounts create --json prints an account id and an API key that authenticates (${dialect})`, {
    skip,
  }, async () => {
    const tdb = await createTestDatabase(dialect);
    try {
      const where = "data" in tdb.location ? ["--data", tdb.location.data] : ["--database", tdb.location.url];
      const r = spawnSync(
        process.execPath,
        vigilArgs("accounts", "create", "--name", "ops", "--json", ...where),
        {
          encoding: "utf8",
        },
      );
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { accountId: string; name: string; apiKey: string };
      assert.equal(out.name, "ops");
      const ctx = await openContext({ database: tdb.location, vulnDb: join(dir, "none.db") });
      try {
        assert.equal((await authenticate(ctx.sdb.db, out.apiKey))?.accountId, out.accountId);
        const stored = await ctx.sdb.db.selectFrom("api_keys").select("hash").execute();
        assert.ok(
          // The secret is everything after "vigil_<16-char id>_" (it may itself contain "_").
          stored.every((k) => !k.hash.includes(out.apiKey.slice("vigil_".length + 17))),
          "only the hash is stored",
        );
      } finally {
        await closeContext(ctx);
      }
    } finally {
      await tdb.drop();
    }
  });
}

test("--listen takes host:port, [v6]:port and :port, and names a bad value", () => {
  assert.deepEqual(parseListen("127.0.0.1:8080"), { host: "127.0.0.1", port: 8080 });
  assert.deepEqual(parseListen("[::1]:9000"), { host: "::1", port: 9000 });
  assert.deepEqual(parseListen(":8080"), { host: "0.0.0.0", port: 8080 });
  assert.throws(() => parseListen("8080"), /--listen: "8080" is not host:port/);
  assert.throws(() => parseListen("h:99999"), /--listen/);
});

test("--data and --database: one or the other, $VIGIL_DATABASE_URL, then the default data directory", () => {
  assert.deepEqual(databaseLocation({ data: "/d" }, {}), { data: "/d" });
  assert.deepEqual(databaseLocation({ database: "postgres://x/y" }, {}), { url: "postgres://x/y" });
  assert.deepEqual(databaseLocation({}, { VIGIL_DATABASE_URL: "postgres://e/f" }), { url: "postgres://e/f" });
  assert.deepEqual(databaseLocation({}, { VIGIL_DATA: "/v" }), { data: "/v" });
  assert.throws(() => databaseLocation({ data: "/d", database: "postgres://x/y" }, {}), /exclude each other/);
});

test("vigil server refuses to start without a vulnerability database, and says what to run", async () => {
  await assert.rejects(
    startServer({
      database: { data: join(dir, "data2") },
      vulnDb: join(dir, "missing.db"),
      host: "127.0.0.1",
      port: 0,
    }),
    /no vulnerability database at .*missing\.db: run `vigil db update`/,
  );
});

test("vigil server names the address it cannot listen on", async () => {
  const vulnDb = await testVulnDb();
  const first = await startServer({
    database: { data: join(dir, "data3") },
    vulnDb,
    host: "127.0.0.1",
    port: 0,
    logLevel: "warn",
  });
  try {
    const port = Number(new URL(first.url).port);
    await assert.rejects(
      startServer({
        database: { data: join(dir, "data4") },
        vulnDb,
        host: "127.0.0.1",
        port,
        logLevel: "warn",
      }),
      new RegExp(`--listen 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`),
    );
  } finally {
    await first.close();
  }
});

test("a non-PostgreSQL --database URL is refused with what to use instead", async () => {
  await assert.rejects(
    openContext({ database: { url: "mysql://localhost/x" }, vulnDb: "x" }),
    /only postgres:\/\/ URLs are supported \(use --data DIR for SQLite\)/,
  );
});
