import { InputError } from "../../../../errors.js";

/** One header of a core metadata file, with its 1-based line. */
export interface Header {
  name: string;
  value: string;
  line: number;
}

/**
 * Reads the headers of a Python core metadata file (METADATA, PKG-INFO): RFC 822-style "Name: value"
 * lines, continuation lines starting with whitespace, up to the first blank line (the description body
 * follows it and is not read). Throws an InputError naming `source` and the line of a malformed header.
 */
export function readHeaders(source: string, text: string): Header[] {
  const headers: Header[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").replace(/\r$/, "");
    if (line.trim() === "") break;
    if (/^[ \t]/.test(line)) {
      const last = headers[headers.length - 1];
      if (!last) throw new InputError(`${source} line ${i + 1}`, "continuation line before the first header");
      last.value += `\n${line.trim()}`;
      continue;
    }
    const m = /^([A-Za-z0-9][A-Za-z0-9-]*):[ \t]?(.*)$/.exec(line);
    if (!m) {
      throw new InputError(
        `${source} line ${i + 1}`,
        `expected a "Name: value" header, got ${JSON.stringify(line.slice(0, 80))}; is this a Python METADATA/PKG-INFO file?`,
      );
    }
    headers.push({ name: m[1]!.toLowerCase(), value: m[2]!.trim(), line: i + 1 });
  }
  return headers;
}
