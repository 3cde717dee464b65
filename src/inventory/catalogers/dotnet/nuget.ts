import { type PackageMaker, packageMaker } from "../found-package.js";

/** A NuGet package as a Package: ecosystem NuGet, `pkg:nuget/Newtonsoft.Json@13.0.3` (id as written). */
export const nugetPackage: PackageMaker = packageMaker("NuGet", "nuget");
