import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { imageFixtures, missingTools } from "../../test/fixtures-build/images.js";
import {
  push,
  startRegistry,
  TEST_PASSWORD,
  TEST_USER,
  type TestRegistry,
} from "../../test/fixtures-build/registry.js";
import { InputError } from "../errors.js";
import { pullScope, RegistryClient, type RegistryFetch } from "./registry-client.js";
import { type Loopback, loopback, tokenHandler } from "./test-support/hostile-registry.js";

const credentials = { username: TEST_USER, password: TEST_PASSWORD };
const basicAuth = `Basic ${Buffer.from(`${TEST_USER}:${TEST_PASSWORD}`).toString("base64")}`;
const sha256 = (b: Buffer | string) => `sha256:${createHash("sha256").update(b).digest("hex")}`;
const missing = missingTools("docker-registry", "skopeo", "umoci", "openssl");

const servers: Loopback[] = [];
after(async () => {
  for (const s of servers) await s.close();
});

/** A loopback server closed when the file's tests end. */
async function serve(...args: Parameters<typeof loopback>): Promise<Loopback> {
  const s = await loopback(...args);
  servers.push(s);
  return s;
}

/**
 * A registry with its token service on its own origin (`/token`, handing out `token`) that answers an
 * authorized request with a redirect (`status`) to a CDN on another port, which lists `tags`.
 */
async function redirectingRegistry(token: string, status: number, tags: string[]) {
  const cdn = await serve((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ tags }));
  });
  const registry = await serve((req, res, self) => {
    if (req.url?.startsWith("/token")) return tokenHandler(token)(req, res);
    if (req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, { "www-authenticate": `Bearer realm="${self.origin}/token"` });
      res.end();
      return;
    }
    res.writeHead(status, { location: `${cdn.origin}/list` });
    res.end();
  });
  return { cdn, registry };
}

describe("the registry client against Debian's docker-registry with token auth", { skip: missing }, () => {
  let reg: TestRegistry;
  let fx: string;
  before(async () => {
    fx = imageFixtures();
    reg = await startRegistry("token");
    await push(`oci:${join(fx, "layout")}:multi-arch`, `${reg.host}/team/app:1`);
  });
  after(async () => {
    await reg?.stop();
  });

  test("tags, an index and its arm64 image, read with a token for the pull scope", async () => {
    const client = new RegistryClient(reg.host, { credentials });
    const before = reg.tokenRequests.length;
    assert.deepEqual(await client.tags("team/app"), ["1"]);
    const top = await client.manifest("team/app", "1");
    assert.equal(top.mediaType, "application/vnd.oci.image.index.v1+json");
    const arm = await client.platformManifest("team/app", top, "linux/arm64");
    assert.notEqual(arm.digest, top.digest);
    assert.equal((JSON.parse(arm.bytes.toString("utf8")) as { layers: unknown[] }).layers.length, 3);
    // Fetched again by digest: the same bytes, checked against the digest asked for.
    assert.equal((await client.manifest("team/app", arm.digest)).digest, arm.digest);
    assert.deepEqual(reg.tokenRequests.slice(before), [
      { authorized: true, scope: "repository:team/app:pull" },
    ]);
  });

  test("an index without the platform: an error naming what it has, or its first image when any will do", async () => {
    const client = new RegistryClient(reg.host, { credentials });
    const top = await client.manifest("team/app", "1");
    await assert.rejects(
      client.platformManifest("team/app", top, "linux/s390x"),
      /no image for platform linux\/s390x/,
    );
    const any = await client.platformManifest("team/app", top, "linux/s390x", { anyPlatform: true });
    const index = JSON.parse(top.bytes.toString("utf8")) as { manifests: { digest: string }[] };
    assert.equal(any.digest, index.manifests[0]?.digest);
  });

  test("anonymous on a private repository: HTTP 401 with the caller's hint, and no body echoed", async () => {
    const client = new RegistryClient(reg.host, { deniedHint: "set the registry's password" });
    await assert.rejects(client.tags("team/app"), (e) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, /tags\/list\?n=100: HTTP 401 \(access denied; set the registry's password\)$/);
      assert.doesNotMatch(e.message, /UNAUTHORIZED|errors/);
      return true;
    });
  });

  test("a layer blob streams, and the config blob is checked against its digest", async () => {
    const client = new RegistryClient(reg.host, { credentials });
    const top = await client.manifest("team/app", "1");
    const image = await client.platformManifest("team/app", top, "linux/amd64");
    const manifest = JSON.parse(image.bytes.toString("utf8")) as {
      config: { digest: string };
      layers: { digest: string }[];
    };
    const config = await client.blobBytes("team/app", manifest.config.digest);
    assert.equal(sha256(config), manifest.config.digest);
    const chunks: Buffer[] = [];
    for await (const c of await client.blob("team/app", manifest.layers[0]!.digest)) chunks.push(c as Buffer);
    assert.equal(sha256(Buffer.concat(chunks)), manifest.layers[0]!.digest);
  });
});

describe("credentials go only to the registry's own origin", () => {
  /** A registry whose bearer challenge names `realm`, and that accepts `Bearer <token>`. */
  const bearerRegistry = (realm: () => string, token: string) =>
    serve((req, res) => {
      if (req.headers.authorization === `Bearer ${token}`) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ tags: ["1"] }));
        return;
      }
      res.writeHead(401, { "www-authenticate": `Bearer realm="${realm()}",service="evil"` });
      res.end();
    });

  test("a bearer realm on another port gets neither the password nor a request; the error says why", async () => {
    const thief = await serve(tokenHandler("stolen"));
    const registry = await bearerRegistry(() => `${thief.origin}/token`, "stolen");
    const client = new RegistryClient(registry.origin, { credentials });
    await assert.rejects(client.tags("team/app"), (e) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, /token service is on another origin \(http:\/\/127\.0\.0\.1:\d+\)/);
      assert.ok(!e.message.includes(TEST_PASSWORD));
      return true;
    });
    assert.deepEqual(thief.seen, []);
    assert.ok(registry.seen.every((s) => s.authorization === undefined));
  });

  test("without credentials a realm elsewhere may hand out an anonymous token (Docker Hub's shape)", async () => {
    const tokens = await serve(tokenHandler("anon-token"));
    const registry = await bearerRegistry(() => `${tokens.origin}/token`, "anon-token");
    const client = new RegistryClient(registry.origin, {});
    assert.deepEqual(await client.tags("team/app"), ["1"]);
    assert.deepEqual(
      tokens.seen.map((s) => [s.path, s.authorization]),
      [["/token?service=evil&scope=repository%3Ateam%2Fapp%3Apull", undefined]],
    );
    assert.deepEqual(
      registry.seen.map((s) => s.authorization),
      [undefined, "Bearer anon-token"],
    );
  });

  test("the caller may allow a realm elsewhere explicitly: then it gets the basic credentials", async () => {
    const tokens = await serve(tokenHandler("granted"));
    const registry = await bearerRegistry(() => `${tokens.origin}/token`, "granted");
    const client = new RegistryClient(registry.origin, { credentials, allowCrossOriginRealm: true });
    assert.deepEqual(await client.tags("team/app"), ["1"]);
    assert.deepEqual(
      tokens.seen.map((s) => s.authorization),
      [basicAuth],
    );
  });

  test("a redirect to another origin carries no credentials; one on the registry's origin keeps them", async () => {
    const blob = Buffer.from("config bytes served by a CDN");
    const digest = sha256(blob);
    const cdn = await serve((_req, res) => {
      res.writeHead(200);
      res.end(blob);
    });
    const registry = await serve((req, res) => {
      if (req.headers.authorization !== basicAuth) {
        res.writeHead(401, { "www-authenticate": 'Basic realm="registry"' });
        res.end();
      } else if (req.url === `/v2/team/app/blobs/${digest}`) {
        res.writeHead(307, { location: "/moved" });
        res.end();
      } else if (req.url === "/moved") {
        res.writeHead(302, { location: `${cdn.origin}/signed?x=1` });
        res.end();
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    const client = new RegistryClient(registry.origin, { credentials });
    assert.deepEqual(await client.blobBytes("team/app", digest), blob);
    assert.deepEqual(
      registry.seen.map((s) => [s.path, s.authorization]),
      [
        [`/v2/team/app/blobs/${digest}`, undefined],
        [`/v2/team/app/blobs/${digest}`, basicAuth],
        ["/moved", basicAuth],
      ],
    );
    assert.deepEqual(
      cdn.seen.map((s) => [s.path, s.authorization]),
      [["/signed?x=1", undefined]],
    );
  });

  test("a bearer token obtained for the registry is not sent on a redirect elsewhere either", async () => {
    const { cdn, registry } = await redirectingRegistry("registry-token", 301, ["x"]);
    const client = new RegistryClient(registry.origin, { credentials });
    assert.deepEqual(await client.tags("team/app"), ["x"]);
    assert.deepEqual(
      registry.seen.map((s) => [s.path.split("?")[0], s.authorization]),
      [
        ["/v2/team/app/tags/list", undefined],
        ["/token", basicAuth],
        ["/v2/team/app/tags/list", "Bearer registry-token"],
      ],
    );
    assert.deepEqual(
      cdn.seen.map((s) => s.authorization),
      [undefined],
    );
  });
});

describe("answers and failures", () => {
  test("an error text says the status and what failed, never the remote body", async () => {
    const registry = await serve((req, res) => {
      res.writeHead(req.url?.includes("manifests") ? 500 : 403, { "content-type": "text/plain" });
      res.end("SECRET-BODY root:x:0:0 internal stack");
    });
    const client = new RegistryClient(registry.origin, { retries: 0 });
    for (const call of [client.manifest("a/b", "1"), client.tags("a/b")]) {
      await assert.rejects(call, (e) => {
        assert.ok(e instanceof InputError);
        assert.match(e.message, /HTTP (500 \(unexpected answer\)|403 \(access denied; .*\))$/);
        assert.doesNotMatch(e.message, /SECRET-BODY|root:x/);
        return true;
      });
    }
  });

  test("a token service's refusal says its origin and status, not its body", async () => {
    const registry = await serve((req, res, self) => {
      if (req.url?.startsWith("/token")) {
        res.writeHead(401);
        res.end("SECRET-BODY of the token service");
        return;
      }
      res.writeHead(401, { "www-authenticate": `Bearer realm="${self.origin}/token"` });
      res.end();
    });
    const client = new RegistryClient(registry.origin, { credentials });
    await assert.rejects(client.tags("a/b"), (e) => {
      assert.match(
        (e as Error).message,
        /token service http:\/\/127\.0\.0\.1:\d+\/token answered HTTP 401; check the credentials$/,
      );
      return true;
    });
  });

  test("429 and 503 are retried (Retry-After honoured), then the answer is used", async () => {
    let n = 0;
    const registry = await serve((_req, res) => {
      n++;
      if (n === 1) res.writeHead(429, { "retry-after": "0" });
      else if (n === 2) res.writeHead(503);
      else res.writeHead(200, { "content-type": "application/json" });
      res.end(n < 3 ? "busy" : JSON.stringify({ tags: ["ok"] }));
    });
    assert.deepEqual(await new RegistryClient(registry.origin).tags("a/b"), ["ok"]);
    assert.equal(registry.seen.length, 3);
  });

  test("retries run out: the last status is the error", async () => {
    const registry = await serve((_req, res) => {
      res.writeHead(503);
      res.end();
    });
    await assert.rejects(
      new RegistryClient(registry.origin, { retries: 1 }).tags("a/b"),
      /HTTP 503 \(unexpected answer\)/,
    );
    assert.equal(registry.seen.length, 2);
  });

  test("a registry that never answers: 'cannot reach', after the retries", async () => {
    const registry = await serve(() => {
      // holds the request open
    });
    const client = new RegistryClient(registry.origin, { timeoutMs: 100, retries: 1 });
    await assert.rejects(
      client.tags("a/b"),
      /cannot reach http:\/\/127\.0\.0\.1:\d+: no answer within 0\.1 s/,
    );
    assert.equal(registry.seen.length, 2);
  });

  test("a body that stops flowing while it is read fails, saying so", async () => {
    const registry = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.write("first bytes, then nothing");
    });
    const client = new RegistryClient(registry.origin, { timeoutMs: 100 });
    const stream = await client.blob("a/b", sha256("x"));
    await assert.rejects(
      (async () => {
        for await (const _ of stream) {
          // reading
        }
      })(),
      /cannot reach http:\/\/127\.0\.0\.1:\d+: no data for 0\.1 s/,
    );
  });

  test("a manifest whose bytes are not the digest asked for, or not the Docker-Content-Digest said: refused", async () => {
    const served = Buffer.from(JSON.stringify({ schemaVersion: 2, layers: [] }));
    const registry = await serve((req, res) => {
      const headers: Record<string, string> = {
        "content-type": "application/vnd.oci.image.manifest.v1+json",
      };
      if (req.url?.endsWith("/lying")) headers["docker-content-digest"] = sha256("something else");
      res.writeHead(200, headers);
      res.end(served);
    });
    const client = new RegistryClient(registry.origin);
    const other = sha256("another manifest");
    await assert.rejects(
      client.manifest("a/b", other),
      new RegExp(`digest mismatch: expected ${other}, got ${sha256(served)}`),
    );
    await assert.rejects(
      client.manifest("a/b", "lying"),
      /the registry says the manifest is sha256:\w+ but its bytes hash to/,
    );
    const ok = await client.manifest("a/b", sha256(served));
    assert.deepEqual(
      [ok.digest, ok.mediaType],
      [sha256(served), "application/vnd.oci.image.manifest.v1+json"],
    );
  });

  test("every request goes through the fetch hook: the registry, its token realm and each redirect hop", async () => {
    const { cdn, registry } = await redirectingRegistry("t0k", 307, ["t"]);
    const asked: string[] = [];
    const hook: RegistryFetch = (url, init) => {
      asked.push(`${url.origin === cdn.origin ? "cdn" : "registry"} ${url.pathname}`);
      assert.equal(init.redirect, "manual");
      return fetch(url, init);
    };
    assert.deepEqual(await new RegistryClient(registry.origin, { fetch: hook }).tags("a/b"), ["t"]);
    assert.deepEqual(asked, [
      "registry /v2/a/b/tags/list",
      "registry /token",
      "registry /v2/a/b/tags/list",
      "cdn /list",
    ]);
    // A policy that refuses a target stops the request before it leaves: nothing reaches the registry.
    const before = registry.seen.length;
    const refuse: RegistryFetch = (url) => Promise.reject(new Error(`${url.host} is not an allowed target`));
    await assert.rejects(
      new RegistryClient(registry.origin, { fetch: refuse, retries: 0 }).tags("a/b"),
      /cannot reach http:\/\/127\.0\.0\.1:\d+: 127\.0\.0\.1:\d+ is not an allowed target/,
    );
    assert.equal(registry.seen.length, before);
  });

  test("the pull scope and the scanner's user agent are what a registry sees", async () => {
    const registry = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
    assert.deepEqual(await new RegistryClient(registry.origin).tags("a/b"), []);
    assert.equal(registry.seen[0]?.userAgent, "vigil-scanner");
    assert.equal(pullScope("a/b"), "repository:a/b:pull");
  });
});

test("docker.io is Docker Hub over HTTPS; loopback hosts are plain HTTP; a URL keeps its scheme", () => {
  assert.equal(new RegistryClient("docker.io").origin, "https://registry-1.docker.io");
  assert.equal(new RegistryClient("127.0.0.1:5000").origin, "http://127.0.0.1:5000");
  assert.equal(
    new RegistryClient("registry.example.com", { insecure: true }).origin,
    "http://registry.example.com",
  );
  assert.equal(new RegistryClient("https://r.example:8443").origin, "https://r.example:8443");
});
