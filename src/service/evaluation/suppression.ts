/**
 * Suppression rules: an account's standing decision that findings matching some filters are not to be
 * acted on (accepted risk, false positive). A rule suppresses matching ACTIVE findings when it is created,
 * new and reopened findings as they are evaluated, and gives its findings back (ACTIVE) when deleted
 * unless another rule of the account still covers them. A suppressed finding's status reason is the id
 * of the rule that suppressed it.
 */
import type { Kysely, Transaction } from "kysely";
import type { FindingType, FixAvailable, Severity } from "../../model/finding.js";
import type { ResourceType } from "../../model/resource.js";
import { type AccessScope, targetAccount, visibleAccounts } from "../core/access.js";
import { badRequest, notFound } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { ResourceRow, ServiceSchema } from "../db/schema.js";
import { appendEvents, type ServiceEvent } from "../events/events.js";

/** The `suppression_rules` table (migration 0002). */
export interface SuppressionRulesTable {
  id: string;
  account_id: string;
  name: string;
  reason: string;
  action: "suppress";
  /** JSON of SuppressionFilters. */
  filters: string;
  created_at: string;
}

declare module "../db/schema.js" {
  interface ServiceSchema {
    suppression_rules: SuppressionRulesTable;
  }
}

/** What a rule matches; every filter given must hold (lists: any of their values). */
export interface SuppressionFilters {
  severity?: Severity[] | undefined;
  vulnerabilityId?: string | undefined;
  packageName?: string | undefined;
  packageVersion?: string | undefined;
  resourceType?: ResourceType[] | undefined;
  resourceId?: string | undefined;
  /** A resource tag `key=value`, as `{key, value}`. */
  resourceTag?: { key: string; value: string } | undefined;
  fixAvailable?: FixAvailable[] | undefined;
  minRisk?: number | undefined;
  maxRisk?: number | undefined;
  findingType?: FindingType[] | undefined;
}

/** A rule as the API shows it. */
export interface SuppressionRule {
  id: string;
  accountId: string;
  name: string;
  reason: string;
  action: "suppress";
  filters: SuppressionFilters;
  createdAt: string;
}

/** A new rule as a client sends it. */
export interface NewSuppressionRule {
  name: string;
  reason: string;
  action: "suppress";
  filters: SuppressionFilters;
  /** Delegated administrator: a member account (default: the caller's own). */
  accountId?: string | undefined;
}

/** The columns of a finding a rule looks at, plus its resource's tags. */
export interface SuppressibleFinding {
  severity: string;
  vulnerability_id: string;
  package_name: string | null;
  package_version: string | null;
  resource_type: string;
  resource_id: string;
  fix_available: string;
  risk: number;
  type: string;
}

function toRule(r: SuppressionRulesTable): SuppressionRule {
  return {
    id: r.id,
    accountId: r.account_id,
    name: r.name,
    reason: r.reason,
    action: r.action,
    filters: JSON.parse(r.filters) as SuppressionFilters,
    createdAt: r.created_at,
  };
}

const oneOf = <T extends string>(list: readonly T[] | undefined, v: string) =>
  list === undefined || (list as readonly string[]).includes(v);

/** Whether every filter of the rule holds for the finding. */
export function ruleMatches(
  f: SuppressionFilters,
  finding: SuppressibleFinding,
  tags: Readonly<Record<string, string>>,
): boolean {
  return (
    oneOf(f.severity, finding.severity) &&
    (f.vulnerabilityId === undefined || f.vulnerabilityId === finding.vulnerability_id) &&
    (f.packageName === undefined || f.packageName === finding.package_name) &&
    (f.packageVersion === undefined || f.packageVersion === finding.package_version) &&
    oneOf(f.resourceType, finding.resource_type) &&
    (f.resourceId === undefined || f.resourceId === finding.resource_id) &&
    (f.resourceTag === undefined || tags[f.resourceTag.key] === f.resourceTag.value) &&
    oneOf(f.fixAvailable, finding.fix_available) &&
    (f.minRisk === undefined || finding.risk >= f.minRisk) &&
    (f.maxRisk === undefined || finding.risk <= f.maxRisk) &&
    oneOf(f.findingType, finding.type)
  );
}

type Db = Kysely<ServiceSchema> | Transaction<ServiceSchema>;

async function accountRules(db: Db, accountId: string): Promise<SuppressionRule[]> {
  const rows = await db
    .selectFrom("suppression_rules")
    .selectAll()
    .where("account_id", "=", accountId)
    .orderBy("id")
    .execute();
  return rows.map(toRule);
}

/** The id of the first (oldest) rule that covers the finding, or undefined. */
function coveringRule(
  rules: readonly SuppressionRule[],
  finding: SuppressibleFinding,
  tags: Readonly<Record<string, string>>,
): string | undefined {
  return rules.find((r) => ruleMatches(r.filters, finding, tags))?.id;
}

/**
 * The status a new or reopened finding of this resource starts in: SUPPRESSED (reason: the rule id) when
 * one of the account's rules covers it, else ACTIVE. Called by `applyFindings()` in its transaction.
 */
export async function initialStatusFor(
  trx: Db,
  resource: ResourceRow,
): Promise<(f: SuppressibleFinding) => { status: "ACTIVE" | "SUPPRESSED"; status_reason: string | null }> {
  const rules = await accountRules(trx, resource.account_id);
  const tags = JSON.parse(resource.tags) as Record<string, string>;
  return (f) => {
    const rule = rules.length === 0 ? undefined : coveringRule(rules, f, tags);
    return rule === undefined
      ? { status: "ACTIVE", status_reason: null }
      : { status: "SUPPRESSED", status_reason: rule };
  };
}

/** Open findings of an account with the columns rules look at, their resource's tags and status. */
async function openFindings(trx: Db, accountId: string, status: "ACTIVE" | "SUPPRESSED", reason?: string) {
  return trx
    .selectFrom("findings")
    .innerJoin("resources", "resources.id", "findings.resource_id")
    .select([
      "findings.id",
      "findings.resource_id",
      "findings.severity",
      "findings.vulnerability_id",
      "findings.package_name",
      "findings.package_version",
      "findings.resource_type",
      "findings.fix_available",
      "findings.risk",
      "findings.type",
      "resources.tags",
    ])
    .where("findings.account_id", "=", accountId)
    .where("findings.status", "=", status)
    .$if(reason !== undefined, (q) => q.where("findings.status_reason", "=", reason as string))
    .execute();
}

function findingUpdated(
  accountId: string,
  f: { id: string; resource_id: string; vulnerability_id: string },
  status: string,
  statusReason: string | null,
): ServiceEvent {
  return {
    accountId,
    type: "finding.updated",
    subjectId: f.id,
    payload: { resourceId: f.resource_id, vulnerabilityId: f.vulnerability_id, status, statusReason },
  };
}

async function setStatus(
  trx: Transaction<ServiceSchema>,
  f: { id: string; resource_id: string },
  status: "ACTIVE" | "SUPPRESSED",
  reason: string | null,
  now: string,
): Promise<void> {
  await trx
    .updateTable("findings")
    .set({ status, status_reason: reason, updated_at: now })
    .where("resource_id", "=", f.resource_id)
    .where("id", "=", f.id)
    .execute();
}

function hasFilter(f: SuppressionFilters): boolean {
  return Object.values(f).some((v) => v !== undefined);
}

/**
 * Creates a rule and suppresses the account's ACTIVE findings it covers, in one transaction.
 * @throws ApiError 404 for an account outside the caller's scope, 400 for a rule without filters
 */
export async function createSuppressionRule(
  db: Kysely<ServiceSchema>,
  scope: AccessScope,
  input: NewSuppressionRule,
  now: string,
): Promise<{ rule: SuppressionRule; suppressed: number }> {
  const accountId = targetAccount(scope, input.accountId);
  if (!hasFilter(input.filters)) {
    throw badRequest("filters: give at least one filter (a rule without filters would suppress everything)");
  }
  const row: SuppressionRulesTable = {
    id: newId("sup", Date.parse(now)),
    account_id: accountId,
    name: input.name,
    reason: input.reason,
    action: input.action,
    filters: JSON.stringify(input.filters),
    created_at: now,
  };
  return db.transaction().execute(async (trx) => {
    await trx.insertInto("suppression_rules").values(row).execute();
    const events: ServiceEvent[] = [
      {
        accountId,
        type: "suppression_rule.created",
        subjectId: row.id,
        payload: { name: row.name, filters: input.filters },
      },
    ];
    let suppressed = 0;
    for (const f of await openFindings(trx, accountId, "ACTIVE")) {
      if (!ruleMatches(input.filters, f, JSON.parse(f.tags) as Record<string, string>)) continue;
      await setStatus(trx, f, "SUPPRESSED", row.id, now);
      events.push(findingUpdated(accountId, f, "SUPPRESSED", row.id));
      suppressed++;
    }
    await appendEvents(trx, events, now);
    return { rule: toRule(row), suppressed };
  });
}

/** The rules of the accounts the caller sees (or of one of them), oldest first. */
export async function listSuppressionRules(
  db: Kysely<ServiceSchema>,
  accountIds: readonly string[],
): Promise<SuppressionRule[]> {
  const rows = await db
    .selectFrom("suppression_rules")
    .selectAll()
    .where("account_id", "in", accountIds)
    .orderBy("id")
    .execute();
  return rows.map(toRule);
}

/**
 * One rule the caller may see.
 * @throws ApiError 404 when it does not exist or belongs to an account outside the scope
 */
export async function getSuppressionRule(db: Db, scope: AccessScope, id: string): Promise<SuppressionRule> {
  const row = await db
    .selectFrom("suppression_rules")
    .selectAll()
    .where("id", "=", id)
    .where("account_id", "in", visibleAccounts(scope))
    .executeTakeFirst();
  if (row === undefined) throw notFound("suppression rule", id);
  return toRule(row);
}

/**
 * Deletes a rule; the findings it suppressed go back to ACTIVE unless another rule of the account covers
 * them (then that rule becomes their status reason). One transaction.
 * @throws ApiError 404 when the caller may not see the rule
 */
export async function deleteSuppressionRule(
  db: Kysely<ServiceSchema>,
  scope: AccessScope,
  id: string,
  now: string,
): Promise<{ rule: SuppressionRule; reactivated: number }> {
  return db.transaction().execute(async (trx) => {
    const rule = await getSuppressionRule(trx, scope, id);
    await trx.deleteFrom("suppression_rules").where("id", "=", id).execute();
    const others = await accountRules(trx, rule.accountId);
    const events: ServiceEvent[] = [
      {
        accountId: rule.accountId,
        type: "suppression_rule.deleted",
        subjectId: id,
        payload: { name: rule.name },
      },
    ];
    let reactivated = 0;
    for (const f of await openFindings(trx, rule.accountId, "SUPPRESSED", id)) {
      const other = coveringRule(others, f, JSON.parse(f.tags) as Record<string, string>);
      if (other === undefined) {
        await setStatus(trx, f, "ACTIVE", null, now);
        events.push(findingUpdated(rule.accountId, f, "ACTIVE", null));
        reactivated++;
      } else {
        await setStatus(trx, f, "SUPPRESSED", other, now);
        events.push(findingUpdated(rule.accountId, f, "SUPPRESSED", other));
      }
    }
    await appendEvents(trx, events, now);
    return { rule, reactivated };
  });
}
