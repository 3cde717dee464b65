import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { accessScope, resolveAccounts, visibleAccounts } from "../../access.js";
import { authenticate } from "../../accounts.js";
import type { ServiceContext } from "../../context.js";
import type { EventRow } from "../../db/schema.js";
import { ApiError, badRequest } from "../../errors.js";
import type { Router } from "../route.js";
import { idList, limitSchema } from "../schemas.js";

const eventSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    accountId: z.string(),
    subjectId: z.string(),
    createdAt: z.string(),
    payload: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "Event" });

function toEvent(e: EventRow): z.input<typeof eventSchema> {
  return {
    id: e.id,
    type: e.type,
    accountId: e.account_id,
    subjectId: e.subject_id,
    createdAt: e.created_at,
    payload: JSON.parse(e.payload) as Record<string, unknown>,
  };
}

const EVENT_ID = /^evt_[0-9a-z]+$/;

/** How often an open stream looks for new events, and sends a keep-alive comment. */
const POLL_MS = 250;
const KEEPALIVE_MS = 15_000;

/**
 * The outbox as an API: `GET /v1/events` (pages, oldest first, `after` an event id) and
 * `GET /v1/events/stream` (server-sent events as they are appended; `Last-Event-ID` resumes after that
 * event). Both show only the events of accounts the caller sees.
 */
export function eventRoutes(app: FastifyInstance, r: Router, ctx: ServiceContext): void {
  r.add({
    method: "GET",
    path: "/v1/events",
    tag: "events",
    summary: "Events of the accounts the caller sees, oldest first, after an event id",
    query: z.object({
      after: z
        .string()
        .regex(EVENT_ID, "an event id")
        .optional()
        .meta({ description: "nextCursor, or an event id" }),
      accountId: idList().optional(),
      limit: limitSchema,
    }),
    response: z.object({ items: z.array(eventSchema), nextCursor: z.string().nullable() }),
    handler: async ({ ctx: c, query, scope }) => {
      const s = await scope();
      const accounts = resolveAccounts(s, query.accountId, visibleAccounts(s));
      const rows = await c.sdb.db
        .selectFrom("events")
        .selectAll()
        .where("account_id", "in", accounts)
        .$if(query.after !== undefined, (q) => q.where("id", ">", query.after as string))
        .orderBy("id")
        .limit(query.limit)
        .execute();
      return {
        items: rows.map(toEvent),
        nextCursor: rows.length === query.limit ? (rows.at(-1)?.id ?? null) : null,
      };
    },
  });

  const streams = new Set<() => void>();
  app.addHook("preClose", async () => {
    for (const end of streams) end();
  });
  r.docs.push({
    method: "GET",
    path: "/v1/events/stream",
    summary:
      "Server-sent events (text/event-stream) of the accounts the caller sees, as they are appended; " +
      "each has `id:` (send it back as Last-Event-ID to resume), `event:` (its type) and `data:` (the event as JSON)",
    tag: "events",
    auth: true,
    status: 200,
    response: eventSchema,
  });
  app.get("/v1/events/stream", async (request: FastifyRequest, reply: FastifyReply) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? "");
    const caller = m?.[1] === undefined ? undefined : await authenticate(ctx.sdb.db, m[1]);
    if (caller === undefined)
      throw new ApiError(401, "UNAUTHENTICATED", "missing, invalid or revoked API key");
    const resume = request.headers["last-event-id"];
    if (resume !== undefined && (typeof resume !== "string" || !EVENT_ID.test(resume))) {
      throw badRequest("Last-Event-ID: not an event id (send back the id: of an event this stream sent)");
    }
    const accounts = visibleAccounts(await accessScope(ctx.sdb.db, caller.accountId));
    let last =
      resume ??
      (await ctx.sdb.db.selectFrom("events").select("id").orderBy("id", "desc").limit(1).executeTakeFirst())
        ?.id ??
      "";

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      connection: "keep-alive",
      "x-accel-buffering": "no",
      "x-request-id": String(request.id),
    });
    res.write("retry: 2000\n\n");
    let open = true;
    let timer: NodeJS.Timeout | undefined;
    let quiet = 0;
    const end = () => {
      if (!open) return;
      open = false;
      clearTimeout(timer);
      streams.delete(end);
      res.end();
    };
    streams.add(end);
    request.raw.on("close", end);
    const poll = async () => {
      try {
        const rows = await ctx.sdb.db
          .selectFrom("events")
          .selectAll()
          .where("account_id", "in", accounts)
          .where("id", ">", last)
          .orderBy("id")
          .limit(200)
          .execute();
        for (const e of rows) {
          if (!open) return;
          res.write(`id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(toEvent(e))}\n\n`);
          last = e.id;
        }
        quiet = rows.length > 0 ? 0 : quiet + POLL_MS;
        if (quiet >= KEEPALIVE_MS) {
          res.write(": keep-alive\n\n");
          quiet = 0;
        }
      } catch (e) {
        request.log.error({ err: e }, "event stream failed");
        end();
        return;
      }
      if (open) timer = setTimeout(poll, POLL_MS);
    };
    await poll();
  });
}
