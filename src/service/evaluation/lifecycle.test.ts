/**
 * The findings lifecycle's scope: a pass owns the finding types (and packages) it says, and never
 * creates, refreshes or closes another pass's findings.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Finding } from "../../model/finding.js";
import type { ServiceEvent } from "../events/events.js";
import { createResource } from "../resources/resources.js";
import { closeContext, type DbServiceContext, openContext } from "../runtime.js";
import { createAccount } from "../tenancy/accounts.js";
import {
  createTestDatabase,
  dialects,
  npmInventory,
  TestClock,
  type TestDatabase,
  testVulnDb,
} from "../test-support/fixtures.js";
import { evaluateResource } from "./evaluate-resource.js";
import { applyFindings, type FindingScope } from "./lifecycle.js";

const CODE: FindingScope = { types: ["CODE_VULNERABILITY"] };

/** A code finding as a code pass would give it (the lifecycle reads only its id, type and columns). */
function codeFinding(id: string): Finding {
  return {
    id,
    type: "CODE_VULNERABILITY",
    vulnerabilityId: "vigil.js.command-injection",
    aliases: [],
    title: "command injection",
    fixedVersions: [],
    fixAvailable: "NO",
    remediation: "do not build shell commands from input",
    cvss: [],
    references: [],
    severity: "HIGH",
    risk: { score: 7, severity: "HIGH", breakdown: [] },
    status: "ACTIVE",
  };
}

for (const { dialect, skip } of await dialects()) {
  describe(`findings lifecycle scope (${dialect})`, { skip }, () => {
    let tdb: TestDatabase;
    let ctx: DbServiceContext;
    const clock = new TestClock();
    before(async () => {
      tdb = await createTestDatabase(dialect);
      ctx = await openContext({ database: tdb.location, vulnDb: await testVulnDb(), now: clock.now });
    });
    after(async () => {
      await closeContext(ctx);
      await tdb.drop();
    });

    const open = async (resourceId: string) =>
      (
        await ctx.sdb.db
          .selectFrom("findings")
          .select(["type", "status"])
          .where("resource_id", "=", resourceId)
          .execute()
      )
        .filter((f) => f.status !== "CLOSED")
        .map((f) => f.type)
        .sort();

    test("a code pass never closes package findings, and a package re-match never closes code findings", async () => {
      const { account } = await createAccount(ctx, "scope");
      const { id } = await createResource(ctx, {
        accountId: account.id,
        type: "repository",
        name: "shop",
        tags: {},
      });
      const first = await evaluateResource(ctx, id, npmInventory(["lodash", "4.17.15"]));
      assert.ok(first.created > 0, "lodash 4.17.15 has package findings");
      const packageFindings = first.created;

      const apply = async (findings: Finding[]) => {
        const resource = await ctx.sdb.db
          .selectFrom("resources")
          .selectAll()
          .where("id", "=", id)
          .executeTakeFirstOrThrow();
        const events: ServiceEvent[] = [];
        const counts = await ctx.sdb.db
          .transaction()
          .execute((trx) =>
            applyFindings(trx, [{ resource, findings, scope: CODE }], clock.now().toISOString(), events),
          );
        return { counts, events };
      };
      clock.advance();
      const created = await apply([codeFinding("code-1")]);
      assert.deepEqual(created.counts, { created: 1, updated: 0, reopened: 0, closed: 0 });
      assert.equal((await open(id)).filter((t) => t === "PACKAGE_VULNERABILITY").length, packageFindings);

      // The package pass runs again: the code finding is not its own, it stays open.
      clock.advance();
      const again = await evaluateResource(ctx, id);
      assert.equal(again.closed, 0);
      assert.ok((await open(id)).includes("CODE_VULNERABILITY"));

      // The code pass finds nothing now: only its own finding closes.
      clock.advance();
      const gone = await apply([]);
      assert.deepEqual(gone.counts, { created: 0, updated: 0, reopened: 0, closed: 1 });
      assert.deepEqual(
        gone.events.map((e) => [e.type, e.subjectId]),
        [["finding.closed", "code-1"]],
      );
      assert.deepEqual(await open(id), Array(packageFindings).fill("PACKAGE_VULNERABILITY"));
    });
  });
}
