import { InputError } from "../../../../errors.js";
import type { Package } from "../../../../model/package.js";
import type { Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { baseName, pypiPackage } from "../pypi-package.js";

/** requirements.txt, requirements-dev.txt, dev-requirements.txt, requirements/base.txt ... */
function isRequirementsFile(path: string): boolean {
  const base = baseName(path);
  if (!base.endsWith(".txt")) return false;
  return /(^|[-_.])requirements([-_.]|\.txt$)/.test(base) || /(^|\/)requirements\/[^/]+\.txt$/.test(path);
}

const DEV_WORDS = /(^|[-_.])(dev|devel|develop|development|test|tests|testing|lint|docs|ci)([-_.]|$)/;

/** A requirements file meant for development only, by the usual naming: requirements-dev.txt, requirements/test.txt ... */
function isDevFile(path: string): boolean {
  return DEV_WORDS.test(
    baseName(path)
      .replace(/\.txt$/, "")
      .replace("requirements", ""),
  );
}

/** PEP 508 name, optional [extras], "==" or "===" pin, version; anything after (markers, options) is ignored. */
const PINNED =
  /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*===?\s*([^\s;,#\\]+)\s*(?:;.*)?$/;
/** A requirement that names a project without an exact pin (>=, ~=, no version...): valid, not inventory. */
const UNPINNED =
  /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\s*(?:\[[^\]]*\])?\s*(?:(?:[<>!~]=?|==)\s*[^\s;]+\s*(?:,\s*(?:[<>!~=]=?=?)\s*[^\s;,]+\s*)*)?(?:;.*)?$/;

/**
 * pip requirements files. Only exact pins (`name==1.2.3`, with extras, environment markers and --hash
 * options allowed) are inventory: anything looser says what may be installed, not what is. Options
 * (-r, -c, -e, -i, --hash...), URLs, local paths and comments are skipped; a file named by -r/-c is
 * catalogued on its own when it is itself a requirements file.
 */
export const requirementsCataloger: Cataloger = {
  name: "python-requirements",
  wants(file: FileInfo): boolean {
    return isRequirementsFile(file.path);
  },
  async catalog(file: CatalogFile): Promise<CatalogResult> {
    const dev = isDevFile(file.path);
    const packages: Package[] = [];
    for (const { text, line } of logicalLines(await file.text())) {
      const req = stripOptions(text);
      if (req === "" || isSkippable(req)) continue;
      const pinned = PINNED.exec(req);
      if (pinned) {
        const version = pinned[2]!;
        if (version.includes("*")) continue; // "==1.2.*" is a range
        packages.push(
          pypiPackage(file, "python-requirements", {
            name: pinned[1]!,
            version,
            dev,
            metadata: { line: String(line) },
          }),
        );
        continue;
      }
      if (UNPINNED.test(req)) continue;
      throw new InputError(
        `${file.path} line ${line}`,
        `not a requirement pip understands: ${JSON.stringify(req.slice(0, 80))}`,
      );
    }
    return { packages };
  },
};

/** Joins backslash-continued lines and drops comments; each logical line keeps the number of its first line. */
function logicalLines(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let pending = "";
  let start = 0;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    let line = (lines[i] ?? "").replace(/\r$/, "");
    if (pending === "") start = i + 1;
    // A comment starts at a "#" at line start or after whitespace (URLs keep their #egg= fragments).
    line = line.replace(/(^|\s)#.*$/, "");
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    out.push({ text: (pending + line).trim(), line: start });
    pending = "";
  }
  if (pending.trim() !== "") out.push({ text: pending.trim(), line: start });
  return out;
}

/** Removes per-requirement options (--hash=..., --config-settings ...) that follow a requirement. */
function stripOptions(text: string): string {
  if (text.startsWith("-")) return text;
  return text.replace(/\s+--?[A-Za-z][\w-]*(?:[= ]\S+)?/g, "").trim();
}

/** Option lines, URLs, VCS references and local paths: valid in a requirements file, not pinned packages. */
function isSkippable(req: string): boolean {
  return (
    req.startsWith("-") ||
    /^[a-z][a-z0-9+.-]*:\/\//i.test(req) ||
    /^(git|hg|svn|bzr)\+/.test(req) ||
    /^[./~]/.test(req) ||
    /\s@\s/.test(req) || // "name @ https://..." direct reference
    /\.(whl|tar\.gz|zip)$/.test(req)
  );
}
