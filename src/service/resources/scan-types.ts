import type { FindingType } from "../../model/finding.js";
import type { ResourceType, ScanType } from "../../model/resource.js";

export const SCAN_TYPES: readonly ScanType[] = ["host", "image", "function", "functionCode", "repository"];
export const RESOURCE_TYPES: readonly ResourceType[] = ["host", "image", "function", "repository"];

/** The scan type a finding of this resource belongs to (code findings of functions: functionCode). */
export function scanTypeOf(resourceType: ResourceType, findingType: FindingType): ScanType {
  if (resourceType === "function" && findingType === "CODE_VULNERABILITY") return "functionCode";
  return resourceType;
}

/** The resource type a scan type covers. */
export function resourceTypeOf(scanType: ScanType): ResourceType {
  return scanType === "functionCode" ? "function" : scanType;
}
