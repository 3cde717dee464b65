import { ruleMatches } from "./ignore-file.js";

/** An inline suppression: `vigil-ignore RULE reason` in a comment of any language. */
export interface InlineIgnore {
  /** A rule id, or a prefix ending in `*`. */
  rule: string;
  reason: string;
}

const MARK = /vigil-ignore[:\s]\s*([A-Za-z0-9_.*-]+)(.*)$/;
/** Comment closers that end the reason: `*\/`, `-->`, `#}`, `%>`, `--%>`. */
const CLOSER = /\s*(?:\*\/|--%?>|-->|#\}|%>)\s*$/;

/** The suppression a line carries, if any. Any comment syntax: the marker is found in the line's text. */
export function parseInlineIgnore(line: string): InlineIgnore | undefined {
  const m = MARK.exec(line);
  if (!m) return undefined;
  const reason = m[2]!.replace(CLOSER, "").trim();
  return { rule: m[1]!, reason: reason === "" ? "(no reason given)" : reason };
}

/**
 * The inline suppression of a finding of `ruleId` that starts on `line` (1-based): a marker naming the
 * rule on that line or on the line above.
 */
export function inlineIgnoreFor(
  lines: readonly string[],
  line: number,
  ruleId: string,
): { ignore: InlineIgnore; line: number } | undefined {
  for (const n of [line, line - 1]) {
    const text = lines[n - 1];
    if (text === undefined || !text.includes("vigil-ignore")) continue;
    const ignore = parseInlineIgnore(text);
    if (ignore && ruleMatches(ignore.rule, ruleId)) return { ignore, line: n };
  }
  return undefined;
}
