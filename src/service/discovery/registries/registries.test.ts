import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { missingTools } from "../../../../test/fixtures-build/images.js";
import {
  push as fixturePush,
  startRegistry,
  TEST_PASSWORD,
  TEST_USER,
  type TestRegistry,
} from "../../../../test/fixtures-build/registry.js";
import { RegistryClient } from "../../../sources/registry-client.js";
import { getSchedule } from "../../core/scheduler.js";
import { sweepCoverage } from "../../resources/coverage-sweep.js";
import type { ResourceView } from "../../resources/resources.js";
import { createWorker } from "../../runtime.js";
import { createAccount } from "../../tenancy/accounts.js";
import { useServiceApp } from "../../test-support/app.js";
import { dialects, testVulnDb } from "../../test-support/fixtures.js";
import { pollRegistry } from "./discovery.js";
import type { RegistryImageView } from "./images.js";
import type { RegistryView } from "./registries.js";
import {
  buildTestImages,
  freePort,
  type NotifyingRegistry,
  skopeoPull,
  startNotifyingRegistry,
  type TestImages,
  waitFor,
} from "./test-support.js";

// PostgreSQL has no data directory for a generated key: the servers share one, as in production.
process.env.VIGIL_SECRET_KEY ??= Buffer.alloc(32, 7).toString("base64");
const missing = missingTools("docker-registry", "skopeo", "umoci", "openssl");
const vulnDbPath = await testVulnDb();
const DAY = 86_400_000;

interface Account {
  id: string;
  key: string;
}
interface Created {
  registry: RegistryView;
  notificationToken: string;
  notificationUrl: string;
  discoveryJobId: string | null;
}
interface FindingItem {
  resourceId: string;
  vulnerabilityId: string;
  status: string;
  package?: { name: string; version: string };
}

for (const { dialect, skip } of await dialects()) {
  describe(`registries on Debian's docker-registry (${dialect})`, { skip: skip || missing }, () => {
    const svc = useServiceApp(dialect, { vulnDb: vulnDbPath });
    const call = svc.call;
    let images: TestImages;
    let worker: ReturnType<typeof createWorker>;
    let vigilUrl: string;
    let owner: Account;
    let created: Created;
    let reg: NotifyingRegistry;

    async function account(name: string, scanTypes?: []): Promise<Account> {
      const { account: a, key } = await createAccount(svc.ctx, name, scanTypes);
      return { id: a.id, key: key.key };
    }

    async function imagesOf(a: Account, registryId: string): Promise<RegistryImageView[]> {
      const res = await call<{ items: RegistryImageView[] }>(
        a.key,
        "GET",
        `/v1/registries/${registryId}/images`,
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.items;
    }

    async function appImage(a: Account, registryId: string): Promise<RegistryImageView | undefined> {
      return (await imagesOf(a, registryId)).find((i) => i.repository === "team/app");
    }

    async function findingsOf(a: Account, resourceId: string, status = "ACTIVE"): Promise<FindingItem[]> {
      const res = await call<{ items: FindingItem[] }>(
        a.key,
        "GET",
        `/v1/findings?resourceId=${resourceId}&status=${status}&limit=500`,
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.items;
    }

    before(async () => {
      images = await buildTestImages();
      // The service clock starts at the real time (the registry's images are built now).
      svc.clock.advance(Date.now() - svc.clock.now().getTime());
      vigilUrl = await svc.app.listen({ host: "127.0.0.1", port: 0 });
      worker = createWorker(svc.ctx);
      worker.start();
      owner = await account("registry-owner");
      const port = await freePort();
      const res = await call<Created>(owner.key, "POST", "/v1/registries", {
        name: "loopback",
        url: `http://127.0.0.1:${port}`,
        pollIntervalMinutes: 30,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      created = res.body;
      reg = await startNotifyingRegistry(
        port,
        `${vigilUrl}${created.notificationUrl}`,
        created.notificationToken,
      );
    });
    after(async () => {
      await worker?.stop();
      await reg?.stop();
      images?.remove();
    });

    test("pushing an image produces its findings, with no other call", async () => {
      await fixturePush(images.app, `${reg.host}/team/app:1`, false);
      const [image] = await waitFor("the pushed image", async () => {
        const list = await imagesOf(owner, created.registry.id);
        if (list[0]?.lastScanError) throw new Error(`scan failed: ${list[0].lastScanError}`);
        return list.length > 0 && list[0]!.coverage.status === "SCANNING" ? list : undefined;
      });
      assert.equal(image?.repository, "team/app");
      assert.deepEqual(image?.tags, ["1"]);
      assert.match(image?.digest ?? "", /^sha256:[0-9a-f]{64}$/);
      assert.equal(image?.lastPulledAt, null, "Vigil's own pull of the image is not a use");
      const resource = await call<ResourceView>(owner.key, "GET", `/v1/resources/${image!.resourceId}`);
      assert.equal(resource.body.type, "image");
      assert.equal(resource.body.name, `${reg.host}/team/app@${image!.digest}`);
      assert.equal(resource.body.pushedAt, image!.pushedAt);
      const found = await findingsOf(owner, image!.resourceId);
      assert.ok(
        found.some((f) => f.package?.name === "lodash" && f.package.version === "4.17.15"),
        `lodash 4.17.15 of /app/package-lock.json is found: ${JSON.stringify(found.map((f) => f.vulnerabilityId))}`,
      );
    });

    test("activation of image scanning picks up images pushed in the last 14 days, by inclusion rules", async () => {
      await fixturePush(images.base, `${reg.host}/base/bookworm:12`, false);
      const late = await account("late-activation", []);
      const res = await call<Created>(late.key, "POST", "/v1/registries", {
        name: "same registry, other account",
        url: `http://${reg.host}`,
        inclusionRules: ["team/*"],
      });
      assert.equal(res.status, 201);
      assert.equal(res.body.discoveryJobId, null, "image scanning is off: nothing is listed");
      const on = await call(late.key, "POST", "/v1/activation/enable", { scanTypes: ["image"] });
      assert.equal(on.status, 200, JSON.stringify(on.body));
      const list = await waitFor("the discovered image scanned", async () => {
        const l = await imagesOf(late, res.body.registry.id);
        return l.length > 0 && l.every((i) => i.coverage.status === "SCANNING") ? l : undefined;
      });
      assert.deepEqual(
        list.map((i) => [i.repository, i.tags]),
        [["team/app", ["1"]]],
        "base/bookworm is outside the inclusion rule team/*",
      );
      assert.equal(
        list[0]!.pushedAt,
        svc.clock.now().toISOString(),
        "the push date is when Vigil first lists the image, not the image's build time",
      );
      assert.ok((await findingsOf(late, list[0]!.resourceId)).length > 0);
    });

    test("an image beyond its rescan window is SCAN_ELIGIBILITY_EXPIRED, and comes back when pulled", async () => {
      const image = await appImage(owner, created.registry.id);
      assert.ok(image);
      const open = (await findingsOf(owner, image.resourceId)).length;
      assert.ok(open > 0);
      svc.clock.advance(10 * DAY);
      assert.equal(
        await sweepCoverage(svc.ctx),
        null,
        "10 days after the push it is still monitored (DAYS_14)",
      );
      svc.clock.advance(5 * DAY);
      assert.ok(await sweepCoverage(svc.ctx), "15 days after the push, never pulled: due");
      await waitFor("expiry", async () => {
        const i = await appImage(owner, created.registry.id);
        return i?.coverage.reason === "SCAN_ELIGIBILITY_EXPIRED" ? i : undefined;
      });
      assert.equal(
        (await findingsOf(owner, image.resourceId)).length,
        0,
        "an expired image's findings close",
      );
      const closed = await findingsOf(owner, image.resourceId, "CLOSED");
      assert.ok(closed.length >= open);

      await skopeoPull(`${reg.host}/team/app:1`);
      const back = await waitFor("the pulled image back in monitoring", async () => {
        const i = await appImage(owner, created.registry.id);
        return i?.coverage.status === "SCANNING" ? i : undefined;
      });
      assert.equal(back.lastPulledAt, svc.clock.now().toISOString());
      assert.equal((await findingsOf(owner, image.resourceId)).length, open, "its findings reopen");

      // The pull window (DAYS_14) then runs out too; a LIFETIME push window keeps it.
      svc.clock.advance(15 * DAY);
      assert.ok(await sweepCoverage(svc.ctx));
      await waitFor("expiry again", async () => {
        const i = await appImage(owner, created.registry.id);
        return i?.coverage.reason === "SCAN_ELIGIBILITY_EXPIRED" ? i : undefined;
      });
      const put = await call(owner.key, "PUT", "/v1/configuration", {
        imageRescan: { pushDate: "LIFETIME", pullDate: "DAYS_30" },
      });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      await waitFor("back under LIFETIME", async () => {
        const i = await appImage(owner, created.registry.id);
        return i?.coverage.status === "SCANNING" ? i : undefined;
      });
      await call(owner.key, "PUT", "/v1/configuration", { imageRescan: {} });

      // Activation now, 30 days after the push: the image is older than 14 days and is not picked up.
      const tooLate = await account("too-late", []);
      const res = await call<Created>(tooLate.key, "POST", "/v1/registries", {
        name: "r",
        url: `http://${reg.host}`,
      });
      await call(tooLate.key, "POST", "/v1/activation/enable", { scanTypes: ["image"] });
      await waitFor("the listing", async () => {
        const r = await call<RegistryView>(tooLate.key, "GET", `/v1/registries/${res.body.registry.id}`);
        return r.body.lastListedAt ?? undefined;
      });
      assert.deepEqual(await imagesOf(tooLate, res.body.registry.id), []);
    });

    test("notifications: a wrong token is 401; blob and untagged manifest events are ignored", async () => {
      const url = created.notificationUrl;
      const envelope = {
        events: [
          {
            action: "push",
            target: { mediaType: "application/octet-stream", digest: "sha256:aa", repository: "x" },
          },
          {
            action: "push",
            target: {
              mediaType: "application/vnd.oci.image.manifest.v1+json",
              digest: `sha256:${"b".repeat(64)}`,
              repository: "team/app",
            },
          },
        ],
      };
      const headers = { "content-type": "application/vnd.docker.distribution.events.v1+json" };
      const wrong = await call(undefined, "POST", url, envelope, {
        ...headers,
        authorization: "Bearer nope",
      });
      assert.equal(wrong.status, 401);
      const none = await call(undefined, "POST", url, envelope, headers);
      assert.equal(none.status, 401);
      const ok = await call<{ ignored: number; pushed: number }>(undefined, "POST", url, envelope, {
        ...headers,
        authorization: `Bearer ${created.notificationToken}`,
      });
      assert.deepEqual([ok.status, ok.body.pushed, ok.body.ignored], [200, 0, 2]);
    });

    test("discovery follows the catalog's Link pagination", async () => {
      const client = new RegistryClient(`http://${reg.host}`, { what: "test", pageSize: 1 });
      assert.deepEqual((await client.catalog()).sort(), ["base/bookworm", "team/app"]);
    });

    test("the configuration: defaults, validation, and refusals across accounts", async () => {
      const a = await account("config-a");
      const b = await account("config-b");
      const got = await call<{ imageRescan: unknown }>(a.key, "GET", "/v1/configuration");
      assert.deepEqual(got.body, { imageRescan: { pushDate: "DAYS_14", pullDate: "DAYS_14" } });
      const bad = await call<{ error: { message: string } }>(a.key, "PUT", "/v1/configuration", {
        imageRescan: { pushDate: "DAYS_7" },
      });
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.message, /body\.imageRescan\.pushDate/);
      const put = await call(a.key, "PUT", "/v1/configuration", {
        imageRescan: { pushDate: "DAYS_90", pullDate: "DAYS_180" },
        other: { kept: true },
      });
      assert.deepEqual(put.body, {
        imageRescan: { pushDate: "DAYS_90", pullDate: "DAYS_180" },
        other: { kept: true },
      });
      assert.equal((await call(b.key, "GET", `/v1/configuration?accountId=${a.id}`)).status, 404);
      assert.equal(
        (await call(b.key, "PUT", `/v1/configuration?accountId=${a.id}`, { imageRescan: {} })).status,
        404,
      );
    });

    test("registries of another account are 404 on every endpoint; the password is never returned", async () => {
      const other = await account("registry-stranger");
      const id = created.registry.id;
      const refused = [
        await call(other.key, "GET", `/v1/registries/${id}`),
        await call(other.key, "PATCH", `/v1/registries/${id}`, { name: "mine" }),
        await call(other.key, "DELETE", `/v1/registries/${id}`),
        await call(other.key, "GET", `/v1/registries/${id}/images`),
        await call(other.key, "GET", `/v1/registries?accountId=${owner.id}`),
        await call(other.key, "POST", "/v1/registries", {
          name: "x",
          url: "https://r.example",
          accountId: owner.id,
        }),
      ];
      assert.deepEqual(
        refused.map((r) => r.status),
        [404, 404, 404, 404, 404, 404],
      );
      const listed = await call<{ items: RegistryView[] }>(other.key, "GET", "/v1/registries");
      assert.deepEqual(listed.body.items, []);

      const withPassword = await call<Created>(owner.key, "POST", "/v1/registries", {
        name: "private",
        url: "registry.example.com",
        username: "ci",
        password: "hunter2-very-secret",
      });
      assert.equal(withPassword.status, 201);
      assert.equal(withPassword.body.registry.url, "https://registry.example.com");
      assert.equal(withPassword.body.registry.hasPassword, true);
      assert.ok(!JSON.stringify(withPassword.body).includes("hunter2"));
      const row = await svc.ctx.sdb.db
        .selectFrom("registries")
        .select("password_sealed")
        .where("id", "=", withPassword.body.registry.id)
        .executeTakeFirstOrThrow();
      assert.ok(row.password_sealed !== null && !row.password_sealed.includes("hunter2"));
      const patched = await call<RegistryView>(
        owner.key,
        "PATCH",
        `/v1/registries/${withPassword.body.registry.id}`,
        {
          password: null,
          inclusionRules: ["prod-*"],
        },
      );
      assert.deepEqual([patched.body.hasPassword, patched.body.inclusionRules], [false, ["prod-*"]]);
      const badUrl = await call<{ error: { message: string } }>(owner.key, "POST", "/v1/registries", {
        name: "bad",
        url: "ftp://x",
      });
      assert.equal(badUrl.status, 400);
      assert.match(badUrl.body.error.message, /body\.url/);
      const del = await call(owner.key, "DELETE", `/v1/registries/${withPassword.body.registry.id}`);
      assert.equal(del.status, 204);
    });
  });

  describe(`registry polling with token auth and stored credentials (${dialect})`, {
    skip: skip || missing,
  }, () => {
    const svc = useServiceApp(dialect, { vulnDb: vulnDbPath });
    let tokenReg: TestRegistry;
    let images: TestImages;
    before(async () => {
      images = await buildTestImages();
      svc.clock.advance(Date.now() - svc.clock.now().getTime());
      tokenReg = await startRegistry("token");
      await fixturePush(images.app, `${tokenReg.host}/team/app:1`);
      await fixturePush(images.app, `${tokenReg.host}/other/app:1`);
    });
    after(async () => {
      await tokenReg?.stop();
      images?.remove();
    });

    test("a private registry (no catalog access) is listed from its configured repositories, with its sealed password", async () => {
      const { key } = await createAccount(svc.ctx, "poller");
      const res = await svc.call<Created>(key.key, "POST", "/v1/registries", {
        name: "token registry",
        url: `http://${tokenReg.host}`,
        username: TEST_USER,
        password: TEST_PASSWORD,
        repositories: ["team/app", "other/app"],
        inclusionRules: ["team"],
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.ok(res.body.discoveryJobId);
      await createWorker(svc.ctx).drain();
      const listed = await svc.call<{ items: RegistryImageView[] }>(
        key.key,
        "GET",
        `/v1/registries/${res.body.registry.id}/images`,
      );
      assert.deepEqual(
        listed.body.items.map((i) => [i.repository, i.coverage.status, i.lastScanError]),
        [["team/app", "SCANNING", null]],
      );
      assert.ok(
        tokenReg.tokenRequests.some((t) => t.authorized && t.scope === "repository:team/app:pull"),
        "the stored password was opened and sent to the token service",
      );

      // A new tag pushed with a new image: the next poll finds it.
      await fixturePush(images.base, `${tokenReg.host}/team/app:base`);
      const polled = await pollRegistry(svc.ctx, res.body.registry.id);
      assert.equal(polled.queued.length, 1);
      await createWorker(svc.ctx).drain();
      const after = await svc.call<{ items: RegistryImageView[] }>(
        key.key,
        "GET",
        `/v1/registries/${res.body.registry.id}/images`,
      );
      assert.deepEqual(after.body.items.map((i) => i.tags).sort(), [["1"], ["base"]]);
      assert.ok(after.body.items.every((i) => i.coverage.status === "SCANNING"));

      // Wrong credentials: the listing error is kept on the registry, in words.
      await svc.call(key.key, "PATCH", `/v1/registries/${res.body.registry.id}`, {
        password: "wrong-password",
      });
      const failed = await pollRegistry(svc.ctx, res.body.registry.id);
      assert.match(failed.error ?? "", /token service .* HTTP 401; check the credentials/);
      const shown = await svc.call<RegistryView>(key.key, "GET", `/v1/registries/${res.body.registry.id}`);
      assert.equal(shown.body.lastError, failed.error);

      // Polling is a schedule of the shared scheduler; it goes with the registry.
      const schedule = await getSchedule(svc.ctx, `registry-poll:${res.body.registry.id}`);
      assert.deepEqual([schedule?.jobType, schedule?.everyMs], ["registry-poll", 60 * 60_000]);
      await svc.call(key.key, "DELETE", `/v1/registries/${res.body.registry.id}`);
      assert.equal(await getSchedule(svc.ctx, `registry-poll:${res.body.registry.id}`), undefined);
    });
  });
}
