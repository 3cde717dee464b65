/**
 * Evaluation, the module's entry: matching a resource (match.ts), the findings lifecycle (lifecycle.ts,
 * used by every pass), finding rows in and out (storage.ts), the whole re-match of a resource
 * (evaluate-resource.ts) and the incremental one after a vulnerability database change
 * (reevaluate-keys.ts). Stored inventories: resources/inventory-store.ts.
 */
export { indexKeys } from "../db/inventory-document.js";
export {
  CLOSING_REASONS,
  type EvaluationSummary,
  evaluateResource,
  reevaluate,
} from "./evaluate-resource.js";
export {
  applyFindings,
  closeOpenFindings,
  type FindingScope,
  type FindingsOf,
  INVENTORY_SCOPE,
  type LifecycleCounts,
} from "./lifecycle.js";
export { type MatchDb, matchFindings, matchResource } from "./match.js";
export { type KeyedReevaluation, type PackageKeyRef, reevaluateKeys } from "./reevaluate-keys.js";
