import { readFileSync } from "node:fs";
import { InputError } from "../errors.js";
import type { Finding } from "../model/finding.js";

/**
 * One line of a `.vigilignore` file:
 *
 *     # comment
 *     CVE-2022-0001                                        # reason
 *     CVE-2022-0002 package=lodash expires=2027-01-31      # waiting for upstream
 *     GHSA-29mw-wpgm-hmr9 package=pkg:npm/lodash@4.17.15
 *
 * The id matches a finding's id or any of its aliases; `package=` (a name or a purl) narrows it to one
 * package; `expires=` (YYYY-MM-DD) ends it: an expired entry no longer ignores anything and is reported.
 */
export interface IgnoreRule {
  id: string;
  package?: string;
  expires?: string;
  reason?: string;
  line: number;
}

export function parseIgnoreFile(text: string, source: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const hash = raw.indexOf("#");
    const body = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    const reason = hash >= 0 ? raw.slice(hash + 1).trim() : undefined;
    if (body === "") return;
    const [id, ...opts] = body.split(/\s+/);
    const rule: IgnoreRule = { id: id!, line };
    if (reason) rule.reason = reason;
    for (const o of opts) {
      const eq = o.indexOf("=");
      const key = eq > 0 ? o.slice(0, eq) : o;
      const value = eq > 0 ? o.slice(eq + 1) : "";
      if (key === "package" && value !== "") rule.package = value;
      else if ((key === "expires" || key === "exp") && /^\d{4}-\d{2}-\d{2}$/.test(value))
        rule.expires = value;
      else {
        throw new InputError(
          `${source} line ${line}`,
          `unknown option ${JSON.stringify(o)}: write "ID [package=NAME|PURL] [expires=YYYY-MM-DD] [# reason]"`,
        );
      }
    }
    rules.push(rule);
  });
  return rules;
}

export function readIgnoreFile(path: string): IgnoreRule[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new InputError(path, `cannot read the ignore file (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  return parseIgnoreFile(text, path);
}

function packageMatches(rule: string, f: Finding): boolean {
  if (!f.package) return false;
  if (rule.startsWith("pkg:")) {
    const strip = (p: string) => p.split("?")[0]!.split("#")[0]!;
    const r = strip(rule);
    const p = strip(f.package.purl);
    return r.includes("@") ? r === p : p.split("@")[0] === r;
  }
  return rule === f.package.name;
}

export interface IgnoreOutcome {
  kept: Finding[];
  ignored: { finding: Finding; rule: IgnoreRule }[];
  expired: IgnoreRule[];
}

/** Splits findings into kept and ignored; `today` is YYYY-MM-DD. */
export function applyIgnores(
  findings: readonly Finding[],
  rules: readonly IgnoreRule[],
  today: string,
): IgnoreOutcome {
  const active = rules.filter((r) => !r.expires || r.expires >= today);
  const expired = rules.filter((r) => r.expires !== undefined && r.expires < today);
  const kept: Finding[] = [];
  const ignored: IgnoreOutcome["ignored"] = [];
  for (const f of findings) {
    const rule = active.find(
      (r) =>
        (r.id === f.vulnerabilityId || f.aliases.includes(r.id)) &&
        (r.package === undefined || packageMatches(r.package, f)),
    );
    if (rule) ignored.push({ finding: f, rule });
    else kept.push(f);
  }
  return { kept, ignored, expired };
}
