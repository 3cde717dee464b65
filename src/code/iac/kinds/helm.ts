/**
 * Helm chart templates read as YAML without `helm`: each template line is kept where YAML allows, so
 * line numbers stay those of the template.
 * - a line that is only a control action (`if`, `else`, `end`, `range`, `with`, `define`, a comment, a
 *   variable assignment) is blanked: both branches of an `if` are read (duplicate keys allowed, the last
 *   one wins);
 * - a line that is only an output action (`{{ include ... | nindent 8 }}`, `{{ toYaml .Values.x }}`) may
 *   emit any keys: it becomes a marker key, so the mapping it sits in is "open" and a key missing from it
 *   is unknown rather than absent (no finding for "missing resource limits" when limits come from values);
 * - an expression inside a line (`image: "{{ .Values.image }}"`) becomes a placeholder whose value is
 *   unknown.
 * Not handled: templates whose output is not YAML-shaped line by line (a whole block built by `tpl`, a
 * template action that opens on one line and emits mapping keys on the same line as other text); those
 * files fail to parse and give a warning.
 */
import { TEMPLATE_KEY, TEMPLATE_TOKEN } from "../yaml-tree.js";

const CONTROL = /^-?\s*(?:(?:if|else|end|range|with|define|block|break|continue)\b|\/\*|\$\w*\s*:?=)/;

export function isHelmTemplate(path: string, text: string): boolean {
  return /(^|\/)templates\//.test(path) && text.includes("{{");
}

export function helmToYaml(text: string): string {
  const lines = text.split("\n");
  const out: string[] = [];
  let inComment = false;
  for (const raw of lines) {
    if (inComment) {
      out.push("");
      if (raw.includes("}}")) inComment = false;
      continue;
    }
    const trimmed = raw.trim();
    const opens = (raw.match(/\{\{/g) ?? []).length;
    const closes = (raw.match(/\}\}/g) ?? []).length;
    if (opens > closes) {
      // An action that continues on the next lines (a multi-line comment or call): drop it whole.
      out.push("");
      inComment = true;
      continue;
    }
    const rest = trimmed.replace(/\{\{.*?\}\}/g, "").trim();
    if (trimmed.startsWith("{{") && rest === "") {
      const actions = [...trimmed.matchAll(/\{\{(.*?)\}\}/g)].map((m) => (m[1] ?? "").trim());
      if (actions.every((a) => CONTROL.test(a))) {
        out.push("");
        continue;
      }
      const indent = raw.length - raw.trimStart().length;
      const prev = previousContent(out, indent);
      const item = prev?.trimStart().startsWith("- ") ? "- " : "";
      out.push(`${" ".repeat(indent)}${item}${TEMPLATE_KEY}: ${TEMPLATE_TOKEN}`);
      continue;
    }
    out.push(raw.replace(/\{\{.*?\}\}/g, TEMPLATE_TOKEN));
  }
  return out.join("\n");
}

/** The last emitted non-blank line at exactly this indentation, unless a shallower line comes first. */
function previousContent(out: readonly string[], indent: number): string | undefined {
  for (let i = out.length - 1; i >= 0; i--) {
    const line = out[i] ?? "";
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    const ind = line.length - line.trimStart().length;
    if (ind === indent) return line;
    if (ind < indent) return undefined;
  }
  return undefined;
}
