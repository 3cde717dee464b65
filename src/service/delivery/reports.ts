/**
 * Findings reports: every finding a `GET /v1/findings` filter selects, as CSV (`findingsToCsv`, the
 * columns of `vigil scan -f csv`) or JSON, built by an `export` job (see ./exports.ts).
 */
import { findingsToCsv } from "../../formats/csv.js";
import { type FindingFilter, type FindingView, listFindings } from "../evaluation/findings.js";
import type { ExportBuilder } from "./exports.js";

/** Formats of a findings report. */
export const REPORT_FORMATS = ["csv", "json"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** What a report job reads: the filter, with its accounts resolved against the requester's scope. */
export interface FindingsReportRequest {
  filter: FindingFilter & { accountIds: string[] };
}

/** Findings read per query while building a report. */
const PAGE = 500;

/** Builds a findings report: all pages of the filter, sorted by risk (highest first). */
export const buildFindingsReport: ExportBuilder = async (ctx, row) => {
  const { filter } = JSON.parse(row.request) as FindingsReportRequest;
  const [self, ...members] = filter.accountIds;
  if (self === undefined) throw new Error(`report ${row.id}: no account to report on`);
  const scope = { self, members };
  const findings: FindingView[] = [];
  let cursor: string | undefined;
  do {
    const page = await listFindings(ctx.sdb.db, scope, filter, {
      sort: "risk",
      order: "desc",
      limit: PAGE,
      cursor,
    });
    findings.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  if (row.format === "csv") {
    return {
      contentType: "text/csv; charset=utf-8",
      filename: `findings-${row.id}.csv`,
      data: Buffer.from(findingsToCsv(findings)),
    };
  }
  return {
    contentType: "application/json",
    filename: `findings-${row.id}.json`,
    data: Buffer.from(`${JSON.stringify({ findings }, null, 2)}\n`),
  };
};
