// Every variant the search knows, per dimension, most aggressive first within a dimension.
import { contextCopyVariants } from "./context-copies.js";
import { goStaticVariants } from "./go-static.js";
import { javaRuntimeVariants } from "./java-jlink.js";
import { nodeCacheVariants, nodeDepsVariants } from "./node-deps.js";
import { pythonPruneVariants } from "./python-prune.js";
import { pythonVenvVariants } from "./python-venv.js";
import { runtimeBaseVariants } from "./runtime-base.js";
import type { Variant, VariantInput } from "./types.js";

export type { Converted, SearchFacts, Variant, VariantInput } from "./types.js";
export { copiedVirtualenv } from "./python-venv.js";
export { contextCopies } from "./context-copies.js";
export { distrolessSibling, onlyAptInstall } from "./runtime-base.js";
export { unprunedApp } from "./node-deps.js";
export { STATIC_BASE } from "./go-static.js";

const SOURCES: ReadonlyArray<(input: VariantInput) => Variant[]> = [
  goStaticVariants,
  runtimeBaseVariants,
  javaRuntimeVariants,
  pythonVenvVariants,
  pythonPruneVariants,
  nodeDepsVariants,
  nodeCacheVariants,
  contextCopyVariants,
];

/** The applicable variants, grouped by dimension in a stable order. */
export function variantsFor(input: VariantInput): Variant[][] {
  const byDimension = new Map<string, Variant[]>();
  for (const source of SOURCES) for (const v of source(input)) byDimension.set(v.dimension, [...(byDimension.get(v.dimension) ?? []), v]);
  return [...byDimension.values()];
}
