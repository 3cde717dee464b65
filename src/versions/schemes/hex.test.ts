import { describe } from "node:test";
import fc from "fast-check";
import { type OrderCase, schemeTests } from "../test-support/scheme-tests.js";
import { hexScheme } from "./hex.js";

const shared = schemeTests(hexScheme, "Hex");

describe("hex scheme", () => {
  shared.referencePairs("Elixir's Version.compare", 90);

  const ordered: OrderCase[] = [
    ["1.0.0-rc.1", "1.0.0", -1],
    ["1.7.0-rc.2", "1.7.0-rc.10", -1],
    ["0.1.0-dev", "0.1.0", -1],
    ["2.0.0-alpha.2", "2.0.0-alpha.10", -1],
    ["1.0.0-0", "1.0.0-alpha", -1],
    ["1.0.0+build.1", "1.0.0+build.2", 0],
    ["1.0.0-rc.1+build.5", "1.0.0-rc.1", 0],
    ["1.6.16", "1.7.0-rc.0", -1],
  ];
  shared.orderCases(ordered);

  // Each of these is also :error for Elixir 1.14's Version.parse/1.
  const invalid = [
    "",
    "v1.0.0",
    "=1.0.0",
    "1.0",
    "1",
    "1.0.0.0",
    "01.0.0",
    "1.0.0-01",
    "1.0.0-",
    "1.0.0+",
    "1.0.0-a..b",
    "1.0.0-a_b",
    " 1.0.0",
    "1.0.0 ",
    "~> 1.0",
    ">= 1.0.0",
  ];
  shared.invalid(invalid);
});

describe("hex scheme properties", () => {
  const n = fc.nat({ max: 2 });
  const id = fc.constantFrom("0", "1", "2", "10", "rc", "dev", "alpha", "A");
  const version = fc
    .record({
      core: fc.tuple(n, n, n),
      pre: fc.array(id, { maxLength: 3 }),
      build: fc.array(id, { maxLength: 1 }),
    })
    .map(
      ({ core, pre, build }) =>
        `${core.join(".")}${pre.length ? `-${pre.join(".")}` : ""}${build.length ? `+${build.join(".")}` : ""}`,
    );

  shared.orderProperties(version);
});
