import assert from "node:assert/strict";
import { type ClientRequest, request as httpRequest } from "node:http";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { closeContext, type DbServiceContext, openContext } from "../../runtime.js";
import { createAccount } from "../../tenancy/accounts.js";
import {
  createTestDatabase,
  dialects,
  TestClock,
  type TestDatabase,
  testVulnDb,
} from "../../test-support/fixtures.js";
import { buildApp } from "../app.js";

const vulnDbPath = await testVulnDb();

interface Account {
  id: string;
  key: string;
}

interface SseEvent {
  id: string;
  event: string;
  data: { id: string; type: string; accountId: string; subjectId: string };
}

/** An open event stream over real HTTP: the events parsed so far, and a way to wait for more. */
class Stream {
  readonly events: SseEvent[] = [];
  readonly #req: ClientRequest;
  #buffer = "";
  #waiters: (() => void)[] = [];
  status: Promise<number>;

  constructor(base: string, key: string | undefined, lastEventId?: string) {
    let setStatus: (s: number) => void = () => undefined;
    this.status = new Promise((ok) => {
      setStatus = ok;
    });
    this.#req = httpRequest(`${base}/v1/events/stream`, {
      headers: {
        ...(key === undefined ? {} : { authorization: `Bearer ${key}` }),
        ...(lastEventId === undefined ? {} : { "last-event-id": lastEventId }),
      },
    });
    this.#req.on("response", (res) => {
      setStatus(res.statusCode ?? 0);
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        this.#buffer += chunk;
        let i = this.#buffer.indexOf("\n\n");
        while (i >= 0) {
          const block = this.#buffer.slice(0, i);
          this.#buffer = this.#buffer.slice(i + 2);
          const fields = new Map(
            block
              .split("\n")
              .filter((l) => !l.startsWith(":") && l.includes(": "))
              .map((l) => [l.slice(0, l.indexOf(": ")), l.slice(l.indexOf(": ") + 2)]),
          );
          const data = fields.get("data");
          if (data !== undefined) {
            this.events.push({
              id: fields.get("id") ?? "",
              event: fields.get("event") ?? "",
              data: JSON.parse(data),
            });
          }
          i = this.#buffer.indexOf("\n\n");
        }
        for (const w of this.#waiters.splice(0)) w();
      });
    });
    this.#req.on("error", () => undefined);
    this.#req.end();
  }

  /** Waits until `n` events have arrived (fails after 5 s). */
  async waitFor(n: number): Promise<SseEvent[]> {
    const deadline = Date.now() + 5000;
    while (this.events.length < n) {
      assert.ok(Date.now() < deadline, `only ${this.events.length} of ${n} events arrived`);
      await new Promise<void>((ok) => {
        this.#waiters.push(ok);
        setTimeout(ok, 200);
      });
    }
    return this.events;
  }

  close(): void {
    this.#req.destroy();
  }
}

for (const { dialect, skip } of await dialects()) {
  describe(`event stream (${dialect})`, { skip }, () => {
    let tdb: TestDatabase;
    let ctx: DbServiceContext;
    let app: FastifyInstance;
    let base: string;
    const clock = new TestClock();

    before(async () => {
      tdb = await createTestDatabase(dialect);
      ctx = await openContext({ database: tdb.location, vulnDb: vulnDbPath, now: clock.now });
      app = buildApp(ctx);
      base = await app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(async () => {
      await app.close();
      await closeContext(ctx);
      await tdb.drop();
    });

    async function account(name: string): Promise<Account> {
      clock.advance(1000);
      const { account: a, key } = await createAccount(ctx, name);
      return { id: a.id, key: key.key };
    }

    async function createResource(a: Account, name: string): Promise<string> {
      // Event ids sort by time: move the test clock so each change is later than the last.
      clock.advance(1000);
      const res = await app.inject({
        method: "POST",
        url: "/v1/resources",
        headers: { authorization: `Bearer ${a.key}`, "content-type": "application/json" },
        payload: JSON.stringify({ type: "host", name }),
      });
      assert.equal(res.statusCode, 201);
      return (JSON.parse(res.body) as { id: string }).id;
    }

    test("the stream sends the caller's events as they are appended, and no other account's", async () => {
      const a = await account("sse-a");
      const b = await account("sse-b");
      const stream = new Stream(base, a.key);
      assert.equal(await stream.status, 200);
      const other = await createResource(b, "b-host");
      const mine = await createResource(a, "a-host");
      const [first] = await stream.waitFor(1);
      assert.deepEqual(
        [first?.event, first?.data.type, first?.data.subjectId, first?.data.accountId],
        ["resource.created", "resource.created", mine, a.id],
      );
      assert.equal(first?.id, first?.data.id);
      await new Promise((ok) => setTimeout(ok, 600));
      assert.ok(stream.events.every((e) => e.data.subjectId !== other));
      stream.close();
    });

    test("Last-Event-ID resumes after the last event seen, without repeats", async () => {
      const a = await account("sse-resume");
      const s1 = new Stream(base, a.key);
      assert.equal(await s1.status, 200);
      const r1 = await createResource(a, "h1");
      const [seen] = await s1.waitFor(1);
      s1.close();
      const r2 = await createResource(a, "h2");
      const r3 = await createResource(a, "h3");
      const s2 = new Stream(base, a.key, seen?.id);
      const got = await s2.waitFor(2);
      await new Promise((ok) => setTimeout(ok, 400));
      assert.deepEqual(new Set(s2.events.map((e) => e.data.subjectId)), new Set([r2, r3]));
      assert.equal(got.length, 2);
      assert.equal(seen?.data.subjectId, r1);
      s2.close();
    });

    test("the stream needs a valid key; a malformed Last-Event-ID is a 400", async () => {
      const a = await account("sse-auth");
      const none = new Stream(base, undefined);
      assert.equal(await none.status, 401);
      none.close();
      const bad = new Stream(base, a.key, "not-an-id");
      assert.equal(await bad.status, 400);
      bad.close();
    });

    test("GET /v1/events pages the caller's events oldest first", async () => {
      const a = await account("events-list");
      const ids = [
        await createResource(a, "l1"),
        await createResource(a, "l2"),
        await createResource(a, "l3"),
      ];
      const seen: string[] = [];
      let after = "";
      for (;;) {
        const res = await app.inject({
          method: "GET",
          url: `/v1/events?limit=2${after === "" ? "" : `&after=${after}`}`,
          headers: { authorization: `Bearer ${a.key}` },
        });
        assert.equal(res.statusCode, 200);
        const page = JSON.parse(res.body) as {
          items: { type: string; subjectId: string }[];
          nextCursor: string | null;
        };
        seen.push(...page.items.filter((e) => e.type === "resource.created").map((e) => e.subjectId));
        if (page.nextCursor === null) break;
        after = page.nextCursor;
      }
      assert.deepEqual(new Set(seen), new Set(ids));
      assert.equal(seen.length, 3);
    });
  });
}
