/**
 * Code findings (CODE_VULNERABILITY) in the findings table: the code-scanning engine's findings of one
 * resource turned into stored Findings, through the one findings lifecycle (lifecycle.ts) scoped to that
 * type, so a code pass never touches the resource's package or end-of-life findings (and a re-match of
 * its inventory never touches its code findings).
 *
 * Storage: one `findings` row per code finding, `type` CODE_VULNERABILITY, `scan_type` from
 * `scanTypeOf` (functions: functionCode), `vulnerability_id` the rule id, no package columns,
 * `fix_available` NO, `risk` the code risk score; `detail` the Finding with its `code` part (rule, CWE,
 * location, origin, redacted snippet, message, fingerprint, evidence). The row id is a hash of the
 * resource, the origin (deployment package or layer name) and the engine's fingerprint: the fingerprint
 * leaves out line numbers, so an unrelated edit keeps the same finding open.
 */
import { createHash } from "node:crypto";
import type { Transaction } from "kysely";
import type { CodeFinding, FindingCode } from "../../model/code.js";
import type { Finding } from "../../model/finding.js";
import type { ResourceType } from "../../model/resource.js";
import type { ResourceRow, ServiceSchema } from "../db/schema.js";
import type { ServiceEvent } from "../events/events.js";
import { scanTypeOf } from "../resources/scan-types.js";
import { applyFindings, closeOpenFindings, type FindingScope, type LifecycleCounts } from "./evaluation.js";

/** Where in a resource a code finding's file is (functions: the deployment package or a layer). */
export type CodeOrigin = NonNullable<FindingCode["origin"]>;

/** What a code pass found in one part of a resource. */
export interface CodeFindingInput {
  finding: CodeFinding;
  origin?: CodeOrigin | undefined;
}

/** The stored id of a code finding: resource, origin and the engine's fingerprint. */
export function codeFindingId(
  resourceId: string,
  origin: CodeOrigin | undefined,
  fingerprint: string,
): string {
  const where = origin === undefined || origin.kind === "code" ? "code" : `layer:${origin.name}`;
  return createHash("sha256")
    .update(JSON.stringify(["vigil/code-finding/v1", resourceId, where, fingerprint]))
    .digest("hex");
}

/** The engine's finding as a stored Finding of `resourceId` (vulnerability id: the rule id). */
export function toCodeFinding(resourceId: string, input: CodeFindingInput): Finding {
  const f = input.finding;
  return {
    id: codeFindingId(resourceId, input.origin, f.fingerprint),
    type: "CODE_VULNERABILITY",
    vulnerabilityId: f.ruleId,
    aliases: [],
    title: f.title,
    description: f.message,
    fixedVersions: [],
    fixAvailable: "NO",
    remediation: f.remediation,
    cvss: [],
    references: f.references.map((url) => ({ type: "WEB", url })),
    severity: f.severity,
    risk: { score: f.risk.score, severity: f.risk.severity, breakdown: f.risk.breakdown },
    status: "ACTIVE",
    code: {
      ruleId: f.ruleId,
      scanner: f.scanner,
      cwe: f.cwe,
      location: f.location,
      ...(input.origin === undefined ? {} : { origin: input.origin }),
      message: f.message,
      snippet: f.snippet,
      fingerprint: f.fingerprint,
      ...(f.evidence === undefined ? {} : { evidence: f.evidence }),
    },
  };
}

/** The lifecycle scope of code findings: a code pass owns these and nothing else of the resource. */
export const CODE_SCOPE: FindingScope = { types: ["CODE_VULNERABILITY"] };

/**
 * A code pass's findings applied to one resource through the findings lifecycle, scoped to
 * CODE_VULNERABILITY (its package and end-of-life findings are neither read nor touched): new ones
 * created (ACTIVE, or SUPPRESSED by an account rule), closed ones seen again reopened with their first
 * observation kept, changed ones (line, snippet, score) refreshed, open ones not seen CLOSED as RESOLVED.
 * Findings the engine suppressed by an inline `vigil-ignore` comment are left out, as a finding that is
 * not there (an open one closes as RESOLVED).
 */
export async function applyCodeFindings(
  trx: Transaction<ServiceSchema>,
  resource: ResourceRow,
  found: readonly CodeFindingInput[],
  now: string,
  events: ServiceEvent[],
): Promise<LifecycleCounts> {
  const findings = found
    .filter((f) => f.finding.status === "ACTIVE")
    .map((f) => toCodeFinding(resource.id, f));
  return applyFindings(trx, [{ resource, findings, scope: CODE_SCOPE }], now, events);
}

/**
 * Closes a resource's open code findings with a coverage reason (SCAN_TYPE_DISABLED, EXCLUDED_BY_TAG):
 * the lifecycle's close, scoped to the resource's code scan type (functions: functionCode).
 */
export async function closeCodeFindings(
  trx: Transaction<ServiceSchema>,
  resource: ResourceRow,
  reason: string,
  now: string,
  events: ServiceEvent[],
): Promise<number> {
  const scanType = scanTypeOf(resource.type as ResourceType, "CODE_VULNERABILITY");
  return (await closeOpenFindings(trx, resource, reason, now, events, scanType)).closed;
}
