import { InputError } from "../../../../errors.js";

/** One stanza of a Debian control file: field name (as written) -> value, and the line it starts on. */
export interface Stanza {
  /** 1-based line of the stanza's first field. */
  line: number;
  fields: Map<string, string>;
}

/**
 * Parses a Debian control-format file (dpkg status, status.d entries) into stanzas. Stanzas are separated
 * by blank lines; a field is "Name: value" with continuation lines starting with a space or tab.
 * Field names are compared case-insensitively by dpkg, so they are stored lower-cased.
 * Throws an InputError naming `source` and the line for anything else.
 */
export function parseControl(source: string, text: string): Stanza[] {
  const stanzas: Stanza[] = [];
  let current: Stanza | undefined;
  let lastField: string | undefined;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? "";
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    const lineNo = i + 1;
    if (line.trim() === "") {
      current = undefined;
      lastField = undefined;
      continue;
    }
    if (line.startsWith(" ") || line.startsWith("\t")) {
      if (!current || lastField === undefined) {
        throw new InputError(
          `${source} line ${lineNo}`,
          "continuation line outside a field (a line starting with a space must follow a field line)",
        );
      }
      const prev = current.fields.get(lastField) ?? "";
      current.fields.set(lastField, prev === "" ? line.trim() : `${prev}\n${line.trim()}`);
      continue;
    }
    if (line.startsWith("#")) continue;
    const colon = line.indexOf(":");
    if (colon <= 0 || /\s/.test(line.slice(0, colon))) {
      throw new InputError(
        `${source} line ${lineNo}`,
        `expected "Field: value", got ${JSON.stringify(line.slice(0, 80))}; is this a dpkg status file?`,
      );
    }
    if (!current) {
      current = { line: lineNo, fields: new Map() };
      stanzas.push(current);
    }
    lastField = line.slice(0, colon).toLowerCase();
    if (current.fields.has(lastField)) {
      throw new InputError(
        `${source} line ${lineNo}`,
        `field ${line.slice(0, colon)} repeated in one stanza`,
      );
    }
    current.fields.set(lastField, line.slice(colon + 1).trim());
  }
  return stanzas;
}
