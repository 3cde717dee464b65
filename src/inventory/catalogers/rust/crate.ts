import { type PackageMaker, packageMaker } from "../found-package.js";

/** A Rust crate as a Package: ecosystem crates.io, `pkg:cargo/serde@1.0.152`. */
export const cratePackage: PackageMaker = packageMaker("crates.io", "cargo");
