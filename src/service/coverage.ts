import type { CoverageReason, CoverageStatus, ResourceType } from "../model/resource.js";
import type { CoverageSettings } from "./context.js";

/** A resource's coverage: scanning, or not and why. */
export interface Coverage {
  status: CoverageStatus;
  reason: CoverageReason | null;
  detail: string | null;
}

/** What coverage depends on. */
export interface CoverageInput {
  type: ResourceType;
  tags: Record<string, string>;
  /** Whether the account has the resource's scan type enabled. */
  scanTypeEnabled: boolean;
  pushedAt: string | null;
  inventoryAt: string | null;
  /** What the last evaluation found wrong, when it did. */
  evaluation?: { unsupportedOs?: string; error?: string };
}

const DAY = 86_400_000;

/** The exclusion tag: `vigil:exclude` (functions: `=code` excludes only code scanning). */
export const EXCLUDE_TAG = "vigil:exclude";

/** Whether the exclusion tag takes the resource out of (standard) scanning. */
export function excludedByTag(type: ResourceType, tags: Record<string, string>): boolean {
  const v = tags[EXCLUDE_TAG];
  if (v === undefined) return false;
  return !(type === "function" && v === "code");
}

/**
 * Coverage of one resource, first reason wins: scan type disabled, exclusion tag, image eligibility
 * expired, no inventory yet, unsupported OS, stale host inventory, evaluation error; else SCANNING.
 */
export function computeCoverage(input: CoverageInput, now: Date, settings: CoverageSettings): Coverage {
  const not = (reason: CoverageReason, detail: string | null = null): Coverage => ({
    status: "NOT_SCANNING",
    reason,
    detail,
  });
  if (!input.scanTypeEnabled)
    return not("SCAN_TYPE_DISABLED", `${input.type} scanning is disabled for this account`);
  if (excludedByTag(input.type, input.tags)) return not("EXCLUDED_BY_TAG", `tag ${EXCLUDE_TAG}`);
  if (
    input.type === "image" &&
    input.pushedAt !== null &&
    now.getTime() - Date.parse(input.pushedAt) > settings.imageEligibilityDays * DAY
  ) {
    return not("SCAN_ELIGIBILITY_EXPIRED", `pushed more than ${settings.imageEligibilityDays} days ago`);
  }
  if (input.inventoryAt === null) return not("PENDING_INITIAL_SCAN");
  if (input.evaluation?.unsupportedOs !== undefined)
    return not("UNSUPPORTED_OS", input.evaluation.unsupportedOs);
  if (
    input.type === "host" &&
    now.getTime() - Date.parse(input.inventoryAt) > settings.staleInventoryDays * DAY
  ) {
    return not("STALE_INVENTORY", `no inventory for more than ${settings.staleInventoryDays} days`);
  }
  if (input.evaluation?.error !== undefined) return not("ERROR", input.evaluation.error);
  return { status: "SCANNING", reason: null, detail: null };
}
