import type { Readable } from "node:stream";
import { InputError } from "../errors.js";

/**
 * All bytes of a stream, refusing to hold more than `max` (a manifest or config that claims to be
 * gigabytes is hostile, not big).
 * @throws InputError naming `what`
 */
export async function readAll(
  stream: Readable | AsyncIterable<Buffer>,
  max: number,
  what: string,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > max) {
      if ("destroy" in stream) stream.destroy();
      throw new InputError(
        what,
        `larger than ${max} bytes; refusing to read it into memory (limits.maxMetadataBytes)`,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}
