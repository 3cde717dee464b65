import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { jsonDeeperThan, MAX_JSON_DEPTH } from "../../sources/image-config.js";
import type { AccessScope } from "../core/access.js";
import { accessScope } from "../core/access.js";
import type { Caller, ServiceContext } from "../core/context.js";
import { ApiError } from "../core/errors.js";
import type { RouteAuth } from "./auth.js";

type AnyObject = z.ZodObject<z.ZodRawShape>;

/** What a route handler gets: the parsed input and the caller. */
export interface HandlerInput<P extends AnyObject, Q extends AnyObject, B extends z.ZodType> {
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
  ctx: ServiceContext;
  /** The authenticated caller, set by the authentication hook (public routes have none and must not ask). */
  caller: Caller;
  /** What the caller may see (its own account, plus members when it is a delegated administrator). */
  scope(): Promise<AccessScope>;
  request: FastifyRequest;
}

/** One API route: its schemas validate the input, shape the output and document it in /openapi.json. */
export interface RouteDef<
  P extends AnyObject,
  Q extends AnyObject,
  B extends z.ZodType,
  R extends z.ZodType,
> {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Fastify path syntax: `/v1/resources/:id`. */
  path: string;
  summary: string;
  /** OpenAPI tag (the route family). */
  tag: string;
  /** Default `apiKey`: `Authorization: Bearer <key>` required (see auth.ts); `false` is `public`. */
  auth?: RouteAuth | false;
  params?: P;
  query?: Q;
  body?: B;
  /** The body as documented, when it differs from what `body` checks (checked further by the handler). */
  docBody?: z.ZodType;
  /** The success response; `null` for 204 No Content. */
  response: R | null;
  status?: 200 | 201 | 202 | 204;
  /** Request body limit in bytes (default: the server's, 1 MiB). */
  bodyLimit?: number;
  handler(input: HandlerInput<P, Q, B>): Promise<R extends z.ZodType ? z.input<R> : undefined>;
}

/** A success response that is not JSON (a file, a stream): its description and schema per content type. */
export interface RawResponse {
  description: string;
  content: Record<string, z.ZodType>;
}

/**
 * A route that answers with something other than JSON (a file download, server-sent events): the
 * handler writes the reply itself. Same authentication, input parsing and documentation as `add`.
 */
export interface RawRouteDef<P extends AnyObject, Q extends AnyObject> {
  method: "GET";
  path: string;
  summary: string;
  tag: string;
  auth?: RouteAuth | false;
  params?: P;
  query?: Q;
  /** Request headers the route reads, as documented (the handler reads them from `request`). */
  headers?: AnyObject;
  response: RawResponse;
  handler(input: HandlerInput<P, Q, z.ZodUndefined> & { reply: FastifyReply }): Promise<unknown>;
}

/** A registered route, as the OpenAPI generator sees it. */
export interface RouteDoc {
  method: string;
  path: string;
  summary: string;
  tag: string;
  auth: RouteAuth;
  status: number;
  params?: AnyObject | undefined;
  query?: AnyObject | undefined;
  headers?: AnyObject | undefined;
  body?: z.ZodType | undefined;
  response: z.ZodType | RawResponse | null;
}

const empty = z.object({});

/** Parses one part of the request; a failure is a 400 naming the field. */
function parsePart<T extends z.ZodType>(schema: T, value: unknown, part: string): z.output<T> {
  // Nesting is refused before validation: recursive schemas, loose objects stored with JSON.stringify and
  // CycloneDX parsing all recurse, and 20,000 nested arrays overflowed the stack (a 500, issue 18).
  if (jsonDeeperThan(value, MAX_JSON_DEPTH)) {
    throw new ApiError(400, "VALIDATION_ERROR", `${part}: JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue === undefined ? "" : issue.path.map(String).join(".");
  throw new ApiError(
    400,
    "VALIDATION_ERROR",
    `${part}${path === "" ? "" : `.${path}`}: ${issue?.message ?? "invalid"}`,
  );
}

/** The handler input common to JSON and raw routes. */
function handlerInput<P extends AnyObject, Q extends AnyObject>(
  ctx: ServiceContext,
  request: FastifyRequest,
  path: string,
  params: P | undefined,
  query: Q | undefined,
): HandlerInput<P, Q, z.ZodUndefined> {
  const parsedParams = parsePart(params ?? empty, request.params ?? {}, "path") as z.output<P>;
  const parsedQuery = parsePart(query ?? empty, request.query ?? {}, "query") as z.output<Q>;
  const auth = request.routeOptions.config.auth ?? "apiKey";
  const caller = auth === "apiKey" ? request.caller : null;
  let scope: Promise<AccessScope> | undefined;
  return {
    ctx,
    params: parsedParams,
    query: parsedQuery,
    body: undefined,
    get caller(): Caller {
      if (caller === null)
        throw new Error(`route ${path} has no caller (it is public, or the auth hook is missing)`);
      return caller;
    },
    scope: () => {
      if (caller === null) throw new Error(`route ${path} is public and has no scope`);
      scope ??= accessScope(ctx.sdb.db, caller.accountId);
      return scope;
    },
    request,
  };
}

const routeAuth = (auth: RouteAuth | false | undefined): RouteAuth =>
  auth === false ? "public" : (auth ?? "apiKey");

/** Registers routes on a Fastify instance and remembers them for the OpenAPI document. */
export class Router {
  readonly docs: RouteDoc[] = [];
  readonly #app: FastifyInstance;
  readonly #ctx: ServiceContext;

  constructor(app: FastifyInstance, ctx: ServiceContext) {
    this.#app = app;
    this.#ctx = ctx;
  }

  add<
    P extends AnyObject = typeof empty,
    Q extends AnyObject = typeof empty,
    B extends z.ZodType = z.ZodUndefined,
    R extends z.ZodType = z.ZodType,
  >(def: RouteDef<P, Q, B, R>): void {
    const auth = routeAuth(def.auth);
    const status = def.status ?? 200;
    this.docs.push({
      method: def.method,
      path: def.path,
      summary: def.summary,
      tag: def.tag,
      auth,
      status,
      params: def.params,
      query: def.query,
      body: def.docBody ?? def.body,
      response: def.response,
    });
    const ctx = this.#ctx;
    this.#app.route({
      method: def.method,
      url: def.path,
      config: { auth },
      ...(def.bodyLimit === undefined ? {} : { bodyLimit: def.bodyLimit }),
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const input = handlerInput<P, Q>(ctx, request, def.path, def.params, def.query);
        const body = (
          def.body === undefined ? undefined : parsePart(def.body, request.body, "body")
        ) as z.output<B>;
        const result = await def.handler(Object.assign(input, { body }) as HandlerInput<P, Q, B>);
        if (def.response === null) return reply.code(204).send();
        const out = def.response.safeParse(result);
        if (!out.success) {
          throw new Error(
            `response of ${def.method} ${def.path} does not match its schema: ${out.error.message}`,
          );
        }
        return reply.code(status).send(out.data);
      },
    });
  }

  /** Registers a route whose handler writes a non-JSON reply (a download, an event stream). */
  raw<P extends AnyObject = typeof empty, Q extends AnyObject = typeof empty>(def: RawRouteDef<P, Q>): void {
    const auth = routeAuth(def.auth);
    this.docs.push({
      method: def.method,
      path: def.path,
      summary: def.summary,
      tag: def.tag,
      auth,
      status: 200,
      params: def.params,
      query: def.query,
      headers: def.headers,
      response: def.response,
    });
    const ctx = this.#ctx;
    this.#app.route({
      method: def.method,
      url: def.path,
      config: { auth },
      handler: async (request: FastifyRequest, reply: FastifyReply) =>
        def.handler(
          Object.assign(handlerInput<P, Q>(ctx, request, def.path, def.params, def.query), { reply }),
        ),
    });
  }
}
