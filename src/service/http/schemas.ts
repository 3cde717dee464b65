import { z } from "zod";
import { SCAN_TYPES } from "../resources/scan-types.js";

/** Every error the API returns. */
export const errorSchema = z
  .object({
    error: z.object({
      code: z
        .string()
        .meta({ description: "stable machine-readable code, e.g. NOT_FOUND, VALIDATION_ERROR" }),
      message: z.string(),
      requestId: z.string().optional().meta({ description: "500 only: quote it when reporting the problem" }),
    }),
  })
  .meta({ id: "Error" });

/** A comma-separated (or repeated) query parameter, as a list of enum values. */
export function csvList<const T extends readonly [string, ...string[]]>(values: T) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((v) =>
      (Array.isArray(v) ? v : [v])
        .flatMap((s) => s.split(","))
        .map((s) => s.trim())
        .filter((s) => s !== ""),
    )
    .pipe(z.array(z.enum(values)).min(1))
    .meta({ description: `comma-separated, any of: ${values.join(", ")}` });
}

/** A comma-separated list of account ids in a query parameter. */
export function idList() {
  return z
    .string()
    .max(10_000)
    .transform((v) =>
      v
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== ""),
    );
}

export const scanTypeSchema = z.enum(SCAN_TYPES as unknown as readonly ["host", ...string[]]);
export const resourceTypeSchema = z.enum(["host", "image", "function", "repository"]);
export const severitySchema = z.enum(["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL", "UNTRIAGED"]);
export const statusSchema = z.enum(["ACTIVE", "SUPPRESSED", "CLOSED"]);
export const idSchema = z.string().min(1).max(200);
export const tagsSchema = z
  .record(z.string().min(1).max(128), z.string().max(256))
  .refine((t) => Object.keys(t).length <= 50, "at most 50 tags");

export const accountSchema = z
  .object({ id: z.string(), name: z.string(), createdAt: z.string() })
  .meta({ id: "Account" });

export const apiKeySchema = z
  .object({ id: z.string(), name: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() })
  .meta({ id: "ApiKey" });

export const newApiKeySchema = apiKeySchema
  .extend({ key: z.string().meta({ description: "the API key, shown this once" }) })
  .meta({ id: "NewApiKey" });

export const organizationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    managementAccountId: z.string(),
    delegatedAdminAccountId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    roles: z.array(z.enum(["MANAGEMENT", "DELEGATED_ADMIN", "MEMBER"])),
  })
  .meta({ id: "Organization" });

export const memberSchema = z
  .object({ accountId: z.string(), name: z.string(), associatedAt: z.string() })
  .meta({ id: "Member" });

const coverageReasonSchema = z.enum([
  "PENDING_INITIAL_SCAN",
  "EXCLUDED_BY_TAG",
  "UNSUPPORTED_OS",
  "SCAN_ELIGIBILITY_EXPIRED",
  "STALE_INVENTORY",
  "SCAN_TYPE_DISABLED",
  "ERROR",
]);

/** Who collected an inventory (agent, agentless SSH scan, CI); sent with `POST /v1/inventories`, shown on the resource. */
export const collectorSchema = z
  .object({
    kind: z.enum(["agent", "agentless", "ci"]),
    version: z.string().max(100).optional().meta({ description: "the collector's Vigil version" }),
    kernel: z.string().max(200).optional().meta({ description: "hosts: the running kernel release" }),
    listeningPorts: z
      .array(
        z.object({
          protocol: z.enum(["tcp", "tcp6", "udp", "udp6"]),
          address: z.string().max(64),
          port: z.number().int().min(0).max(65535),
        }),
      )
      .max(10_000)
      .optional()
      .meta({ description: "hosts: listening sockets (from /proc/net)" }),
  })
  .meta({ id: "Collector" });

export const resourceSchema = z
  .object({
    id: z.string(),
    accountId: z.string(),
    type: resourceTypeSchema,
    name: z.string(),
    tags: z.record(z.string(), z.string()),
    coverage: z.object({
      status: z.enum(["SCANNING", "NOT_SCANNING"]),
      reason: coverageReasonSchema.nullable(),
      detail: z.string().nullable(),
    }),
    pushedAt: z.string().nullable(),
    inventoryAt: z.string().nullable(),
    lastScannedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    lastAgentSeenAt: z
      .string()
      .nullable()
      .meta({ description: "hosts: when the host's agent last reported (inventory or heartbeat)" }),
    collector: collectorSchema.nullable().meta({ description: "who collected the current inventory" }),
    scanMode: z.enum(["AGENT", "AGENTLESS"]).nullable().meta({
      description: "hosts: who scans it now, its agent or agentless SSH (hybrid mode); null when neither",
    }),
  })
  .meta({ id: "Resource" });

export const activationSchema = z
  .object({
    accountId: z.string(),
    scanTypes: z.record(z.string(), z.enum(["ENABLED", "DISABLED"])),
  })
  .meta({ id: "AccountActivation" });

const packageSchema = z.object({
  name: z.string(),
  version: z.string(),
  ecosystem: z.string(),
  purl: z.string(),
  source: z.object({ name: z.string(), version: z.string() }).optional(),
  locations: z.array(z.string()),
  layer: z.string().optional(),
  dev: z.boolean().optional(),
  direct: z.boolean().optional(),
  licenses: z.array(z.string()).optional(),
  foundBy: z.string(),
  metadata: z.record(z.string(), z.string()).optional(),
});

/** The code part of a CODE_VULNERABILITY finding (model/code.ts FindingCode). */
const codeSchema = z
  .object({
    ruleId: z
      .string()
      .meta({ description: "the rule, detector or check (also the finding's vulnerabilityId)" }),
    scanner: z.enum(["sast", "secrets", "iac"]),
    cwe: z.array(z.string()),
    location: z.object({
      path: z.string().meta({ description: "the file inside the deployment package or layer" }),
      startLine: z.number().int(),
      endLine: z.number().int(),
      startColumn: z.number().int().optional(),
      endColumn: z.number().int().optional(),
    }),
    origin: z
      .object({ kind: z.enum(["code", "layer"]), name: z.string() })
      .optional()
      .meta({ description: "functions: the deployment package (code) or the layer the file is in" }),
    message: z.string(),
    snippet: z.string().meta({ description: "the matched lines, secrets redacted" }),
    fingerprint: z.string().meta({
      description: "the engine's fingerprint (no line numbers): the finding's identity in its resource",
    }),
    evidence: z.record(z.string(), z.string()).optional(),
  })
  .meta({ description: "code findings: rule, CWE, file, lines, redacted snippet, fingerprint" });

export const findingSchema = z
  .object({
    id: z.string(),
    resourceId: z.string(),
    accountId: z.string(),
    resourceType: resourceTypeSchema,
    type: z.enum(["PACKAGE_VULNERABILITY", "NETWORK_REACHABILITY", "CODE_VULNERABILITY", "END_OF_LIFE"]),
    vulnerabilityId: z.string(),
    aliases: z.array(z.string()),
    title: z.string(),
    description: z.string().optional(),
    package: packageSchema.optional(),
    fixedVersions: z.array(z.string()),
    fixAvailable: z.enum(["YES", "NO", "PARTIAL"]),
    remediation: z.string(),
    cvss: z.array(
      z.object({
        version: z.enum(["2.0", "3.0", "3.1", "4.0"]),
        vector: z.string(),
        baseScore: z.number(),
        source: z.string(),
        kind: z.enum(["Primary", "Secondary"]).optional(),
      }),
    ),
    epss: z.object({ score: z.number(), percentile: z.number(), date: z.string() }).optional(),
    kev: z
      .object({
        dateAdded: z.string(),
        dueDate: z.string().optional(),
        knownRansomwareCampaignUse: z.string().optional(),
      })
      .optional(),
    references: z.array(z.object({ type: z.string(), url: z.string() })),
    eol: z.object({ product: z.string(), cycle: z.string(), date: z.string() }).optional(),
    code: codeSchema.optional(),
    severity: severitySchema,
    risk: z.object({
      score: z.number(),
      severity: severitySchema,
      breakdown: z.array(
        z.object({
          factor: z.enum(["base", "kev", "epss", "network", "distro", "evidence", "location"]).meta({
            description:
              "package findings: base, kev, epss, network, distro; code findings: base, evidence, location",
          }),
          description: z.string(),
          delta: z.number(),
          score: z.number(),
        }),
      ),
    }),
    status: statusSchema,
    statusReason: z.string().nullable(),
    firstObservedAt: z.string(),
    lastObservedAt: z.string(),
    updatedAt: z.string(),
    closedAt: z.string().nullable(),
  })
  .meta({ id: "Finding" });

export const evaluationSchema = z
  .object({
    resource: resourceSchema,
    evaluated: z.boolean(),
    created: z.number().int(),
    updated: z.number().int(),
    reopened: z.number().int(),
    closed: z.number().int(),
    open: z.number().int(),
  })
  .meta({ id: "EvaluationSummary" });

export const limitSchema = z.coerce.number().int().min(1).max(500).default(100);

/** `limit` and `cursor` of a listing paged by id: the cursor is the last id of the previous page. */
export const idPageQuery = {
  limit: limitSchema,
  cursor: z.string().max(200).optional().meta({ description: "nextCursor of the previous page" }),
};

/** The id an id-paged listing starts after, from its `cursor` (see idPageQuery). */
export function cursorAfter(cursor: string | undefined): string | undefined {
  return cursor === undefined ? undefined : Buffer.from(cursor, "base64url").toString("utf8");
}

/** An id-paged listing's `{ items, next }` as the API returns it: `next` becomes an opaque `nextCursor`. */
export function idPage<T>(page: { items: T[]; next: string | null }): {
  items: T[];
  nextCursor: string | null;
} {
  return {
    items: page.items,
    nextCursor: page.next === null ? null : Buffer.from(page.next).toString("base64url"),
  };
}
