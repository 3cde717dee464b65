import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, resolve, sep } from "node:path";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

/** Paths the API owns: an unknown one is the API's JSON 404, never the dashboard. */
function isApiPath(path: string): boolean {
  return path === "/v1" || path.startsWith("/v1/") || path === "/healthz" || path.startsWith("/openapi.json");
}

/**
 * The built dashboard (`npm run build` writes it to dist/web): next to the compiled service
 * (dist/service/http → dist/web), or dist/web of the repository when the service runs from src/ (tsx).
 */
export function defaultWebRoot(): string {
  const candidates = [
    resolve(import.meta.dirname, "../../web"),
    resolve(import.meta.dirname, "../../../dist/web"),
  ];
  return candidates.find((d) => existsSync(join(d, "index.html"))) ?? candidates[0]!;
}

/**
 * Serves the dashboard (a single-page app) at `/`: files under `root` as they are (hashed assets
 * cached for a year), and `index.html` for every other GET that is not an API path, so that the app's
 * own paths (/findings, /resources/…) load on refresh. The API keeps /v1, /healthz and /openapi.json.
 */
export function webRoutes(app: FastifyInstance, options: { root?: string } = {}): void {
  const root = resolve(options.root ?? defaultWebRoot());
  let index: Buffer | undefined;
  const indexHtml = (): Buffer | undefined => {
    if (index === undefined && existsSync(join(root, "index.html")))
      index = readFileSync(join(root, "index.html"));
    return index;
  };

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = decodeURIComponent(request.url.split("?")[0] ?? "/");
    if (isApiPath(path)) return reply.callNotFound();
    const html = indexHtml();
    if (html === undefined) {
      return reply
        .code(404)
        .type("text/plain; charset=utf-8")
        .send(`the dashboard is not built (no index.html in ${root}): run \`npm run build\``);
    }
    if (path !== "/" && !path.endsWith("/")) {
      const file = resolve(root, `.${path}`);
      if (file.startsWith(root + sep) && existsSync(file) && statSync(file).isFile()) {
        const type = CONTENT_TYPES[extname(file)] ?? "application/octet-stream";
        reply.type(type);
        reply.header(
          "cache-control",
          path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
        );
        return reply.send(readFileSync(file));
      }
      // A missing file with an extension (a stale asset) is a 404, not the app.
      if (extname(path) !== "") return reply.code(404).type("text/plain; charset=utf-8").send("not found");
    }
    return reply
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-cache")
      .header(
        "content-security-policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
      )
      .send(html);
  };
  // The dashboard's files are public (the app asks for a key in the browser); the API stays behind keys.
  app.get("/", { config: { auth: "public" } }, handler);
  app.get("/*", { config: { auth: "public" } }, handler);
}
