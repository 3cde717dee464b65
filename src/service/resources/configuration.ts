/**
 * Per-account configuration (`GET/PUT /v1/configuration`), one JSON document per account. Today it holds
 * `imageRescan`, the rescan durations that decide which images stay monitored (as Amazon Inspector's
 * ECR re-scan duration): an image is monitored while it was pushed within `pushDate` OR pulled within
 * `pullDate`; otherwise its coverage is NOT_SCANNING / SCAN_ELIGIBILITY_EXPIRED until it is pulled again.
 * Other sections may be added to the document; unknown ones are kept as given.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import type { ServiceSchema } from "../db/schema.js";

declare module "../db/schema.js" {
  interface ServiceSchema {
    account_configuration: AccountConfigurationTable;
  }
}

/** The `account_configuration` table (migration 0005). */
export interface AccountConfigurationTable {
  account_id: string;
  /** JSON: the configuration document. */
  document: string;
  updated_at: string;
}

export const PUSH_DATE_DURATIONS = [
  "DAYS_14",
  "DAYS_30",
  "DAYS_60",
  "DAYS_90",
  "DAYS_180",
  "LIFETIME",
] as const;
export const PULL_DATE_DURATIONS = ["DAYS_14", "DAYS_30", "DAYS_60", "DAYS_90", "DAYS_180"] as const;

export const imageRescanSchema = z
  .object({
    pushDate: z
      .enum(PUSH_DATE_DURATIONS)
      .default("DAYS_14")
      .meta({ description: "an image pushed within this stays monitored (LIFETIME: always)" }),
    pullDate: z
      .enum(PULL_DATE_DURATIONS)
      .default("DAYS_14")
      .meta({ description: "an image pulled within this stays monitored" }),
  })
  .meta({ id: "ImageRescanDurations" });

export type ImageRescan = z.output<typeof imageRescanSchema>;

export const DEFAULT_IMAGE_RESCAN: ImageRescan = { pushDate: "DAYS_14", pullDate: "DAYS_14" };

/** The whole document: `imageRescan`, and other sections kept as they are. */
export const configurationSchema = z
  .looseObject({ imageRescan: imageRescanSchema.default(DEFAULT_IMAGE_RESCAN) })
  .meta({ id: "AccountConfiguration" });

export type AccountConfiguration = z.output<typeof configurationSchema>;

/** Days of a duration; `null` for LIFETIME. */
export function durationDays(d: ImageRescan["pushDate"]): number | null {
  return d === "LIFETIME" ? null : Number(d.slice("DAYS_".length));
}

/** The account's configuration, defaults filled in. */
export async function getConfiguration(
  db: Kysely<ServiceSchema>,
  accountId: string,
): Promise<AccountConfiguration> {
  const row = await db
    .selectFrom("account_configuration")
    .select("document")
    .where("account_id", "=", accountId)
    .executeTakeFirst();
  const parsed = configurationSchema.safeParse(row === undefined ? {} : JSON.parse(row.document));
  return parsed.success ? parsed.data : configurationSchema.parse({});
}

/** The image rescan durations of each account (defaults for accounts without a document). */
export async function imageRescanOf(
  db: Kysely<ServiceSchema>,
  accountIds: readonly string[],
): Promise<Map<string, ImageRescan>> {
  const out = new Map<string, ImageRescan>(accountIds.map((id) => [id, DEFAULT_IMAGE_RESCAN]));
  if (accountIds.length === 0) return out;
  const rows = await db
    .selectFrom("account_configuration")
    .select(["account_id", "document"])
    .where("account_id", "in", [...new Set(accountIds)])
    .execute();
  for (const r of rows) {
    const parsed = configurationSchema.safeParse(JSON.parse(r.document));
    if (parsed.success) out.set(r.account_id, parsed.data.imageRescan);
  }
  return out;
}

/**
 * Replaces the account's configuration (sections not given take their defaults).
 * @returns the stored document
 */
export async function putConfiguration(
  db: Kysely<ServiceSchema>,
  accountId: string,
  doc: AccountConfiguration,
  nowIso: string,
): Promise<AccountConfiguration> {
  const document = JSON.stringify(doc);
  await db
    .insertInto("account_configuration")
    .values({ account_id: accountId, document, updated_at: nowIso })
    .onConflict((oc) => oc.column("account_id").doUpdateSet({ document, updated_at: nowIso }))
    .execute();
  return doc;
}
