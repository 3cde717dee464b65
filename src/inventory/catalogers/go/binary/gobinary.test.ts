import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { gunzipSync } from "node:zlib";
import { InputError } from "../../../../errors.js";
import { context, fileFromDisk, fileFromText, testdata } from "../../test-support.js";
import { parseModInfo, readGoBuildInfo, stdlibVersion } from "./buildinfo.js";
import { parseExecutable } from "./executable.js";
import { goBinaryCataloger, goBinaryPackages } from "./gobinary.js";

const fixture = (p: string): string => testdata(import.meta.url, p);
const yamlcat = (): Buffer => gunzipSync(readFileSync(fixture("yamlcat.gz")));

/** `go version -m` output: first line "path: go1.x", then tab-indented build info lines. */
function goVersionM(text: string): { goVersion: string; lines: string } {
  const [first = "", ...rest] = text.split("\n");
  return {
    goVersion: first.slice(first.lastIndexOf(" ") + 1),
    lines: rest.map((l) => l.replace(/^\t/, "")).join("\n"),
  };
}

/** The reference: `go version -m` when Debian's golang-go is installed. */
function referenceGoVersion(binary: string): string | undefined {
  if (!existsSync("/usr/bin/go")) return undefined;
  return goVersionM(execFileSync("/usr/bin/go", ["version", "-m", binary], { encoding: "utf8" })).goVersion;
}

describe("Go binary cataloger", () => {
  test("yamlcat (real Go 1.19 build): stdlib, and the dep kept with its local-directory replacement noted", async () => {
    const { packages = [] } = await goBinaryCataloger.catalog(
      fileFromText("usr/local/bin/yamlcat", yamlcat(), 0o755),
      context(),
    );
    assert.deepEqual(
      packages.map((p) => [p.name, p.version, p.purl, p.metadata?.replacedBy]),
      [
        ["stdlib", "1.19.8", "pkg:golang/stdlib@v1.19.8", undefined],
        [
          "gopkg.in/yaml.v3",
          "3.0.1",
          "pkg:golang/gopkg.in/yaml.v3@v3.0.1",
          "/usr/share/gocode/src/gopkg.in/yaml.v3",
        ],
      ],
      "the (devel) main module is not a package",
    );
    assert.ok(packages.every((p) => p.ecosystem === "Go" && p.foundBy === "go-binary"));
  });

  test("yamlcat's build info reads exactly as `go version -m` prints it", () => {
    const exe = parseExecutable(yamlcat());
    assert.ok(exe);
    const info = readGoBuildInfo(exe);
    const want = goVersionM(readFileSync(fixture("yamlcat.go-version-m.txt"), "utf8"));
    assert.equal(info?.goVersion, want.goVersion);
    assert.deepEqual(info, parseModInfo(want.goVersion, want.lines));
    assert.equal(info?.settings.get("GOOS"), "linux");
  });

  test("the pre-1.18 layout (pointers to Go string headers) reads the same as the inline one", () => {
    const buf = Buffer.from(yamlcat());
    const exe = parseExecutable(buf);
    assert.ok(exe);
    const inline = readGoBuildInfo(exe);
    // Rewrite the real .go.buildinfo section the way Go <1.18 linkers laid it out: flags 0 (little-endian
    // pointers), two pointers to {data, len} string headers. The headers go where the 16-byte module-info
    // sentinels sit, which the reader never inspects; the string bytes stay where they are.
    const sec = exe.sections.find((s) => s.name === ".go.buildinfo");
    assert.ok(sec);
    const x = sec.offset;
    const a = sec.addr;
    assert.equal(buf[x + 32], 8, "version length varint");
    const versionAt = 33;
    let modLen = 0;
    let scale = 1;
    let at = 41;
    for (;;) {
      const b = buf[x + at++]!;
      modLen += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) break;
    }
    const modAt = at;
    buf[x + 15] = 0;
    buf.writeBigUInt64LE(a + BigInt(modAt), x + 16);
    buf.writeBigUInt64LE(a + BigInt(modAt + modLen - 16), x + 24);
    buf.writeBigUInt64LE(a + BigInt(versionAt), x + modAt);
    buf.writeBigUInt64LE(8n, x + modAt + 8);
    buf.writeBigUInt64LE(a + BigInt(modAt), x + modAt + modLen - 16);
    buf.writeBigUInt64LE(BigInt(modLen), x + modAt + modLen - 8);
    const pointed = readGoBuildInfo(parseExecutable(buf)!);
    assert.deepEqual(pointed, inline);
  });

  test("Debian's go command (/usr/lib/go-1.19/bin/go): stdlib at the toolchain version, as `go version -m` says", async (t) => {
    const path = "/usr/lib/go-1.19/bin/go";
    if (!existsSync(path)) return t.skip(`${path} absent: apt-get install golang-1.19-go`);
    const file = fileFromDisk(path, path.slice(1));
    assert.ok(goBinaryCataloger.wants(file));
    const { packages = [] } = await goBinaryCataloger.catalog(file, context());
    assert.equal(packages.length, 1);
    assert.equal(packages[0]?.name, "stdlib");
    assert.equal(packages[0]?.metadata?.mainPackage, "cmd/go");
    const ref = referenceGoVersion(path);
    if (ref) assert.equal(packages[0]?.version, stdlibVersion(ref));
  });

  for (const [path, pkg, mainPackage] of [
    ["/usr/bin/skopeo", "skopeo", "github.com/containers/skopeo/cmd/skopeo"],
    ["/usr/bin/umoci", "umoci", "github.com/opencontainers/umoci/cmd/umoci"],
  ] as const) {
    test(`Debian's ${pkg} (GOPATH build, no modules): only the stdlib package`, async (t) => {
      if (!existsSync(path)) return t.skip(`${path} absent: apt-get install ${pkg}`);
      const { packages = [] } = await goBinaryCataloger.catalog(fileFromDisk(path, path.slice(1)), context());
      assert.deepEqual(
        packages.map((p) => [p.name, p.metadata?.mainPackage]),
        [["stdlib", mainPackage]],
      );
      const ref = referenceGoVersion(path);
      if (ref) assert.equal(packages[0]?.version, stdlibVersion(ref));
    });
  }

  test("an executable Go did not build yields nothing", async () => {
    const { packages } = await goBinaryCataloger.catalog(
      fileFromDisk(process.execPath, process.execPath.slice(1)),
      context(),
    );
    assert.equal(packages, undefined);
  });

  test("wants executables of plausible size without an extension, and .exe files", () => {
    const mib = 1024 * 1024;
    assert.ok(goBinaryCataloger.wants({ path: "usr/bin/skopeo", size: 20 * mib, mode: 0o755 }));
    assert.ok(goBinaryCataloger.wants({ path: "app/server.exe", size: 20 * mib, mode: 0o644 }));
    assert.ok(
      !goBinaryCataloger.wants({ path: "usr/bin/skopeo", size: 20 * mib, mode: 0o644 }),
      "not executable",
    );
    assert.ok(!goBinaryCataloger.wants({ path: "usr/bin/tiny", size: 4096, mode: 0o755 }), "too small");
    assert.ok(
      !goBinaryCataloger.wants({ path: "usr/lib/libx.so.1", size: 20 * mib, mode: 0o755 }),
      "extension",
    );
    assert.ok(!goBinaryCataloger.wants({ path: "opt/run.sh", size: 20 * mib, mode: 0o755 }), "script");
  });

  test("a main module installed at a version is a package; a => module replacement swaps in the replacement", () => {
    // Build info as `go install example.com/tool@v1.4.0` writes it, with a module-to-module replace.
    const text = [
      "path\texample.com/tool/cmd/tool",
      "mod\texample.com/tool\tv1.4.0\th1:abc=",
      "dep\tgolang.org/x/net\tv0.7.0\th1:def=",
      "=>\tgithub.com/fork/net\tv0.8.1\th1:ghi=",
      "dep\tgolang.org/x/text\tv0.3.8\th1:jkl=",
      "build\t-compiler=gc",
    ].join("\n");
    const packages = goBinaryPackages(parseModInfo("go1.21.6", text), "bin/tool", "go-binary");
    assert.deepEqual(
      packages.map((p) => [
        p.name,
        p.version,
        p.metadata?.main ?? p.metadata?.replaces ?? p.metadata?.mainModule,
      ]),
      [
        ["stdlib", "1.21.6", "example.com/tool"],
        ["example.com/tool", "1.4.0", "true"],
        ["github.com/fork/net", "0.8.1", "golang.org/x/net@v0.7.0"],
        ["golang.org/x/text", "0.3.8", undefined],
      ],
    );
  });

  test("stdlib versions follow OSV's Go semver form", () => {
    assert.equal(stdlibVersion("go1.20"), "1.20.0");
    assert.equal(stdlibVersion("go1.21rc2"), "1.21.0-rc.2");
    assert.equal(stdlibVersion("go1.22.0 X:loopvar"), "1.22.0");
    assert.equal(stdlibVersion("devel go1.23-abcdef"), undefined);
  });

  test("a corrupted build info line is an InputError naming the binary and the line", async () => {
    const buf = Buffer.from(yamlcat());
    const sec = parseExecutable(buf)?.sections.find((s) => s.name === ".go.buildinfo");
    assert.ok(sec);
    const at = buf.indexOf("\ndep\tgopkg.in/yaml.v3", sec.offset);
    buf.write("\nxyz", at, "latin1");
    await assert.rejects(
      goBinaryCataloger.catalog(fileFromText("bin/yamlcat", buf, 0o755), context()),
      (e: unknown) => {
        assert.ok(e instanceof InputError);
        assert.match(
          e.message,
          /^bin\/yamlcat: unreadable Go build info: build info line 3 .*unknown line kind "xyz"; is the binary truncated or corrupted\?$/,
        );
        return true;
      },
    );
  });

  test("a truncated ELF is an InputError naming the binary", async () => {
    const buf = yamlcat().subarray(0, 4096);
    await assert.rejects(
      goBinaryCataloger.catalog(fileFromText("bin/cut", buf, 0o755), context()),
      /^InputError: bin\/cut: unreadable Go build info: .* outside the file; is the binary truncated or corrupted\?/,
    );
  });
});
