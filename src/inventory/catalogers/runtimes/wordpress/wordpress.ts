import { InputError } from "../../../../errors.js";
import type { CatalogContext, Cataloger, CatalogFile, CatalogResult, FileInfo } from "../../../cataloger.js";
import { runtimeAt } from "../runtime.js";

const CORE = /(^|\/)wp-includes\/version\.php$/;
const PLUGIN_MAIN = /(^|\/)wp-content\/plugins\/([^/]+)\/\2\.php$/;
const PLUGIN_README = /(^|\/)wp-content\/plugins\/([^/]+)\/readme\.txt$/;
const THEME_STYLE = /(^|\/)wp-content\/themes\/([^/]+)\/style\.css$/;

/** A "Name: value" header of a plugin's main file or a theme's style.css comment block (first 8 KiB, as WordPress reads). */
function fileHeader(text: string, name: string): string | undefined {
  const m = new RegExp(`^[ \\t/*#@]*${name}:(.*)$`, "im").exec(text.slice(0, 8192));
  const value = m?.[1]?.replace(/\s*(\*\/|\?>).*$/, "").trim();
  return value ? value : undefined;
}

/**
 * WordPress core, plugins and themes. Core's version is `$wp_version` in wp-includes/version.php
 * (product "wordpress" on endoflife.date). Plugins and themes have no end-of-life product: they are
 * recorded as "wordpress-plugin/<slug>" and "wordpress-theme/<slug>" so that reports and SBOMs list
 * them. A plugin's version is the `Version:` header of its main file `<slug>/<slug>.php`; its
 * readme.txt `Stable tag` (the latest release in the directory, not necessarily the one installed) is
 * used only when that main file is not there.
 */
export const wordpressCataloger: Cataloger = {
  name: "wordpress",
  wants(file: FileInfo): boolean {
    return (
      CORE.test(file.path) ||
      PLUGIN_MAIN.test(file.path) ||
      PLUGIN_README.test(file.path) ||
      THEME_STYLE.test(file.path)
    );
  },
  async catalog(file: CatalogFile, ctx: CatalogContext): Promise<CatalogResult> {
    const text = await file.text();
    if (CORE.test(file.path)) {
      const m = /^\s*\$wp_version\s*=\s*['"]([^'"]+)['"]\s*;/m.exec(text);
      if (!m)
        throw new InputError(
          file.path,
          "no $wp_version assignment: is this WordPress's wp-includes/version.php?",
        );
      return { runtimes: [runtimeAt(file, "wordpress", m[1]!)] };
    }
    const main = PLUGIN_MAIN.exec(file.path);
    if (main) {
      const version = fileHeader(text, "Plugin Name") ? fileHeader(text, "Version") : undefined;
      return version ? { runtimes: [runtimeAt(file, `wordpress-plugin/${main[2]}`, version)] } : {};
    }
    const readme = PLUGIN_README.exec(file.path);
    if (readme) {
      const slug = readme[2]!;
      const mainPath = `${file.path.slice(0, -"readme.txt".length)}${slug}.php`;
      if (ctx.sibling(mainPath)) return {}; // the main file's header is the installed version
      const version = fileHeader(text, "Stable tag");
      return version && version !== "trunk"
        ? { runtimes: [runtimeAt(file, `wordpress-plugin/${slug}`, version)] }
        : {};
    }
    const theme = THEME_STYLE.exec(file.path);
    if (theme) {
      const version = fileHeader(text, "Theme Name") ? fileHeader(text, "Version") : undefined;
      return version ? { runtimes: [runtimeAt(file, `wordpress-theme/${theme[2]}`, version)] } : {};
    }
    return {};
  },
};
