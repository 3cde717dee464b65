/**
 * Small loopback HTTP servers for the registry client's tests: a registry that misbehaves on purpose
 * (a token realm on another port, redirects, error bodies, stalls) and the places it points at. Each
 * records the requests it got with their Authorization header, so a test can say what never arrived.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/** One request a loopback server received. */
export interface Seen {
  method: string;
  path: string;
  authorization: string | undefined;
  userAgent: string | undefined;
}

/** A running loopback server. */
export interface Loopback {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Every request, in arrival order. */
  seen: Seen[];
  close(): Promise<void>;
}

/** Starts a server on a free loopback port; `handle` answers each request (after it is recorded). */
export async function loopback(
  handle: (req: IncomingMessage, res: ServerResponse, self: Loopback) => void,
): Promise<Loopback> {
  const seen: Seen[] = [];
  const self: Loopback = { origin: "", seen, close: () => Promise.resolve() };
  const server: Server = createServer((req, res) => {
    seen.push({
      method: req.method ?? "",
      path: req.url ?? "",
      authorization: req.headers.authorization,
      userAgent: req.headers["user-agent"],
    });
    handle(req, res, self);
  });
  const port = await new Promise<number>((ok) =>
    server.listen(0, "127.0.0.1", () => {
      const a = server.address();
      ok(typeof a === "object" && a !== null ? a.port : 0);
    }),
  );
  self.origin = `http://127.0.0.1:${port}`;
  self.close = () =>
    new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    });
  return self;
}

/** A token service that hands out `token` to anyone (it only records who asked, with what). */
export function tokenHandler(token: string) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ token }));
  };
}
