import type { MavenCoordinates } from "../maven.js";

/**
 * Parses a Java .properties file (pom.properties): `key=value`, `key: value` or `key value`, `#`/`!`
 * comments, backslash line continuations and escapes (\uXXXX, \t, \n...).
 */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split(/\r?\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.replace(/^[ \t\f]+/, "");
    if (line === "" || line.startsWith("#") || line.startsWith("!")) continue;
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < lines.length) {
      line = line.slice(0, -1) + lines[++i]!.replace(/^[ \t\f]+/, "");
    }
    const m = /^((?:\\.|[^=:\s\\])*)\s*[=:\s]?\s*(.*)$/.exec(line);
    if (!m) continue;
    out.set(unescapeProperty(m[1]!), unescapeProperty(m[2]!));
  }
  return out;
}

function unescapeProperty(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) => {
    if (e.length === 5) return String.fromCharCode(Number.parseInt(e.slice(1), 16));
    return { t: "\t", n: "\n", r: "\r", f: "\f" }[e] ?? e;
  });
}

/** Main attributes of a JAR manifest (META-INF/MANIFEST.MF): the section before the first blank line. */
export function parseManifest(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let key: string | undefined;
  for (const line of text.split(/\r?\n|\r/)) {
    if (line === "") break;
    if (line.startsWith(" ") && key !== undefined) {
      out.set(key, out.get(key)! + line.slice(1));
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    key = line.slice(0, colon).trim();
    out.set(key, line.slice(colon + 1).trim());
  }
  return out;
}

/** Coordinates from one pom.properties, or undefined when groupId, artifactId or version is missing. */
export function coordinatesFromPomProperties(props: Map<string, string>): MavenCoordinates | undefined {
  const groupId = props.get("groupId")?.trim();
  const artifactId = props.get("artifactId")?.trim();
  const version = props.get("version")?.trim();
  if (!groupId || !artifactId || !version) return undefined;
  return { groupId, artifactId, version };
}

/** "commons-lang3-3.12.0.jar" -> { artifactId: "commons-lang3", version: "3.12.0" }. */
export function splitArchiveName(fileName: string): { artifactId: string; version?: string } {
  const base = fileName.slice(fileName.lastIndexOf("/") + 1).replace(/\.[A-Za-z]+$/, "");
  const m = /^(.+?)-(\d[\w.+-]*)$/.exec(base);
  return m ? { artifactId: m[1]!, version: m[2]! } : { artifactId: base };
}

/**
 * Best-effort coordinates of an archive that carries no pom.properties, from its manifest and file name:
 * artifactId from the file name; version from Implementation-Version, Bundle-Version or the file name;
 * groupId from Implementation-Vendor-Id, else Bundle-SymbolicName, else the artifactId (the common
 * "aopalliance:aopalliance" convention). Undefined when no version is known.
 */
export function coordinatesFromManifest(
  manifest: Map<string, string>,
  fileName: string,
): (MavenCoordinates & { from: "manifest" | "file name" }) | undefined {
  const named = splitArchiveName(fileName);
  const fromManifest = manifest.get("Implementation-Version") ?? manifest.get("Bundle-Version");
  const version = fromManifest ?? named.version;
  if (!version) return undefined;
  const symbolic = manifest.get("Bundle-SymbolicName")?.split(";")[0]?.trim();
  const groupId = manifest.get("Implementation-Vendor-Id") ?? symbolic ?? named.artifactId;
  return {
    groupId,
    artifactId: named.artifactId,
    version,
    from: fromManifest || symbolic || manifest.has("Implementation-Vendor-Id") ? "manifest" : "file name",
  };
}
