import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CompiledQuery } from "kysely";
import { SORT_KEYS } from "../../evaluation/findings.js";
import { createTestDatabase, dialects } from "../../test-support/fixtures.js";
import { openServiceDb } from "../connect.js";
import { migrateToLatest } from "../migrate.js";

const COLUMN = {
  risk: "risk",
  severity: "severity_rank",
  updatedAt: "updated_at",
  firstObservedAt: "first_observed_at",
} as const;

for (const { dialect, skip } of await dialects()) {
  describe(`0009-dashboard: a findings page is read in index order (${dialect})`, { skip }, () => {
    test("every sort key of GET /v1/findings, one account, ACTIVE: no sort of the whole account", async () => {
      const tdb = await createTestDatabase(dialect);
      const sdb = openServiceDb(tdb.location);
      try {
        await migrateToLatest(sdb.db);
        for (const key of SORT_KEYS) {
          const col = COLUMN[key];
          // The query listFindings runs for the first page of one account (src/service/findings.ts).
          const q = sdb.db
            .selectFrom("findings")
            .selectAll("findings")
            .where("findings.account_id", "in", ["acc_1"])
            .where("findings.status", "in", ["ACTIVE"])
            .orderBy(`findings.${col}`, "desc")
            .orderBy("findings.resource_id", "desc")
            .orderBy("findings.id", "desc")
            .limit(51)
            .compile();
          // One connection: PostgreSQL's planner settings are per session.
          const plan = await sdb.db.connection().execute(async (c) => {
            if (dialect === "sqlite") {
              const r = await c.executeQuery<{ detail: string }>(
                CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters]),
              );
              return r.rows.map((x) => x.detail).join("\n");
            }
            // An empty table: make the planner show what it can do without a sort, not what is cheapest.
            await c.executeQuery(CompiledQuery.raw("set enable_seqscan = off"));
            await c.executeQuery(CompiledQuery.raw("set enable_sort = off"));
            const r = await c.executeQuery<{ "QUERY PLAN": string }>(
              CompiledQuery.raw(`explain ${q.sql}`, [...q.parameters]),
            );
            return r.rows.map((x) => x["QUERY PLAN"]).join("\n");
          });
          assert.doesNotMatch(plan, /TEMP B-TREE FOR ORDER BY|(^|\s)Sort\b/m, `${key}:\n${plan}`);
          assert.match(plan, /findings_page_/, `${key}:\n${plan}`);
        }
      } finally {
        await sdb.close();
        await tdb.drop();
      }
    });
  });
}
