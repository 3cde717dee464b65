import { z } from "zod";
import { resolveAccounts, targetAccount, visibleAccounts } from "../../core/access.js";
import { ApiError } from "../../core/errors.js";
import { deployFunction, getFunction, listFunctions } from "../../discovery/functions/functions.js";
import { FUNCTION_NAME, MAX_LAYERS } from "../../discovery/functions/limits.js";
import { RUNTIME_EXAMPLES } from "../../discovery/functions/runtimes.js";
import type { Router } from "../route.js";
import { cursorAfter, idPage, idPageQuery, idSchema, resourceSchema, tagsSchema } from "../schemas.js";

/**
 * A deploy carries its zips base64-encoded in JSON, as Lambda's own CreateFunction/UpdateFunctionCode
 * (`ZipFile`) does: 64 MiB of body is about 48 MiB of zips (Lambda's direct-upload limit is 50 MB).
 */
export const FUNCTION_BODY_LIMIT = 64 * 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const zipFileSchema = z
  .string()
  .min(1)
  .max(FUNCTION_BODY_LIMIT)
  .meta({ description: "the zip archive, base64-encoded (standard alphabet, padded)" });

const nameParams = z.object({
  name: z
    .string()
    .regex(FUNCTION_NAME, "a function name is 1 to 64 letters, digits, hyphens or underscores")
    .meta({ description: "the function name (Lambda's rule: letters, digits, - and _, up to 64)" }),
});

const accountQuery = z.object({
  accountId: idSchema
    .optional()
    .meta({ description: "delegated administrator: the member account (default: the caller's)" }),
});

const layerSchema = z.object({
  name: z.string().meta({ description: "as given, else layer-<n>" }),
  sha256: z.string().meta({ description: "hex SHA-256 of the layer zip" }),
  size: z.number().int(),
});

const versionSchema = z.object({
  version: z.number().int(),
  runtime: z.string(),
  codeSha256: z.string().meta({ description: "hex SHA-256 of the deployment package zip" }),
  codeSize: z.number().int(),
  layers: z.array(layerSchema),
  deployedAt: z.string(),
  scan: z.object({
    status: z.enum(["PENDING", "SCANNED", "FAILED", "SUPERSEDED"]),
    error: z.string().nullable().meta({ description: "FAILED: why the bundle could not be read" }),
    packages: z.number().int().nullable(),
    scannedAt: z.string().nullable(),
  }),
  codeScan: z
    .object({
      status: z
        .enum(["PENDING", "SCANNED", "FAILED", "SKIPPED"])
        .nullable()
        .meta({ description: "SKIPPED: code scanning is off for the function (codeCoverage says why)" }),
      error: z.string().nullable().meta({ description: "FAILED: why the bundle's code could not be read" }),
      findings: z.number().int().nullable().meta({ description: "code findings the pass found" }),
      scannedAt: z.string().nullable(),
    })
    .meta({
      description: "the code pass of this version (findings: GET /v1/findings?type=CODE_VULNERABILITY)",
    }),
});

const functionSchema = versionSchema
  .extend({
    name: z.string(),
    accountId: z.string(),
    resource: resourceSchema,
    codeCoverage: z
      .object({
        status: z.enum(["SCANNING", "NOT_SCANNING"]),
        reason: z.string().nullable(),
        detail: z.string().nullable(),
      })
      .meta({
        description:
          "whether the function's code is scanned: function and functionCode enabled and no vigil:exclude tag (reason SCAN_TYPE_DISABLED or EXCLUDED_BY_TAG when not)",
      }),
  })
  .meta({ id: "Function" });

const decodeZip = (b64: string, field: string): Buffer => {
  const compact = b64.replace(/\s+/g, "");
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw new ApiError(400, "VALIDATION_ERROR", `${field}: not base64: encode the zip file with base64`);
  }
  return Buffer.from(compact, "base64");
};

/** Functions: deploy (zip bundle and layers), list, show. */
export function functionRoutes(r: Router): void {
  r.add({
    method: "PUT",
    path: "/v1/functions/:name",
    tag: "functions",
    summary:
      "Deploy a function: runtime, code zip and layer zips (base64). A changed runtime, code or layer set is a new version, inventoried by a job and re-matched (only the latest version is monitored); an identical deploy changes nothing and says so",
    params: nameParams,
    body: z.object({
      runtime: z
        .string()
        .min(1)
        .max(40)
        .meta({ description: `Lambda runtime identifier: ${RUNTIME_EXAMPLES}` }),
      code: z.object({ zipFile: zipFileSchema }),
      layers: z
        .array(z.object({ name: z.string().min(1).max(140).optional(), zipFile: zipFileSchema }))
        .max(MAX_LAYERS)
        .optional()
        .meta({ description: `up to ${MAX_LAYERS} layer zips, mounted under /opt in this order` }),
      tags: tagsSchema
        .optional()
        .meta({ description: "replace the function's tags (vigil:exclude, =standard, =code)" }),
      accountId: idSchema
        .optional()
        .meta({ description: "delegated administrator: the member account (default: the caller's)" }),
    }),
    bodyLimit: FUNCTION_BODY_LIMIT,
    response: z.object({
      result: z.enum(["CREATED", "UPDATED", "UNCHANGED"]),
      message: z.string(),
      function: functionSchema,
      jobId: z.string().nullable().meta({ description: "the new version's inventory job" }),
    }),
    handler: async ({ ctx, params, body, scope }) => {
      const accountId = targetAccount(await scope(), body.accountId);
      return deployFunction(ctx, {
        accountId,
        name: params.name,
        runtime: body.runtime,
        code: decodeZip(body.code.zipFile, "body.code.zipFile"),
        layers: (body.layers ?? []).map((l, i) => ({
          name: l.name,
          zip: decodeZip(l.zipFile, `body.layers.${i}.zipFile`),
        })),
        tags: body.tags,
      });
    },
  });
  r.add({
    method: "GET",
    path: "/v1/functions",
    tag: "functions",
    summary: "List the deployed functions the caller may see, with their latest version",
    query: accountQuery.extend(idPageQuery),
    response: z.object({ items: z.array(functionSchema), nextCursor: z.string().nullable() }),
    handler: async ({ ctx, query, scope }) => {
      const s = await scope();
      const page = await listFunctions(ctx, {
        accountIds: resolveAccounts(s, query.accountId ? [query.accountId] : undefined, visibleAccounts(s)),
        limit: query.limit,
        after: cursorAfter(query.cursor),
      });
      return idPage(page);
    },
  });
  r.add({
    method: "GET",
    path: "/v1/functions/:name",
    tag: "functions",
    summary: "One function: its resource (tags, coverage), its latest version and its recent versions",
    params: nameParams,
    query: accountQuery,
    response: functionSchema.extend({ versions: z.array(versionSchema) }),
    handler: async ({ ctx, params, query, scope }) =>
      getFunction(ctx, targetAccount(await scope(), query.accountId), params.name),
  });
}
