import { z } from "zod";
import { targetAccount } from "../../core/access.js";
import { notFound } from "../../core/errors.js";
import { recordHeartbeat } from "../../resources/agents.js";
import type { Router } from "../route.js";
import { idSchema } from "../schemas.js";

/** Host agents (`vigil agent`): the heartbeat. Inventories go through `POST /v1/inventories` with a collector. */
export function agentRoutes(r: Router): void {
  r.add({
    method: "POST",
    path: "/v1/agents/heartbeat",
    tag: "agents",
    summary:
      "A host agent is alive and its inventory unchanged: updates the host's lastAgentSeenAt (404 when the host has no inventory yet: send it)",
    body: z.object({
      hostName: z.string().min(1).max(1000).meta({ description: "the host resource's name" }),
      accountId: idSchema
        .optional()
        .meta({ description: "delegated administrator: the member account (default: the caller's)" }),
    }),
    response: z.object({ resourceId: z.string(), hostName: z.string(), lastAgentSeenAt: z.string() }),
    handler: async ({ ctx, body, scope }) => {
      const accountId = targetAccount(await scope(), body.accountId);
      const now = ctx.now().toISOString();
      const id = await recordHeartbeat(ctx.sdb.db, accountId, body.hostName, now);
      if (id === undefined) throw notFound("host", body.hostName);
      return { resourceId: id, hostName: body.hostName, lastAgentSeenAt: now };
    },
  });
}
