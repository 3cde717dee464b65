/**
 * The name under which a package is indexed and looked up, so that the matcher finds advisories whatever
 * spelling the inventory uses: PyPI names are normalised the PEP 503 way ("Django_REST.framework" ->
 * "django-rest-framework"); every other ecosystem compares names exactly, as OSV does.
 */
export function packageKey(ecosystem: string, name: string): string {
  if (ecosystem === "PyPI" || ecosystem.startsWith("PyPI:"))
    return name.toLowerCase().replace(/[-_.]+/g, "-");
  return name;
}
