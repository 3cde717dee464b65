/**
 * Vigil's programmatic entry. Each layer of the pipeline exports what other programs may build on.
 */
export { InputError, InvalidVersionError, UnknownEcosystemError, VigilError } from "./errors.js";
export type * from "./model/index.js";
export { packageKey } from "./model/index.js";
export {
  compareVersions,
  ecosystemBase,
  isAffected,
  knownEcosystems,
  schemeFor,
  sortVersions,
  type VersionScheme,
} from "./versions/index.js";
