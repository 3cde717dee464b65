import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { AccessScope } from "../core/access.js";
import { accessScope } from "../core/access.js";
import type { Caller, ServiceContext } from "../core/context.js";
import { ApiError } from "../core/errors.js";
import { authenticate } from "../tenancy/accounts.js";

type AnyObject = z.ZodObject<z.ZodRawShape>;

/** What a route handler gets: the parsed input and the caller. */
export interface HandlerInput<P extends AnyObject, Q extends AnyObject, B extends z.ZodType> {
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
  ctx: ServiceContext;
  /** The authenticated caller (routes with `auth: false` have none and must not ask). */
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
  /** Default true: `Authorization: Bearer <key>` required. */
  auth?: boolean;
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

/** A registered route, as the OpenAPI generator sees it. */
export interface RouteDoc {
  method: string;
  path: string;
  summary: string;
  tag: string;
  auth: boolean;
  status: number;
  params?: AnyObject | undefined;
  query?: AnyObject | undefined;
  body?: z.ZodType | undefined;
  response: z.ZodType | null;
}

const empty = z.object({});

/** Parses one part of the request; a failure is a 400 naming the field. */
function parsePart<T extends z.ZodType>(schema: T, value: unknown, part: string): z.output<T> {
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

/** Reads and checks the bearer key. */
async function callerOf(ctx: ServiceContext, request: FastifyRequest): Promise<Caller> {
  const header = request.headers.authorization;
  if (header === undefined) {
    throw new ApiError(401, "UNAUTHENTICATED", "missing Authorization: Bearer <API key> header");
  }
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const caller = m?.[1] === undefined ? undefined : await authenticate(ctx.sdb.db, m[1]);
  if (caller === undefined) throw new ApiError(401, "UNAUTHENTICATED", "invalid or revoked API key");
  return caller;
}

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
    const auth = def.auth ?? true;
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
      ...(def.bodyLimit === undefined ? {} : { bodyLimit: def.bodyLimit }),
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const caller = auth ? await callerOf(ctx, request) : undefined;
        const params = parsePart(def.params ?? empty, request.params ?? {}, "path") as z.output<P>;
        const query = parsePart(def.query ?? empty, request.query ?? {}, "query") as z.output<Q>;
        const body = (
          def.body === undefined ? undefined : parsePart(def.body, request.body, "body")
        ) as z.output<B>;
        let scope: Promise<AccessScope> | undefined;
        const result = await def.handler({
          ctx,
          params,
          query,
          body,
          get caller(): Caller {
            if (caller === undefined) throw new Error(`route ${def.path} is public and has no caller`);
            return caller;
          },
          scope: () => {
            if (caller === undefined) throw new Error(`route ${def.path} is public and has no scope`);
            scope ??= accessScope(ctx.sdb.db, caller.accountId);
            return scope;
          },
          request,
        });
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
}
