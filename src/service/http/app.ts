import { randomUUID } from "node:crypto";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { z } from "zod";
import type { ServiceContext } from "../core/context.js";
import { auditHook } from "../delivery/audit.js";
import { registerAuth } from "./auth.js";
import { errorHandler, notFoundHandler } from "./errors.js";
import { openApiDocument } from "./openapi.js";
import { Router } from "./route.js";
import { accountRoutes } from "./routes/accounts.js";
import { activationRoutes } from "./routes/activation.js";
import { agentRoutes } from "./routes/agents.js";
import { auditRoutes } from "./routes/audit.js";
import { configurationRoutes } from "./routes/configuration.js";
import { coverageRoutes } from "./routes/coverage.js";
import { eventRoutes } from "./routes/events.js";
import { sbomExportRoutes } from "./routes/exports.js";
import { findingRoutes } from "./routes/findings.js";
import { functionRoutes } from "./routes/functions.js";
import { hostRoutes } from "./routes/hosts.js";
import { organizationRoutes } from "./routes/organizations.js";
import { registryRoutes } from "./routes/registries.js";
import { reportRoutes } from "./routes/reports.js";
import { resourceRoutes } from "./routes/resources.js";
import { suppressionRuleRoutes } from "./routes/suppression-rules.js";
import { trendRoutes } from "./routes/trends.js";
import { webhookRoutes } from "./routes/webhooks.js";
import { webRoutes } from "./web.js";

export interface AppOptions {
  /** Fastify's logger option (default: off, for tests; the server passes a pino config). */
  logger?: FastifyServerOptions["logger"];
  /** Default request body limit in bytes (default 1 MiB; inventory routes allow 32 MiB). */
  bodyLimit?: number;
}

/**
 * The HTTP API on a service context: every route family, `/healthz`, `/openapi.json` (generated from
 * the route schemas) and the error shape `{error: {code, message}}`. Not listening yet.
 */
export function buildApp(ctx: ServiceContext, options: AppOptions = {}): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    return503OnClosing: true,
  });
  app.addContentTypeParser(
    ["application/vnd.cyclonedx+json"],
    { parseAs: "string" },
    app.getDefaultJsonParser("error", "error"),
  );
  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  registerAuth(app, ctx);
  app.addHook(
    "onSend",
    auditHook(ctx, (request) => request.caller ?? undefined),
  );
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  const router = new Router(app, ctx);
  router.add({
    method: "GET",
    path: "/healthz",
    tag: "service",
    summary: "Liveness and database reachability",
    auth: false,
    response: z.object({ status: z.literal("ok"), database: z.enum(["sqlite", "postgres"]) }),
    handler: async () => {
      await ctx.sdb.db.selectFrom("accounts").select("id").limit(1).execute();
      return { status: "ok" as const, database: ctx.sdb.dialect };
    },
  });
  accountRoutes(router);
  organizationRoutes(router);
  activationRoutes(router);
  resourceRoutes(router);
  agentRoutes(router);
  hostRoutes(router);
  trendRoutes(router);
  findingRoutes(router);
  functionRoutes(router);
  coverageRoutes(router);
  suppressionRuleRoutes(router);
  auditRoutes(router);
  webhookRoutes(router);
  registryRoutes(router, app);
  configurationRoutes(router);
  reportRoutes(router);
  sbomExportRoutes(router);
  eventRoutes(app, router);

  let doc: Record<string, unknown> | undefined;
  router.add({
    method: "GET",
    path: "/openapi.json",
    tag: "service",
    summary: "This document: the OpenAPI 3.1 description of every route",
    auth: false,
    response: z.record(z.string(), z.unknown()),
    handler: async () => {
      doc ??= openApiDocument(router.docs);
      return doc;
    },
  });
  webRoutes(app);
  return app;
}

/** Every use of the service context while building the app fails: the OpenAPI document must not need one. */
const NO_CONTEXT = new Proxy({} as ServiceContext, {
  get(_target, property) {
    throw new Error(`building the OpenAPI document used the service context (ctx.${String(property)})`);
  },
});

/**
 * The `/openapi.json` document as the server serves it, from the route definitions alone: no database,
 * no network listener (the request goes through `inject`). `npm run gen:api` types the dashboard from it.
 */
export async function apiDocument(): Promise<Record<string, unknown>> {
  const app = buildApp(NO_CONTEXT);
  try {
    const res = await app.inject({ method: "GET", url: "/openapi.json" });
    if (res.statusCode !== 200) throw new Error(`GET /openapi.json answered ${res.statusCode}: ${res.body}`);
    return res.json<Record<string, unknown>>();
  } finally {
    await app.close();
  }
}
