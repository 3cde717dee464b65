import { z } from "zod";
import { VERSION } from "../../version.js";
import type { RawResponse, RouteDoc } from "./route.js";
import { errorSchema } from "./schemas.js";

type JsonSchema = Record<string, unknown>;

/** Collects named schemas (zod `.meta({ id })`) into components.schemas and points $refs there. */
class Components {
  readonly schemas: Record<string, JsonSchema> = {};

  /** The JSON Schema of a zod schema, its named parts moved to components. */
  schema(s: z.ZodType, io: "input" | "output"): JsonSchema {
    const suffix = io === "input" ? "Input" : "";
    const json = z.toJSONSchema(s, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
    delete json.$schema;
    const defs = (json.$defs ?? {}) as Record<string, JsonSchema>;
    delete json.$defs;
    const rewrite = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(rewrite);
      if (v === null || typeof v !== "object") return v;
      const out: Record<string, unknown> = {};
      const o = v as JsonSchema;
      const keys = (o.propertyNames as JsonSchema | undefined)?.enum;
      if (Array.isArray(keys) && o.properties === undefined && typeof o.additionalProperties === "object") {
        // A record with enum keys (every severity → a count): the same object spelled as properties, so
        // that generated clients see each key.
        const value = o.additionalProperties;
        return rewrite({
          ...o,
          properties: Object.fromEntries(keys.map((k) => [String(k), value])),
          additionalProperties: false,
        });
      }
      for (const [k, x] of Object.entries(v)) {
        if (k === "$ref" && typeof x === "string" && x.startsWith("#/$defs/")) {
          out[k] = `#/components/schemas/${x.slice("#/$defs/".length)}${suffix}`;
        } else if (!(k === "id" && typeof x === "string")) out[k] = rewrite(x);
      }
      return out;
    };
    for (const [name, def] of Object.entries(defs))
      this.schemas[`${name}${suffix}`] = rewrite(def) as JsonSchema;
    return rewrite(json) as JsonSchema;
  }
}

function parameters(
  c: Components,
  where: "path" | "query" | "header",
  obj: z.ZodObject<z.ZodRawShape> | undefined,
): JsonSchema[] {
  if (obj === undefined) return [];
  const json = c.schema(obj, "input");
  const props = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(props).map(([name, schema]) => {
    const { description, ...rest } = schema;
    return {
      name,
      in: where,
      required: where === "path" || required.has(name),
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
    };
  });
}

const isRaw = (r: RouteDoc["response"]): r is RawResponse =>
  r !== null && !(r instanceof z.ZodType) && "content" in r;

/** The success response of a route: JSON from its schema, a file or stream by content type, or none. */
function success(c: Components, response: RouteDoc["response"]): JsonSchema {
  if (response === null) return { description: "done" };
  if (isRaw(response)) {
    const content: Record<string, unknown> = {};
    for (const [type, schema] of Object.entries(response.content))
      content[type] = { schema: c.schema(schema, "output") };
    return { description: response.description, content };
  }
  return {
    description: "success",
    content: { "application/json": { schema: c.schema(response, "output") } },
  };
}

/** What a route's `security` says for each way of authenticating (see auth.ts). */
const SECURITY = {
  apiKey: [{ bearer: [] }],
  public: [],
  registryNotificationToken: [{ registryNotificationToken: [] }],
} as const;

/** The OpenAPI 3.1 document of the registered routes, generated from their zod schemas. */
export function openApiDocument(routes: readonly RouteDoc[]): JsonSchema {
  const c = new Components();
  const errorRef = { $ref: "#/components/schemas/Error" };
  c.schema(z.object({ e: errorSchema }), "output");
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
    const errors: Record<string, unknown> = {};
    const err = (code: number, description: string) => {
      errors[String(code)] = { description, content: { "application/json": { schema: errorRef } } };
    };
    err(400, "invalid input: `{error: {code, message}}` names the field");
    if (r.auth === "apiKey") err(401, "missing, invalid or revoked API key");
    if (r.auth === "registryNotificationToken") err(401, "missing or wrong notification token");
    if (r.auth === "apiKey") err(403, "the caller sees the object but its role does not allow this");
    err(404, "not found, or not visible to the caller's account");
    err(500, "internal error (the message is only `internal error` and a request id)");
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = {
      summary: r.summary,
      tags: [r.tag],
      operationId: `${r.method.toLowerCase()}${path.replace(/[{}]/g, "").replace(/[/-](\w)/g, (_m, ch: string) => ch.toUpperCase())}`,
      security: SECURITY[r.auth],
      parameters: [
        ...parameters(c, "path", r.params),
        ...parameters(c, "query", r.query),
        ...parameters(c, "header", r.headers),
      ],
      ...(r.body === undefined
        ? {}
        : {
            requestBody: {
              required: true,
              content: { "application/json": { schema: c.schema(r.body, "input") } },
            },
          }),
      responses: { [String(r.status)]: success(c, r.response), ...errors },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Vigil API",
      version: VERSION,
      description:
        "Vigil's service API: accounts, organizations, activation, resources and their inventories, findings and coverage. Authenticate with `Authorization: Bearer <API key>`.",
    },
    paths,
    components: {
      schemas: c.schemas,
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "an API key: vigil_<id>_<secret>" },
        registryNotificationToken: {
          type: "http",
          scheme: "bearer",
          description: "a registry's notification token, shown once when the registry is connected",
        },
      },
    },
  };
}
