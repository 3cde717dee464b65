import { readFileSync } from "node:fs";
import { stat } from "node:fs/promises";
import type { z } from "zod";
import { InputError } from "../../errors.js";
import type { FeedItem } from "../feed.js";

/** A `skipped` item: one bad record among many, reported and counted, never fatal. */
export function skipped(feed: string, record: string, reason: string): FeedItem {
  return { kind: "skipped", feed, record, reason };
}

/** Reads and parses a whole JSON document. @throws InputError naming the feed and file */
export async function readJsonFile(path: string, source: string): Promise<unknown> {
  const text = await readFileText(path, source);
  return parseJsonText(text, `${source} (${path})`);
}

/** Parses JSON text. @throws InputError naming `where` */
export function parseJsonText(text: string, where: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new InputError(
      where,
      `not a valid JSON document (${(e as Error).message}); download the file again`,
    );
  }
}

/**
 * Reads a text file. The read is synchronous: feeds are read one record file after another, and
 * fs/promises' readFile costs several times the CPU of a synchronous read per small file.
 * @throws InputError naming the feed and file
 */
export async function readFileText(path: string, source: string): Promise<string> {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new InputError(`${source} (${path})`, `cannot read the file: ${(e as Error).message}`, {
      cause: e,
    });
  }
}

/** The file's modification time as an RFC 3339 string: the snapshot time of feeds that carry no date. */
export async function fileTime(path: string): Promise<string> {
  return (await stat(path)).mtime.toISOString();
}

/** The first problem a zod parse found, as "field.path: message". */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return "does not match the schema";
  const path = issue.path.length === 0 ? "record" : issue.path.join(".");
  return `${path}: ${issue.message}`;
}

/** The CVSS severity type of a vector string, from its prefix ("CVSS:3.1/…", "CVSS:4.0/…", bare v2 "AV:N/…"). */
export function cvssType(vector: string): "CVSS_V2" | "CVSS_V3" | "CVSS_V4" | undefined {
  if (vector.startsWith("CVSS:3")) return "CVSS_V3";
  if (vector.startsWith("CVSS:4")) return "CVSS_V4";
  if (/^(\()?AV:[LAN]/.test(vector)) return "CVSS_V2";
  return undefined;
}
