/**
 * Authentication, once per request, for every route: one `onRequest` hook reads the bearer key, checks
 * it and sets `request.caller`, before the body is read. A route says how it authenticates in its Fastify
 * config (`config: { auth }`); a route that says nothing requires an API key, so a new route is never
 * public by accident. Route handlers, downloads, the event stream and the audit log all read
 * `request.caller`; nothing else parses the Authorization header except `bearerToken` below.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Caller, ServiceContext } from "../core/context.js";
import { ApiError } from "../core/errors.js";
import { authenticate } from "../tenancy/accounts.js";

/**
 * How a route authenticates:
 * - `apiKey` (the default): `Authorization: Bearer <API key>` required, 401 without a valid one;
 * - `public`: no key needed; a valid key, when one is sent, still sets the caller (the audit log names it);
 * - `registryNotificationToken`: the bearer is a registry's notification token, checked by the route; it
 *   is never tried as an API key.
 */
export type RouteAuth = "apiKey" | "public" | "registryNotificationToken";

declare module "fastify" {
  interface FastifyContextConfig {
    /** How the route authenticates (default `apiKey`). */
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    /** The caller, set by the authentication hook; null on public routes called without a valid key. */
    caller: Caller | null;
  }
}

/** A route as Fastify registered it, with how it authenticates (HEAD twins of GET routes left out). */
export interface RegisteredRoute {
  method: string;
  url: string;
  auth: RouteAuth;
}

const registered = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route registered on an app set up with `registerAuth`, in registration order. */
export function registeredRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  return registered.get(app) ?? [];
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(request: FastifyRequest): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? "")?.[1];
}

/**
 * Installs the authentication hook on an app, before any route is registered. Requests that match no
 * route are treated as public (the 404 keeps its shape; an audit row still names a valid caller).
 */
export function registerAuth(app: FastifyInstance, ctx: ServiceContext): void {
  const routes: RegisteredRoute[] = [];
  registered.set(app, routes);
  app.decorateRequest("caller", null);
  app.addHook("onRoute", (route) => {
    const auth = route.config?.auth ?? "apiKey";
    for (const method of [route.method].flat()) {
      if (method !== "HEAD" || !routes.some((r) => r.url === route.url && r.method === "GET"))
        routes.push({ method, url: route.url, auth });
    }
  });
  app.addHook("onRequest", async (request) => {
    const auth =
      request.routeOptions.url === undefined ? "public" : (request.routeOptions.config.auth ?? "apiKey");
    if (auth === "registryNotificationToken") return;
    const token = bearerToken(request);
    const caller = token === undefined ? undefined : await authenticate(ctx.sdb.db, token);
    if (caller !== undefined) {
      request.caller = caller;
      return;
    }
    if (auth === "public") return;
    if (request.headers.authorization === undefined) {
      throw new ApiError(401, "UNAUTHENTICATED", "missing Authorization: Bearer <API key> header");
    }
    throw new ApiError(401, "UNAUTHENTICATED", "invalid or revoked API key");
  });
}
