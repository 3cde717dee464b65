/**
 * The vulnerability intelligence layer: feed readers (./feeds), the vulnerability database built from
 * them (./db), `importFeeds` (local files) and `updateDb` (download, build aside, swap atomically), each
 * returning the change set the service re-matches from.
 */
export type { ChangeSet, KeyChange } from "./db/changeset.js";
export { computeChangeSet } from "./db/changeset.js";
export { defaultDbPath } from "./db/location.js";
export { packageKey } from "./db/package-key.js";
export type { DbStatus, FeedStatus, NvdSummary, VulnDb } from "./db/reader.js";
export { openVulnDb } from "./db/reader.js";
export { SCHEMA_VERSION, type VulnDbSchema } from "./db/schema.js";
export type { DownloadOptions, DownloadResult } from "./download.js";
export { download } from "./download.js";
export type { DetectedFeed, FeedItem, FeedName, FeedSummary } from "./feed.js";
export type { BuildEvent, BuildResult, ImportResult, SkippedRecord } from "./import.js";
export { importFeeds } from "./import.js";
export type { FeedSource } from "./sources.js";
export { defaultSources, MIRROR_INDEX } from "./sources.js";
export type { DownloadReport, UpdateEvent, UpdateOptions, UpdateResult } from "./update.js";
export { feedCacheDir, updateDb } from "./update.js";
