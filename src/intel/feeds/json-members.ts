import { createReadStream } from "node:fs";
import { InputError } from "../../errors.js";

/** One member of the top-level JSON object: its key and its value, parsed. */
export interface JsonMember {
  key: string;
  value: unknown;
}

type State = "start" | "key-or-end" | "key-next" | "key" | "colon" | "value" | "done";

const WS = new Set([" ", "\t", "\n", "\r"]);

/**
 * Splits a document `{"a": …, "b": …}` into its top-level members without parsing the whole document:
 * each member's value is cut out of the character stream and parsed on its own, so memory holds one
 * member at a time (the Debian tracker JSON is >100 MB with one member per source package).
 * @throws InputError naming the file when the document is not a JSON object or ends early
 */
export async function* jsonObjectMembers(path: string, source: string): AsyncGenerator<JsonMember> {
  const where = `${source} (${path})`;
  let state = "start" as State;
  let buf = "";
  let consumed = 0; // characters of the file before buf[0]
  let keyStart = 0;
  let key = "";
  let valueStart = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  const fail = (i: number, what: string): never => {
    throw new InputError(
      where,
      `not valid JSON at character ${consumed + i}: ${what}; download the file again`,
    );
  };
  const stream = createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<string>) {
    const from = buf.length;
    buf += chunk;
    const members: JsonMember[] = [];
    let i = from;
    for (; i < buf.length; i++) {
      const c = buf[i] as string;
      switch (state) {
        case "start":
          if (c === "{") state = "key-or-end";
          else if (!WS.has(c) && c !== "\uFEFF") fail(i, "expected a JSON object");
          break;
        case "key-or-end":
        case "key-next":
          if (WS.has(c)) break;
          if (c === "}" && state === "key-or-end") state = "done";
          else if (c === '"') {
            state = "key";
            keyStart = i;
            escaped = false;
          } else fail(i, `unexpected ${JSON.stringify(c)}`);
          break;
        case "key":
          if (escaped) escaped = false;
          else if (c === "\\") escaped = true;
          else if (c === '"') {
            key = JSON.parse(buf.slice(keyStart, i + 1)) as string;
            state = "colon";
          }
          break;
        case "colon":
          if (c === ":") {
            state = "value";
            valueStart = i + 1;
            depth = 0;
            inString = false;
            escaped = false;
          } else if (!WS.has(c)) fail(i, "expected ':' after a key");
          break;
        case "value":
          if (inString) {
            if (escaped) escaped = false;
            else if (c === "\\") escaped = true;
            else if (c === '"') inString = false;
          } else if (c === '"') inString = true;
          else if (c === "{" || c === "[") depth++;
          else if (c === "}" || c === "]") {
            if (depth === 0) {
              if (c === "]") fail(i, "unexpected ']'");
              members.push({ key, value: parseValue(buf.slice(valueStart, i), key, where) });
              state = "done";
            } else depth--;
          } else if (c === "," && depth === 0) {
            members.push({ key, value: parseValue(buf.slice(valueStart, i), key, where) });
            state = "key-next";
          }
          break;
        case "done":
          if (!WS.has(c)) fail(i, "text after the end of the object");
          break;
      }
    }
    // Keep only the text of the member being read.
    const keep = state === "key" ? keyStart : state === "value" ? valueStart : buf.length;
    consumed += keep;
    if (state === "key") keyStart = 0;
    if (state === "value") valueStart = 0;
    buf = buf.slice(keep);
    yield* members;
  }
  if (state !== "done") {
    throw new InputError(
      where,
      "the JSON document ends before its object is closed; the file is truncated, download it again",
    );
  }
}

function parseValue(text: string, key: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(
      where,
      `the value of ${JSON.stringify(key)} is not valid JSON (${(e as Error).message}); download the file again`,
    );
  }
}
