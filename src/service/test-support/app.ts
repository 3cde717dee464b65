import { after, before } from "node:test";
import type { FastifyInstance } from "fastify";
import { OUTBOUND_ENV, type OutboundSettings } from "../../net/outbound.js";
import type { Dialect } from "../db/connect.js";
import { buildApp } from "../http/app.js";
import { closeContext, type DbServiceContext, openContext } from "../runtime.js";
import { createTestDatabase, TestClock, type TestDatabase } from "./fixtures.js";

/**
 * The outbound policy of test services: the tests aim registries, webhooks and SSH at loopback
 * listeners, which only an operator's allow-list opens. Tests of the policy itself pass their own.
 */
export const LOOPBACK_ALLOWED: OutboundSettings = { allow: ["127.0.0.1/32", "::1/128"] };

// Servers a test starts with startServer (no `outbound` option) read the environment, as `vigil server` does.
process.env[OUTBOUND_ENV.allow] ??= LOOPBACK_ALLOWED.allow?.join(",");

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** The service of one test block: a fresh database, a context over it and the HTTP app (valid from `before` on). */
export interface ServiceApp {
  readonly ctx: DbServiceContext;
  readonly app: FastifyInstance;
  readonly clock: TestClock;
  /** Stops the app and context and opens them again on the same database: a service restart. */
  restart(): Promise<void>;
  /** One JSON call through `app.inject`; `key` undefined sends no Authorization header. */
  call<T>(
    key: string | undefined,
    method: Method,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: T }>;
}

/**
 * Registers the before/after hooks that open a service on a new test database of `dialect` and tear it
 * down, and returns the handle the tests use. `advanceMs` moves the test clock before each call, for
 * tests whose event and audit ids must sort in call order; `outbound` is the operator's outbound policy
 * (default LOOPBACK_ALLOWED).
 */
export function useServiceApp(
  dialect: Dialect,
  options: { vulnDb: string; advanceMs?: number; outbound?: OutboundSettings },
): ServiceApp {
  const outbound = options.outbound ?? LOOPBACK_ALLOWED;
  const clock = new TestClock();
  let tdb: TestDatabase | undefined;
  let ctx: DbServiceContext | undefined;
  let app: FastifyInstance | undefined;
  before(async () => {
    tdb = await createTestDatabase(dialect);
    ctx = await openContext({ database: tdb.location, vulnDb: options.vulnDb, now: clock.now, outbound });
    app = buildApp(ctx);
  });
  after(async () => {
    await app?.close();
    if (ctx) await closeContext(ctx);
    await tdb?.drop();
  });
  const ready = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`the service's ${what} is used before its before() hook ran`);
    return v;
  };
  return {
    get ctx() {
      return ready(ctx, "context");
    },
    get app() {
      return ready(app, "app");
    },
    clock,
    async restart() {
      await ready(app, "app").close();
      await closeContext(ready(ctx, "context"));
      ctx = await openContext({
        database: ready(tdb, "database").location,
        vulnDb: options.vulnDb,
        now: clock.now,
        outbound,
      });
      app = buildApp(ctx);
    },
    async call<T>(
      key: string | undefined,
      method: Method,
      url: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) {
      if (options.advanceMs) clock.advance(options.advanceMs);
      const res = await ready(app, "app").inject({
        method,
        url,
        headers: {
          ...(key === undefined ? {} : { authorization: `Bearer ${key}` }),
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        ...(body === undefined ? {} : { payload: typeof body === "string" ? body : JSON.stringify(body) }),
      });
      return { status: res.statusCode, body: (res.body === "" ? undefined : JSON.parse(res.body)) as T };
    },
  };
}
