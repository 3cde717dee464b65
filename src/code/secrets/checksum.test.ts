import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { base62, crc32Base62, hasValidCrc32Checksum } from "./checksum.js";
import { checksummedToken, corruptChecksum, jwt, pypiToken, randomBytes } from "./test-support.js";
import { VERIFIERS } from "./verifiers.js";

const ctx = { jwtClaims: [{ sub: "1234567890", name: "John Doe" }] };
const check = (name: keyof typeof VERIFIERS, secret: string, groups: Record<string, string> = {}) =>
  VERIFIERS[name]({ secret, groups }, ctx);

describe("checksums", () => {
  test("base62 uses the 0-9A-Za-z alphabet, padded to 6 characters", () => {
    assert.equal(base62(0), "000000");
    assert.equal(base62(61), "00000z");
    assert.equal(base62(62), "000010");
    assert.equal(base62(0xffffffff), "4gfFC3");
  });

  test("a published GitHub-format example verifies (independent vector)", () => {
    // The worked example in therootcompany/base62-token.js's README (a generated token, not a credential).
    const token = ["ghp_", "zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ", "0mLq17"].join("");
    assert.equal(crc32Base62("zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ"), "0mLq17");
    assert.ok(hasValidCrc32Checksum(token));
  });

  for (const prefix of ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "npm_"]) {
    test(`${prefix} tokens: a valid checksum verifies, a corrupted one does not`, () => {
      for (let i = 0; i < 20; i++) {
        const token = checksummedToken(prefix, `vector-${i}`);
        assert.ok(hasValidCrc32Checksum(token), token.slice(0, 6));
        assert.ok(!hasValidCrc32Checksum(corruptChecksum(token)));
        // A change in the entropy part breaks it too (the checksum covers the 30 characters after the prefix).
        const flipped = token.slice(0, 10) + (token[10] === "a" ? "b" : "a") + token.slice(11);
        assert.ok(!hasValidCrc32Checksum(flipped));
      }
    });
  }

  test("the checksum does not cover the prefix: the same body under another prefix still verifies", () => {
    const token = checksummedToken("ghp_", "prefix");
    assert.ok(hasValidCrc32Checksum(`gho_${token.slice(4)}`));
  });

  test("wrong lengths and characters never verify", () => {
    const token = checksummedToken("ghp_", "length");
    assert.ok(!hasValidCrc32Checksum(token.slice(0, -1)));
    assert.ok(!hasValidCrc32Checksum(`${token}0`));
    assert.ok(!hasValidCrc32Checksum(`${token.slice(0, 20)}-${token.slice(21)}`));
  });
});

describe("verifiers", () => {
  test("github-token: checksum for classic tokens, format for fine-grained ones, reject on a bad checksum", () => {
    const good = check("github-token", checksummedToken("ghs_", "v"));
    assert.deepEqual(good, {
      ok: true,
      verified: "checksum",
      evidence: { tokenType: "server-to-server token" },
    });
    assert.equal(check("github-token", corruptChecksum(checksummedToken("ghp_", "v"))).ok, false);
    const pat = `github_pat_${"A1b2C3d4E5f6G7h8I9j0K1"}_${"x".repeat(59)}`;
    assert.deepEqual(check("github-token", pat), {
      ok: true,
      verified: "format",
      evidence: { tokenType: "fine-grained personal access token" },
    });
  });

  test("npm-token: checksum verified or rejected", () => {
    assert.equal(check("npm-token", checksummedToken("npm_", "n")).ok, true);
    assert.equal(check("npm-token", corruptChecksum(checksummedToken("npm_", "n"))).ok, false);
  });

  test("pypi-macaroon: the macaroon must be located at pypi.org or test.pypi.org", () => {
    assert.deepEqual(check("pypi-macaroon", pypiToken("p")), {
      ok: true,
      verified: "format",
      evidence: { index: "pypi.org" },
    });
    assert.deepEqual(check("pypi-macaroon", pypiToken("p", "test.pypi.org")), {
      ok: true,
      verified: "format",
      evidence: { index: "test.pypi.org" },
    });
    assert.equal(check("pypi-macaroon", pypiToken("p", "pypi.example.test")).ok, false);
    const bytes = Buffer.from(pypiToken("p").slice(5), "base64url");
    bytes[0] = 0x01; // macaroon version 1
    assert.equal(check("pypi-macaroon", `pypi-${bytes.toString("base64url")}`).ok, false);
  });

  test("azure-storage-key: exactly 64 bytes of base64", () => {
    assert.equal(check("azure-storage-key", randomBytes("a", 64).toString("base64")).ok, true);
    assert.equal(check("azure-storage-key", randomBytes("a", 63).toString("base64")).ok, false);
  });

  test("jwt: needs alg in a JSON header and a JSON object payload; reports alg, typ and expiry", () => {
    const token = jwt("j");
    assert.deepEqual(check("jwt", token), {
      ok: true,
      verified: "format",
      evidence: { alg: "HS256", typ: "JWT", expiresAt: "2100-01-01T00:00:00.000Z" },
    });
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    assert.equal(check("jwt", `${enc({ typ: "JWT" })}.${enc({ sub: "x" })}.sig`).ok, false);
    assert.equal(check("jwt", `${enc({ alg: "none" })}.${enc([1, 2])}.`).ok, false);
    // jwt.io's example claims are documentation, whatever the signature.
    assert.equal(check("jwt", jwt("j", { sub: "1234567890", name: "John Doe" })).ok, false);
  });

  test("database-url: a password equal to the user name is a local default", () => {
    assert.equal(check("database-url", "postgres", { user: "postgres", scheme: "postgres" }).ok, false);
    assert.deepEqual(check("database-url", "Xk29vQm7", { user: "app", scheme: "PostgreSQL", host: "db" }), {
      ok: true,
      verified: "none",
      evidence: { scheme: "postgresql", host: "db" },
    });
  });
});
