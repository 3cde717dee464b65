import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { resolveAccounts, visibleAccounts } from "../../core/access.js";
import type { ServiceContext } from "../../core/context.js";
import { badRequest } from "../../core/errors.js";
import type { EventRow } from "../../db/schema.js";
import { eventPosition, eventsSince, lastEventPosition, sequenceEvents } from "../../events/events.js";
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

/**
 * The outbox position of a cursor given as an event id (events are read in commit order, `seq`: see
 * events.ts). Undefined: from the start.
 * @throws ApiError 400 when no event has that id
 */
async function cursorPosition(ctx: ServiceContext, id: string | undefined, field: string): Promise<number> {
  if (id === undefined) return 0;
  await sequenceEvents(ctx.sdb.db);
  const at = await eventPosition(ctx.sdb.db, id);
  if (at === undefined) {
    throw badRequest(`${field}: no event ${id} (give the id of an event this API returned, or none)`);
  }
  return at;
}

/** How often an open stream looks for new events, and sends a keep-alive comment. */
const POLL_MS = 250;
const KEEPALIVE_MS = 15_000;

/**
 * The outbox as an API: `GET /v1/events` (pages in commit order, `after` an event id) and
 * `GET /v1/events/stream` (server-sent events as they are appended; `Last-Event-ID` resumes after that
 * event). Both show only the events of accounts the caller sees.
 */
export function eventRoutes(app: FastifyInstance, r: Router): void {
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
      const after = await cursorPosition(c, query.after, "after");
      const rows = await eventsSince(c.sdb.db, after, { limit: query.limit, accounts });
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
  r.raw({
    method: "GET",
    path: "/v1/events/stream",
    summary:
      "Server-sent events (text/event-stream) of the accounts the caller sees, as they are appended; " +
      "each has `id:` (send it back as Last-Event-ID to resume), `event:` (its type) and `data:` (an Event as JSON)",
    tag: "events",
    headers: z.object({
      "Last-Event-ID": z
        .string()
        .regex(EVENT_ID, "an event id")
        .optional()
        .meta({ description: "resume after this event (the `id:` of the last event received)" }),
    }),
    response: {
      description: "an endless stream; a comment line every 15 s keeps it open",
      content: { "text/event-stream": z.string() },
    },
    handler: async ({ ctx, request, reply, scope }) => {
      const resume = request.headers["last-event-id"];
      if (resume !== undefined && (typeof resume !== "string" || !EVENT_ID.test(resume))) {
        throw badRequest("Last-Event-ID: not an event id (send back the id: of an event this stream sent)");
      }
      const accounts = visibleAccounts(await scope());
      let last: number;
      if (resume !== undefined) last = await cursorPosition(ctx, resume, "Last-Event-ID");
      else {
        await sequenceEvents(ctx.sdb.db);
        last = await lastEventPosition(ctx.sdb.db);
      }

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
          const rows = await eventsSince(ctx.sdb.db, last, { limit: 200, accounts });
          for (const e of rows) {
            if (!open) return;
            res.write(`id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(toEvent(e))}\n\n`);
            last = Number(e.seq);
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
    },
  });
}
