export type {
  Advisory,
  Affected,
  AffectedRange,
  DistroStatus,
  OsvSeverity,
  RangeEvent,
  Reference,
} from "./advisory.js";
export type * from "./code.js";
export type * from "./finding.js";
export type * from "./intel.js";
export type * from "./inventory.js";
export type * from "./match.js";
export type * from "./package.js";
export { packageKey } from "./package.js";
export type * from "./resource.js";
