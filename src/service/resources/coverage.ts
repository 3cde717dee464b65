import type { CoverageReason, CoverageStatus, ResourceType } from "../../model/resource.js";
import type { CoverageSettings } from "../core/context.js";
import { DEFAULT_IMAGE_RESCAN, durationDays, type ImageRescan } from "./configuration.js";

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
  /** Images: the last pull the registry reported (registries/notifications.ts). */
  lastPulledAt?: string | null;
  /** Images: the account's rescan durations (default DAYS_14 / DAYS_14; registries/configuration.ts). */
  imageRescan?: ImageRescan;
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
  if (excludedByTag(input.type, input.tags)) {
    const v = input.tags[EXCLUDE_TAG];
    return not("EXCLUDED_BY_TAG", `tag ${EXCLUDE_TAG}${v === "" ? "" : `=${v}`}`);
  }
  if (input.type === "image") {
    const expired = imageEligibilityExpired(input, now);
    if (expired !== null) return not("SCAN_ELIGIBILITY_EXPIRED", expired);
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

/**
 * Why an image is out of its rescan window, or null while it is monitored: it stays monitored while it
 * was pushed within the account's push duration OR pulled within its pull duration (as Inspector's ECR
 * re-scan duration). An image without a push date is always monitored.
 */
export function imageEligibilityExpired(
  input: Pick<CoverageInput, "pushedAt" | "lastPulledAt" | "imageRescan">,
  now: Date,
): string | null {
  if (input.pushedAt === null) return null;
  const rescan = input.imageRescan ?? DEFAULT_IMAGE_RESCAN;
  const pushDays = durationDays(rescan.pushDate);
  if (pushDays === null || now.getTime() - Date.parse(input.pushedAt) <= pushDays * DAY) return null;
  const pullDays = durationDays(rescan.pullDate) ?? 0;
  const pulled = input.lastPulledAt ?? null;
  if (pulled !== null && now.getTime() - Date.parse(pulled) <= pullDays * DAY) return null;
  return `pushed more than ${pushDays} days ago and ${pulled === null ? "never pulled" : `not pulled for more than ${pullDays} days`} (account configuration imageRescan)`;
}
